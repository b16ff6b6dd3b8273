// Glossary terms in the text. The API renders `[word](term:id)` as
// <a href="#term-id" data-term="id">; each becomes a disclosure: a button (reachable by
// Tab, opened by Enter, Space or a click) that shows the term's short definition next to
// it, with a link to the glossary. Escape or a click elsewhere closes it (WCAG 1.4.13).

import { cached, query } from "./api.js";
import { fill, h, langOf } from "./dom.js";

let counter = 0;
let open = null; // the disclosure shown now: { button, tip }

function close({ focus = false } = {}) {
  if (!open) return;
  open.button.setAttribute("aria-expanded", "false");
  open.tip.hidden = true;
  if (focus) open.button.focus();
  open = null;
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && open) close({ focus: open.tip.contains(document.activeElement) || document.activeElement === open.button });
});
document.addEventListener("click", (event) => {
  if (open && !open.button.parentElement.contains(event.target)) close();
});

async function definition(id, locale, documents) {
  const known = cached("GlossaryTerm", id, locale);
  if (known) return known;
  return (await query(documents.term, { locale, id })).glossaryTerm;
}

/** Turn every term link under ``root`` into a definition disclosure. */
export function enhanceTerms(root, { locale, t, documents }) {
  for (const link of root.querySelectorAll("a[data-term]")) {
    const id = link.dataset.term;
    const tipId = `term-tip-${++counter}`;
    const button = h("button", {
      type: "button",
      class: "term",
      "aria-expanded": "false",
      "aria-controls": tipId,
    });
    button.append(...link.childNodes);
    const tip = h("span", { id: tipId, class: "term-tip", hidden: true });
    const wrap = h("span", { class: "term-wrap" }, button, tip);
    link.replaceWith(wrap);
    button.addEventListener("click", async () => {
      if (open?.button === button) return close();
      close();
      open = { button, tip };
      button.setAttribute("aria-expanded", "true");
      tip.hidden = false;
      if (!tip.dataset.filled) {
        const term = await definition(id, locale, documents).catch(() => null);
        fill(tip,
          term
            ? h("span", { lang: langOf(term, locale) },
                h("strong", { class: "term-title" }, term.title), " ", term.summary)
            : t.loadError,
          " ",
          h("a", { href: `#/${locale}/glossary/${id}` }, t.moreInGlossary),
        );
        tip.dataset.filled = "true";
      }
    });
  }
}
