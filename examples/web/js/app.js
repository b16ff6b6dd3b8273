// The site: a hash router (#/locale/section/id) over views.js, the language switcher,
// the crisis banner with its region, search as you type, and per-page JSON-LD and hreflang.

import { apiFeatures, query } from "./api.js";
import { fill, h, langOf, serviceLang, trustedHtml } from "./dom.js";
import { messages, uiLocale } from "./i18n.js";
import { enhanceTerms } from "./terms.js";
import { documents as allDocuments } from "./queries.js";
import { href, SECTION_OF, VIEWS } from "./views.js";

const REGION_KEY = "pdcontent-region";
const $ = (id) => document.getElementById(id);

const state = {
  locales: [], // LocaleInfo from the API
  documents: null,
  features: null,
  locale: null,
  chrome: null,
  firstRender: true,
  renderCount: 0,
};

function parseRoute() {
  const [, locale = "", section = "", id = ""] = location.hash.split("/").map(decodeURIComponent);
  return { locale, section, id };
}

function preferredLocale() {
  const codes = state.locales.map((l) => l.code);
  for (const tag of navigator.languages ?? [navigator.language]) {
    const exact = codes.find((c) => c.toLowerCase() === tag.toLowerCase());
    const language = codes.find((c) => c === tag.split("-")[0]);
    if (exact || language) return exact || language;
  }
  return codes[0] ?? "en";
}

// --- region ----------------------------------------------------------------------------

function region(locale) {
  // the reader's choice; else the page locale's country; else the browser's country where
  // the browser speaks the page's language (en page, en-GB browser: GB); else the country
  // CLDR's likely subtags give the language (de: DE, es: ES, fr: FR), as Intl knows them
  const chosen = localStorage.getItem(REGION_KEY);
  if (chosen !== null) return chosen;
  const country = (tag) => {
    const subtag = tag.split("-").slice(1).find((part) => /^[A-Z]{2}$/i.test(part));
    return subtag && subtag.toUpperCase() !== "XA" ? subtag.toUpperCase() : "";
  };
  const language = (tag) => tag.split("-")[0].toLowerCase();
  if (country(locale)) return country(locale);
  for (const tag of navigator.languages ?? []) {
    if (language(tag) === language(locale) && country(tag)) return country(tag);
  }
  try {
    return new Intl.Locale(language(locale)).maximize().region ?? "";
  } catch {
    return "";
  }
}

function displayNames(locale, type) {
  try {
    return new Intl.DisplayNames([locale, "en"], { type, fallback: "code" });
  } catch {
    return { of: (code) => code };
  }
}

function renderRegionPicker(locale, t, resources) {
  const names = displayNames(locale, "region");
  const codes = [...new Set(resources.flatMap((r) => r.regions))];
  codes.sort((a, b) => names.of(a).localeCompare(names.of(b), locale));
  const current = region(locale);
  const select = $("region");
  fill(select,
    h("option", { value: "" }, t.anyRegion),
    codes.map((code) => h("option", { value: code, selected: code === current }, names.of(code))),
  );
}

async function renderCrisisBanner(locale, t) {
  const code = region(locale);
  const name = code ? displayNames(locale, "region").of(code) : "";
  const line = $("crisis-line");
  line.href = href(locale, "crisis");
  line.textContent = code ? t.crisisFor(name) : t.crisisLines;
  const old = document.querySelector(".crisis-tel");
  old?.remove();
  if (!code) return;
  const { crisisResources } = await query(state.documents.crisisBanner, { locale, region: code });
  const first = crisisResources.items.find((r) => r.contacts.length);
  if (!first) return;
  const contact = first.contacts[0];
  const lang = first.service ? serviceLang(first, locale) : langOf(first, locale);
  line.after(h("a", { class: "crisis-tel", href: contact.tel, lang },
    `${first.service ?? first.title}: ${contact.number}`));
}

// --- chrome: language, sections, footer ------------------------------------------------

