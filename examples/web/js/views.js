// One function per page: it queries the API and returns the page's title, its nodes and
// the JSON-LD documents of the items it shows. Every item's element gets ``lang`` when
// the API says its text came from another locale than the page's (a fallback).

import { query } from "./api.js";
import { h, langOf, serviceLang, trustedHtml } from "./dom.js";

/** The section of the site an EntryType belongs to (search hits, "used in" links). */
export const SECTION_OF = {
  APPROACH: "",
  RELATED_APPROACH: "",
  PRINCIPLE: "principles",
  TECHNIQUE: "techniques",
  CONDITION: "conditions",
  SESSION_GUIDE: "sessions",
  PHASE: "sessions",
  COURSE_LENGTH: "sessions",
  QUALIFICATION: "qualifications",
  CONSIDERATION: "considerations",
  GLOSSARY_TERM: "glossary",
  REFERENCE: "evidence",
  CRISIS_RESOURCE: "crisis",
};

const SECTION_OF_TYPENAME = {
  Approach: "",
  RelatedApproach: "",
  Principle: "principles",
  Technique: "techniques",
  Condition: "conditions",
  Phase: "sessions",
  GlossaryTerm: "glossary",
  Reference: "evidence",
};

/** The address of a page: ``#/de/conditions/depression``. */
export function href(locale, section = "", id = "") {
  return `#/${locale}/${section}${id ? `/${id}` : ""}`;
}

function body(item) {
  return item.body ? h("div", { class: "body" }, trustedHtml(item.body)) : null;
}

function meta(item, ctx) {
  const { t, locale } = ctx;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(
    new Date(`${item.updated}T00:00:00Z`),
  );
  return h("p", { class: "meta" },
    t.readingMinutes(item.readingMinutes), " · ", t.updated, " ",
    h("time", { datetime: item.updated }, date));
}

function list(label, values, ctx, level = 3) {
  if (!values?.length) return null;
  return h("div", { class: "facet" },
    h(`h${level}`, {}, label),
    h("ul", {}, values.map((v) => h("li", {}, v))));
}

function alsoCalled(item, ctx) {
  if (!item.alsoCalled?.length) return null;
  return h("p", { class: "also-called" },
    h("span", { class: "label" }, `${ctx.t.alsoCalled}: `),
    item.alsoCalled.join(", "));
}

function links(label, items, ctx, level = 3) {
  if (!items?.length) return null;
  return h("div", { class: "facet" },
    h(`h${level}`, {}, label),
    h("ul", { class: "inline-list" }, items.map((it) => h("li", { lang: langOf(it, ctx.locale) },
      h("a", { href: href(ctx.locale, SECTION_OF_TYPENAME[it.__typename] ?? "", it.id) }, it.title)))));
}

/** An item as an <article> with its heading; ``level`` is the heading's rank. */
function article(item, ctx, level, ...children) {
  return h("article", {
    id: `item-${item.id}`,
    class: "item",
    lang: langOf(item, ctx.locale),
    "aria-labelledby": `heading-${item.id}`,
  },
  h(`h${level}`, { id: `heading-${item.id}`, tabindex: "-1" }, item.title),
  alsoCalled(item, ctx),
  h("p", { class: "summary" }, item.summary),
  ...children,
  meta(item, ctx));
}

function section(title, ...children) {
  return [h("h1", { tabindex: "-1" }, title), ...children];
}

function ld(...items) {
  return items.flat().map((item) => item?.jsonLd).filter(Boolean);
}

async function home(ctx) {
  const { approach } = await query(ctx.documents.home, { locale: ctx.locale });
  const { t, locale } = ctx;
  const cards = ["principles", "techniques", "conditions", "sessions", "qualifications",
    "considerations", "glossary", "evidence", "crisis"];
  return {
    title: approach.title,
    nodes: [
      h("div", { class: "hero", lang: langOf(approach, locale) },
        h("h1", { tabindex: "-1" }, approach.title),
        h("p", { class: "lead" }, approach.summary),
        alsoCalled(approach, ctx)),
      h("div", { class: "cards" },
        h("ul", {}, cards.map((key) => h("li", {}, h("a", { href: href(locale, key) }, t[key]))))),
      h("div", { class: "approach", lang: langOf(approach, locale) },
        body(approach),
        h("h2", { id: "aims" }, t.aims),
        h("ul", {}, approach.aims.map((aim) => h("li", {}, aim))),
        meta(approach, ctx)),
      h("section", { "aria-labelledby": "forms" },
        h("h2", { id: "forms" }, t.forms),
        approach.relatedApproaches.map((form) =>
          article({ ...form, title: `${form.title} (${form.abbreviation})` }, ctx, 3, body(form)))),
    ],
    jsonLd: ld(approach, approach.relatedApproaches),
  };
}

async function principles(ctx) {
  const { principles: page } = await query(ctx.documents.principles, { locale: ctx.locale });
  return {
    title: ctx.t.principles,
    nodes: section(ctx.t.principles, page.items.map((p) =>
      article(p, ctx, 2, body(p), links(ctx.t.techniques, p.techniques, ctx)))),
    jsonLd: ld(page.items),
  };
}

