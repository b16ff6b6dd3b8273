"""The knowledge response as an Atom 1.0 feed (RFC 4287), built with ElementTree.

The shape follows the Infobutton guide's knowledge response and the example payloads
of its Service-Oriented Architecture guide (the profile MedlinePlus Connect answers
in): a feed with ``title``, ``subtitle``, ``author``, ``updated``, ``id`` and one
``category`` per request parameter it answers (``scheme`` the parameter name, ``term``
its value); one ``entry`` per item with ``xml:lang``, ``title``, ``link rel="alternate"``,
``id``, ``updated`` and ``summary``. ElementTree escapes every text and attribute, so
content and request values can never break the markup.

What the recipient changes (``informationRecipient``): both get the same patient texts.
A provider's entries also carry each diagnosis code of the item as a ``category``
(``scheme`` the code system, ``urn:oid:…`` or ICD-11's URI; ``term`` the code;
``label`` the classification's title) and each reference cited as evidence as a
``link rel="related"`` to its DOI. Codes are not shown to patients: a portal shows the
text, and a code without its clinician's context explains nothing.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from typing import Any

from pdcontent._version import __version__
from pdcontent.content import Content
from pdcontent.models import KINDS, relation

from .links import DEFAULT_LINK_TEMPLATE, LinkTemplate
from .matching import Match
from .request import LANGUAGE, RECIPIENT, KnowledgeRequest, Recipient

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AUTHOR = "pdcontent"
#: the category scheme of an item's other names ("also called"); a bare name, as the
#: guide's own schemes (``mainSearchCriteria.v.c``) are
ALSO_CALLED = "alsoCalled"
JSON_LD = "application/ld+json"
#: an entry's id is the same IRI whatever the link template: its JSON-LD address here
_ENTRY_IDS = LinkTemplate(DEFAULT_LINK_TEMPLATE)


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """What the feed is built from: the request, where it came in, and the content."""

    request: KnowledgeRequest
    content: Content
    base: str  # scheme://host of the request
    self_url: str  # the request's own URL
    links: LinkTemplate


def build_feed(feed_request: FeedRequest, matches: list[Match]) -> ET.Element:
    """The Atom feed answering the request with ``matches``."""
    content, request = feed_request.content, feed_request.request
    meta = content.metadata
    # the namespace as a plain attribute: tags stay unqualified, so attributes (``rel``,
    # ``href``) need no prefix and the document reads as the guide's examples do
    feed = ET.Element(_atom("feed"), {"xmlns": ATOM_NS, XML_LANG: content.locale})
    _text(feed, "title", meta.title, type="text")
    _text(feed, "subtitle", f"{meta.disclaimer} {meta.urgent_help}", type="text")
    author = ET.SubElement(feed, _atom("author"))
    _text(author, "name", AUTHOR)
    _text(feed, "id", _feed_id(feed_request))
    updated = [d for d in (_updated(m.item) for m in matches) if d is not None]
    _text(feed, "updated", _timestamp(max(updated, default=_released(content))))
    _text(feed, "generator", "pdcontent", version=__version__)
    _text(feed, "rights", meta.licence)
    ET.SubElement(feed, _atom("link"), rel="self", href=feed_request.self_url)
    for scheme, term in _echo(request, content.locale):
        ET.SubElement(feed, _atom("category"), scheme=scheme, term=term)
    for match in matches:
        feed.append(_entry(feed_request, match))
    return feed


def to_xml(feed: ET.Element) -> bytes:
    """The feed as an XML document (UTF-8, with its declaration)."""
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def _entry(feed_request: FeedRequest, match: Match) -> ET.Element:
    content, item = feed_request.content, match.item
    origins = content.provenance(item)
    lang = origins.locale
    entry = ET.Element(_atom("entry"), {XML_LANG: lang})
    _text(entry, "title", item.title, type="text", lang=_lang_of(origins.fields, "title", lang))
    link = {
        "rel": "alternate",
        "href": feed_request.links.expand(feed_request.base, match.kind.name, item.id, lang),
        "hreflang": lang,
        "title": item.title,
    }
    if feed_request.links.is_default:
        link["type"] = JSON_LD
    ET.SubElement(entry, _atom("link"), link)
    _text(entry, "id", _ENTRY_IDS.expand(feed_request.base, match.kind.name, item.id, lang))
    _text(entry, "updated", _timestamp(_updated(item) or _released(content)))
    summary_lang = _lang_of(origins.fields, "summary", lang)
    _text(entry, "summary", item.summary, type="text", lang=summary_lang)
    for name in getattr(item, "also_called", ()):
        ET.SubElement(entry, _atom("category"), scheme=ALSO_CALLED, term=name)
    if feed_request.request.recipient is Recipient.PROVIDER:
        _provider_parts(entry, content, item)
    return entry


def _provider_parts(entry: ET.Element, content: Content, item: Any) -> None:
    """A provider's extras: the item's diagnosis codes and the evidence it cites."""
    for code in getattr(item, "codes", ()):
        scheme = code.system.identifier
        if not scheme.startswith("http"):
            scheme = f"urn:oid:{scheme}"  # an OID as an IRI (RFC 3061)
        ET.SubElement(entry, _atom("category"), scheme=scheme, term=code.code, label=code.display)
    try:
        relation(item, "evidence")
    except LookupError:
        return
    for reference in content.related(item, "evidence"):
        ET.SubElement(
            entry,
            _atom("link"),
            rel="related",
            href=reference.url,
            type="text/html",
            title=reference.citation,
        )


def _echo(request: KnowledgeRequest, locale: str) -> list[tuple[str, str]]:
    """The request parameters the feed answers, as the guide's feed categories show them."""
    echoed: list[tuple[str, str]] = []
    for criterion in request.criteria:
        for part, value in (
            ("c", criterion.code),
            ("cs", criterion.system_id),
            ("dn", criterion.display_name),
            ("ot", criterion.original_text),
        ):
            if value is not None:
                echoed.append((f"mainSearchCriteria.v.{part}{criterion.suffix}", value))
    echoed.append((RECIPIENT, request.recipient.value))
    echoed.append((LANGUAGE, locale))  # the language served, after CLDR fallback
    return echoed