function renderChrome(locale, t, chrome) {
  const html = document.documentElement;
  const info = state.locales.find((l) => l.code === locale);
  html.lang = locale;
  html.dir = info?.direction ?? "ltr";
  // the UI words are English where the front end has no catalog for the locale
  const ui = uiLocale(locale);
  for (const part of document.querySelectorAll("body > header, body > footer, #crisis-banner, .skip-link")) {
    if (ui !== locale) part.lang = ui;
    else part.removeAttribute("lang");
  }
  document.querySelector(".skip-link").textContent = t.skip;
  $("crisis-banner-label").textContent = t.needHelp;
  document.querySelector(".region-label").textContent = t.region;
  $("search-label").textContent = t.search;
  $("site-title").textContent = chrome.contentInfo.title;
  $("site-title").href = href(locale);
  $("languages").setAttribute("aria-label", t.language);
  $("sections").setAttribute("aria-label", t.sections);
  renderRegionPicker(locale, t, chrome.crisisResources.items);

  const { translation } = chrome.contentInfo;
  fill($("footer"),
    h("p", { class: "urgent" }, chrome.contentInfo.urgentHelp, " ",
      h("a", { href: href(locale, "crisis") }, t.crisis)),
    h("p", {}, chrome.contentInfo.disclaimer),
    h("p", {}, t.notReviewed),
    translation.note ? h("p", {}, `${t.translation}: ${translation.note}`) : null,
    h("p", {}, `${chrome.contentInfo.licence}`),
  );
}

function renderNav(locale, t, route) {
  const keys = ["", "principles", "techniques", "conditions", "sessions", "qualifications",
    "considerations", "glossary", "evidence", "crisis"];
  fill($("sections"), h("ul", {}, keys.map((key) => h("li", {},
    h("a", { href: href(locale, key), "aria-current": key === route.section ? "page" : null },
      key ? t[key] : t.home)))));
  fill($("languages"), h("ul", {}, state.locales.map((l) => h("li", {},
    h("a", {
      href: href(l.code, route.section, route.id),
      hreflang: l.code,
      lang: l.code,
      "aria-current": l.code === locale ? "true" : null,
    }, l.nativeName)))));
}

function renderAlternates(route) {
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach((el) => el.remove());
  const base = location.href.split("#")[0];
  // the pseudo-locale is for testing, not a language to offer search engines
  const real = state.locales.filter((l) => !l.pseudo);
  for (const l of real) {
    document.head.append(h("link", {
      rel: "alternate", hreflang: l.code, href: base + href(l.code, route.section, route.id),
    }));
  }
  const source = real.find((l) => l.source) ?? real[0];
  if (source) {
    document.head.append(h("link", {
      rel: "alternate", hreflang: "x-default", href: base + href(source.code, route.section, route.id),
    }));
  }
}

function renderJsonLd(docs) {
  document.querySelectorAll('script[type="application/ld+json"]').forEach((el) => el.remove());
  for (const doc of docs) {
    // textContent, not innerHTML: the document stays data, whatever its strings hold
    const script = h("script", { type: "application/ld+json" });
    script.textContent = JSON.stringify(doc);
    document.head.append(script);
  }
}

// --- search ----------------------------------------------------------------------------

const SEARCH_DELAY_MS = 250;
let searchTimer = 0;
let searchSeq = 0;

function clearResults() {
  fill($("search-results"));
  $("search-results").hidden = true;
}

async function runSearch(text) {
  const seq = ++searchSeq;
  const locale = state.locale;
  const t = messages(locale);
  if (text.trim().length < 2) {
    clearResults();
    $("search-status").textContent = "";
    return;
  }
  $("search-status").textContent = t.searching;
  let hits = [];
  try {
    const variables = { locale, query: text.trim() };
    if (state.features.searchRegion && region(locale)) variables.region = region(locale);
    hits = (await query(state.documents.search, variables)).search;
  } catch {
    hits = []; // a query the index cannot parse finds nothing; the reader just types on
  }
  if (seq !== searchSeq) return; // a newer keystroke has its own answer coming
  const list = $("search-results");
  fill(list, ...hits.map((hit) => h("li", { class: `hit hit-${SECTION_OF[hit.type] || "home"}` },
    h("a", { href: href(locale, SECTION_OF[hit.type], hit.id) },
      h("span", { class: "hit-title" }, hit.title),
      h("span", { class: "hit-kind" }, t[SECTION_OF[hit.type]] ?? t.home),
      // escaped by the API, with the matches in <mark>
      h("span", { class: "hit-snippet" }, trustedHtml(hit.snippet))))));
  list.hidden = hits.length === 0;
  $("search-status").textContent = hits.length ? t.results(hits.length) : t.noResults;
}

