"""The document at ``{base}/jsonld`` itself: the whole guide and its glossary.

Every page is ``isPartOf`` the guide (``{base}/jsonld#guide``) and every term is
``inDefinedTermSet`` the glossary (``{base}/jsonld#glossary``); a linked-data client
that follows those ``@id``s lands here and finds both nodes, with the pages and terms
they hold, in the locale of ``content``.
"""

from __future__ import annotations

from typing import Any

from ..content import Content
from ..models import KINDS, Editorial, GlossaryTerm, kind_of
from . import ids
from .page import LICENSE_URL, guide
from .types import CONTEXT, PAGE_TYPE


def index(content: Content, *, base_url: str) -> dict[str, Any]:
    """The guide and the glossary as one JSON-LD graph; :class:`ValueError` for a bad base."""
    base = ids.check_base_url(base_url)
    pages = [
        {"@type": PAGE_TYPE, "@id": ids.page_url(base, kind, _id(item), content.locale)}
        for kind in KINDS
        for item in content.items(kind)
        if isinstance(item, Editorial)
    ]
    terms = [
        {
            "@type": "DefinedTerm",
            "@id": ids.thing_id(base, kind_of(term), term.id),
            "name": term.title,
            "termCode": term.id,
        }
        for term in content.items(kind_of(GlossaryTerm))
    ]
    whole = {**guide(content, base), "inLanguage": content.locale, "hasPart": pages}
    glossary = {
        "@type": "DefinedTermSet",
        "@id": ids.glossary_id(base),
        "inLanguage": content.locale,
        "license": LICENSE_URL,
        "isPartOf": {"@type": "CreativeWork", "@id": ids.guide_id(base)},
        "hasDefinedTerm": terms,
    }
    return {"@context": CONTEXT, "@graph": [whole, glossary]}


def _id(item: Editorial) -> str:
    """An item's id; a single entry's is ignored by :func:`ids.page_url`."""
    return getattr(item, "id", "")
