"""One JSON-LD document per item and locale: its page, or the thing itself for a part.

Items with editorial metadata (every entry, term, reference and crisis resource) are
published as pages; the parts listed inside an entry without a page of their own (what
to expect in sessions, the kinds of licensed professional) are documents of their own
thing, pointing at the page they are part of.
"""

from __future__ import annotations

from typing import Any

from ..content import Content
from ..models import KINDS, Editorial, Kind, Model, kind_of
from . import ids
from .page import page
from .things import thing
from .types import CONTEXT, PAGE_TYPE, PROJECTIONS


def document(content: Content, item: Model, *, base_url: str) -> dict[str, Any]:
    """The JSON-LD document of ``item`` in the locale of ``content``.

    ``base_url`` (``https://example.org``) makes every ``@id``; :class:`ValueError`
    unless it is an absolute http(s) URL. :class:`LookupError` when ``item`` is not a
    kind of item or not part of ``content``.
    """
    base = ids.check_base_url(base_url)
    kind = kind_of(item)
    if isinstance(item, Editorial):
        # page() asks for the item's provenance, which refuses an item of other content
        return {"@context": CONTEXT, **page(content, item, base)}
    node = thing(content, item, base)
    assert node is not None, f"{kind.name} has a type in PROJECTIONS"
    parent = _parent(content, item, kind)
    if PROJECTIONS[kind.name].link == "hasPart":
        # a part of a page is a creative work: it says its language and where it stands
        node["inLanguage"] = content.provenance(parent).locale
        assert kind.parent is not None
        url = ids.page_url(base, kind.parent, parent.id, content.locale)  # type: ignore[attr-defined]
        node["isPartOf"] = {"@type": PAGE_TYPE, "@id": url}
    return {"@context": CONTEXT, **node}


def _parent(content: Content, item: Model, kind: Kind) -> Model:
    """The item that lists ``item`` (a nested kind always has one)."""
    if kind.parent is not None:
        for parent in content.items(kind.parent):
            if any(nested is item for nested in getattr(parent, kind.collection)):
                return parent  # type: ignore[no-any-return]
    raise LookupError(f"this {type(item).__name__} is not part of the {content.locale} content")


def kind_named(name: str) -> Kind:
    """The kind called ``name`` (``glossary-term``); :class:`LookupError` for others."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise LookupError(f"no kind of item called {name[:40]!r}")


def lookup(content: Content, kind: Kind, item_id: str | None) -> Model:
    """The item of ``kind`` with ``item_id`` (none for a single entry); :class:`LookupError`."""
    items = content.items(kind)
    if not kind.many:
        if item_id is not None:
            raise LookupError(f"{kind.name} is a single entry: it has no ids")
        return items[0]  # type: ignore[no-any-return]
    if item_id is None:
        raise LookupError(f"{kind.name} needs an id")
    return items.lookup(item_id)  # type: ignore[no-any-return]


def documents(content: Content, *, base_url: str) -> dict[tuple[str, str | None], dict[str, Any]]:
    """Every item's document in the locale of ``content``: (kind name, id or None) -> it."""
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for kind in KINDS:
        for item in content.items(kind):
            key = item.id if kind.many else None
            out[(kind.name, key)] = document(content, item, base_url=base_url)
    return out