def _feed_id(feed_request: FeedRequest) -> str:
    """A stable id per distinct request (the same for its Atom and JSON forms).

    A name-based UUID of the parameters the feed answers, as the guide's examples give
    feeds ``urn:uuid:`` ids.
    """
    echoed = _echo(feed_request.request, feed_request.content.locale)
    name = f"{feed_request.base}/infobutton?" + "&".join(f"{s}={t}" for s, t in echoed)
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _lang_of(fields: dict[str, Any], field: str, entry_lang: str) -> str | None:
    """The field's own language where it differs from the entry's (an English fallback)."""
    origin = fields.get(field)
    return origin.locale if origin is not None and origin.locale != entry_lang else None


def _updated(item: Any) -> date | None:
    value = getattr(item, "updated", None)
    return value if isinstance(value, date) else None


def _released(content: Content) -> date:
    """When the content last changed: the newest ``updated`` of any item."""
    dates = [
        d
        for kind in KINDS
        for d in (_updated(item) for item in content.items(kind))
        if d is not None
    ]
    return max(dates, default=content.metadata.created)


def _timestamp(day: date) -> str:
    """An RFC 3339 date-time, as Atom's date constructs require."""
    return f"{day.isoformat()}T00:00:00Z"


def _atom(name: str) -> str:
    """An element name of the feed (in the Atom namespace the root declares)."""
    return name


def _text(
    parent: ET.Element, name: str, text: str, *, lang: str | None = None, **attrs: str
) -> ET.Element:
    element = ET.SubElement(parent, _atom(name), attrs)
    if lang is not None:
        element.set(XML_LANG, lang)
    element.text = text
    return element