function setUpSearch() {
  const input = $("search-input");
  input.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => runSearch(input.value), SEARCH_DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      runSearch("");
    }
  });
  $("search-results").addEventListener("click", (event) => {
    if (event.target.closest("a")) clearResults();
  });
}

// --- pages -----------------------------------------------------------------------------

async function render({ keepFocus = false } = {}) {
  const route = parseRoute();
  if (!state.locales.some((l) => l.code === route.locale)) {
    location.replace(href(preferredLocale(), route.section, route.id));
    return;
  }
  const seq = ++state.renderCount;
  const { locale } = route;
  const t = messages(locale);
  const main = $("main");
  main.setAttribute("aria-busy", "true");
  if (state.locale !== locale) {
    const chrome = await query(state.documents.chrome, { locale });
    state.locale = locale;
    state.chrome = chrome;
    renderChrome(locale, t, chrome);
    // results on show stay on show, in the new language
    if (!$("search-results").hidden) runSearch($("search-input").value);
  }
  renderNav(locale, t, route);
  renderAlternates(route);
  const view = VIEWS[route.section];
  const ctx = {
    locale, t, id: route.id, documents: state.documents,
    region: region(locale),
    regionName: (code) => displayNames(locale, "region").of(code),
    languageName: (code) => displayNames(locale, "language").of(code),
  };
  let page;
  try {
    const [result] = await Promise.all([view ? view(ctx) : null, renderCrisisBanner(locale, t)]);
    page = result ?? { title: t.notFound, nodes: [h("h1", { tabindex: "-1" }, t.notFound)], jsonLd: [] };
  } catch (error) {
    page = { title: t.loadError, nodes: [h("h1", { tabindex: "-1" }, t.loadError)], jsonLd: [] };
    console.warn(error); // shown to developers; the reader sees the message above
  }
  if (seq !== state.renderCount) return; // the reader has moved on
  fill(main, ...page.nodes.flat());
  enhanceTerms(main, { locale, t, documents: state.documents });
  renderJsonLd(page.jsonLd);
  document.title = `${page.title} · ${state.chrome.contentInfo.title}`;
  main.setAttribute("aria-busy", "false");
  const target = route.id && route.section !== "conditions" ? $(`heading-${route.id}`) : null;
  if (keepFocus) {
    // the region picker re-rendered the page: the reader's focus stays on the picker
  } else if (target) {
    target.focus();
  } else if (!state.firstRender) {
    // a new page: move focus to its heading, as a full page load would reset it
    main.querySelector("h1")?.focus();
  }
  state.firstRender = false;
  document.documentElement.dataset.ready = `${locale}/${route.section}/${route.id}`;
}

async function start() {
  const [features, { locales }] = await Promise.all([
    apiFeatures(),
    query("query Locales { locales { code nativeName englishName direction pseudo source } }"),
  ]);
  state.locales = locales;
  state.features = features;
  state.documents = allDocuments(features);
  setUpSearch();
  $("region").addEventListener("change", (event) => {
    localStorage.setItem(REGION_KEY, event.target.value);
    state.locale = null; // re-render the banner and the crisis page for the new region
    render({ keepFocus: true });
  });
  document.addEventListener("click", (event) => {
    // the skip link's target would be read as a route: focus <main> instead
    if (event.target.closest("[data-skip]")) {
      event.preventDefault();
      $("main").focus();
    }
  });
  window.addEventListener("hashchange", render);
  await render();
}

start().catch((error) => {
  fill($("main"), h("h1", {}, messages("en").loadError));
  console.warn(error);
});
