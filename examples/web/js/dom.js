// Building DOM without innerHTML for anything but the API's sanitized HTML.

/** An element: ``h("a", { href }, "text", child)``; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Replace ``el``'s children; null/false are skipped (DOM replaceChildren prints "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * HTML the API has already sanitized (nh3: no script, style or event handlers) or
 * escaped (search snippets, where only <mark> is markup), as a fragment.
 */
export function trustedHtml(markup) {
  const template = document.createElement("template");
  template.innerHTML = markup;
  return template.content;
}

/** ``lang`` for a text that is not in the page's language (a fallback to English, say). */
export function langOf(item, pageLocale) {
  return item?.locale && item.locale !== pageLocale ? item.locale : null;
}

/**
 * ``lang`` for a crisis service's own name, which is never translated: the service's
 * language where it has one and that is not the page's ("Numéro national…" on an English
 * page is French). Services in several languages have names in several: no one tag fits.
 */
export function serviceLang(resource, pageLocale) {
  const [only, ...more] = resource.languages ?? [];
  if (!resource.service || !only || more.length) return null;
  return only.split("-")[0] === pageLocale.split("-")[0] ? null : only;
}