async function techniques(ctx) {
  const { techniques: page } = await query(ctx.documents.techniques, { locale: ctx.locale });
  const { t } = ctx;
  return {
    title: t.techniques,
    nodes: section(t.techniques, page.items.map((x) =>
      article(x, ctx, 2, body(x),
        links(t.inPrinciples, x.principles, ctx),
        links(t.inPhases, x.phases, ctx),
        links(t.forConditions, x.conditions, ctx)))),
    jsonLd: ld(page.items),
  };
}

async function conditions(ctx) {
  if (ctx.id) return condition(ctx);
  const { conditions: page } = await query(ctx.documents.conditions, { locale: ctx.locale });
  return {
    title: ctx.t.conditions,
    nodes: section(ctx.t.conditions,
      h("ul", { class: "condition-list" }, page.items.map((c) =>
        h("li", { lang: langOf(c, ctx.locale) },
          h("h2", {}, h("a", { href: href(ctx.locale, "conditions", c.id) }, c.title)),
          alsoCalled(c, ctx),
          h("p", { class: "summary" }, c.summary))))),
    jsonLd: ld(page.items),
  };
}

function codes(item, ctx) {
  const { t } = ctx;
  if (!item.codes.length) return null;
  return h("div", { class: "facet" },
    h("h2", { id: "codes" }, t.codes),
    h("table", { class: "codes", "aria-labelledby": "codes" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t.codeSystem), h("th", { scope: "col" }, t.code),
        h("th", { scope: "col" }, t.codeName))),
      h("tbody", {}, item.codes.map((c) => h("tr", {},
        h("td", {}, c.codeSystemName),
        h("td", {}, h("code", {}, c.code)),
        // the classifications' own (English) names: the API does not translate them
        h("td", { lang: ctx.locale === "en" ? null : "en" }, c.display))))));
}

async function condition(ctx) {
  const { condition: c } = await query(ctx.documents.condition, { locale: ctx.locale, id: ctx.id });
  if (!c) return null;
  const { t, locale } = ctx;
  return {
    title: c.title,
    nodes: [
      h("p", { class: "breadcrumb" }, h("a", { href: href(locale, "conditions") }, t.allConditions)),
      h("article", { class: "item condition", lang: langOf(c, locale) },
        h("h1", { tabindex: "-1" }, c.title),
        alsoCalled(c, ctx),
        h("p", { class: "lead" }, c.summary),
        body(c),
        list(t.caveats, c.caveats, ctx, 2),
        links(t.usedTechniques, c.techniques, ctx, 2),
        links(t.forms, c.relatedApproaches, ctx, 2),
        codes(c, ctx),
        h("div", { class: "facet" },
          h("h2", {}, t.evidence),
          h("p", {}, c.evidenceNote),
          h("ul", {}, c.evidence.map((r) => h("li", { lang: langOf(r, locale) },
            h("a", { href: href(locale, "evidence", r.id) }, r.citation))))),
        meta(c, ctx)),
    ],
    jsonLd: ld(c),
  };
}

async function sessions(ctx) {
  const data = await query(ctx.documents.sessions, { locale: ctx.locale });
  const { sessionGuide: guide, phases, courseLength: course } = data;
  const { t, locale } = ctx;
  const { minutes } = guide;
  return {
    title: t.sessions,
    nodes: section(t.sessions,
      article(guide, ctx, 2,
        h("p", { class: "fact" }, t.sessionLength(minutes.min, minutes.max)),
        body(guide),
        h("div", { class: "facet" },
          h("h3", {}, t.expectations),
          h("dl", {}, guide.expectations.map((e) => [
            h("dt", { lang: langOf(e, locale) }, e.title),
            h("dd", { lang: langOf(e, locale) }, e.summary)]))),
        h("aside", { class: "callout", "aria-label": t.ifOverwhelmed },
          h("h3", {}, t.ifOverwhelmed), h("p", {}, guide.ifOverwhelmed))),
      h("section", { "aria-labelledby": "phases" },
        h("h2", { id: "phases" }, t.phases),
        h("ol", { class: "phases" }, phases.items.map((p) => h("li", {},
          article({ ...p, title: `${t.phase(p.order)}: ${p.title}` }, ctx, 3,
            p.subtitle ? h("p", { class: "subtitle" }, p.subtitle) : null,
            body(p),
            links(t.techniques, p.techniques, ctx)))))),
      article(course, ctx, 2,
        h("p", { class: "fact" },
          t.shortTerm(course.shortTermSessions.min, course.shortTermSessions.max)),
        h("p", {}, course.shortTermSummary),
        h("p", { class: "fact" },
          t.longTerm(t.units[course.longTermSpan.minUnit], t.units[course.longTermSpan.maxUnit])),
        h("p", {}, course.longTermSummary),
        body(course))),
    jsonLd: ld(guide, phases.items, course),
  };
}

function questions(item, ctx) {
  return [
    list(ctx.t.askYourself, item.askYourself, ctx),
    list(ctx.t.askYourTherapist, item.askYourTherapist, ctx),
  ];
}

async function qualifications(ctx) {
  const { qualifications: page } = await query(ctx.documents.qualifications, { locale: ctx.locale });
  const { t, locale } = ctx;
  return {
    title: t.qualifications,
    nodes: section(t.qualifications, page.items.map((q) =>
      article(q, ctx, 2, body(q),
        q.licenceKinds.length
          ? h("div", { class: "facet" }, h("h3", {}, t.licences),
              h("dl", {}, q.licenceKinds.map((k) => [
                h("dt", { lang: langOf(k, locale) }, k.title),
                h("dd", { lang: langOf(k, locale) }, k.summary)])))
          : null,
        questions(q, ctx)))),
    jsonLd: ld(page.items),
  };
}

async function considerations(ctx) {
  const { considerations: page } = await query(ctx.documents.considerations, { locale: ctx.locale });
  return {
    title: ctx.t.considerations,
    nodes: section(ctx.t.considerations, page.items.map((c) =>
      article(c, ctx, 2, body(c), questions(c, ctx)))),
    jsonLd: ld(page.items),
  };
}

async function glossary(ctx) {
  const { glossary: page } = await query(ctx.documents.glossary, { locale: ctx.locale });
  const { t, locale } = ctx;
  const items = [...page.items].sort((a, b) => a.title.localeCompare(b.title, locale));
  return {
    title: t.glossary,
    nodes: section(t.glossary, items.map((g) =>
      article(g, ctx, 2, body(g),
        links(t.seeAlso, g.seeAlso, ctx),
        g.usedBy.length
          ? h("div", { class: "facet" }, h("h3", {}, t.usedBy),
              h("ul", { class: "inline-list" }, g.usedBy.map((ref) => h("li", {},
                h("a", { href: href(locale, SECTION_OF[ref.type], ref.id) }, ref.title)))))
          : null))),
    jsonLd: ld(items),
  };
}

async function evidence(ctx) {
  const { references: page } = await query(ctx.documents.evidence, { locale: ctx.locale });
  const { t, locale } = ctx;
  return {
    title: t.evidence,
    nodes: section(t.evidence, page.items.map((r) =>
      article(r, ctx, 2,
        h("p", { class: "citation" }, r.citation),
        h("p", {}, h("a", { href: r.url, rel: "noopener noreferrer" }, t.article),
          r.doi ? [" · DOI ", h("code", {}, r.doi)] : null),
        links(t.forConditions, r.conditions, ctx)))),
    jsonLd: ld(page.items),
  };
}

function contacts(resource, ctx) {
  return h("ul", { class: "contacts" }, resource.contacts.map((c) => h("li", {},
    h("a", { class: "tel", href: c.tel },
      `${c.kind === "TEXT" ? ctx.t.text : ctx.t.call} ${c.number}`))));
}

function crisisItem(resource, ctx, level) {
  const { t, locale } = ctx;
  const flags = [resource.free && t.free, resource.anonymous && t.anonymous,
    resource.available24Hours && t.allDay].filter(Boolean);
  const named = { ...resource, title: resource.service ?? resource.title };
  const node = article(named, ctx, level,
    resource.service ? h("p", { class: "subtitle" }, resource.title) : null,
    contacts(resource, ctx),
    flags.length ? h("p", { class: "flags" }, flags.join(" · ")) : null,
    resource.languages.length
      ? h("p", {}, `${t.languages}: `, resource.languages.map((l) => ctx.languageName(l)).join(", "))
      : null,
    resource.emergencyNumbers.length
      ? h("p", {}, `${t.emergency}: `, resource.emergencyNumbers.join(", "))
      : null);
  const own = serviceLang(resource, locale);
  if (own) node.querySelector(`#heading-${resource.id}`).lang = own;
  return node;
}

async function crisis(ctx) {
  const { t, locale, region } = ctx;
  const all = (await query(ctx.documents.crisis, { locale })).crisisResources.items;
  const nodes = [h("h1", { tabindex: "-1" }, t.crisis)];
  let shown = all;
  if (region) {
    const mine = (await query(ctx.documents.crisis, { locale, region })).crisisResources.items;
    nodes.push(h("section", { class: "mine", "aria-labelledby": "mine" },
      h("h2", { id: "mine" }, t.crisisFor(ctx.regionName(region))),
      mine.map((r) => crisisItem(r, ctx, 3))));
    const ids = new Set(mine.map((r) => r.id));
    shown = all.filter((r) => !ids.has(r.id));
  }
  nodes.push(h("section", { "aria-labelledby": "all-lines" },
    h("h2", { id: "all-lines" }, t.crisisLines),
    shown.map((r) => crisisItem(r, ctx, 3))));
  return { title: t.crisis, nodes, jsonLd: ld(all) };
}

/** The pages by their first path segment. */
export const VIEWS = {
  "": home,
  principles,
  techniques,
  conditions,
  sessions,
  qualifications,
  considerations,
  glossary,
  evidence,
  crisis,
};
