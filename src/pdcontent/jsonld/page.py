"""The page an item is published on: a ``MedicalWebPage`` with its editorial facts.

Every page says its language, audience, licence and when its text changed; it says when
it was last reviewed, and by whom, only where the item's review metadata records a
clinical review. Relations become links between pages; evidence becomes citations.
"""

from __future__ import annotations

from ..content import Content
from ..models import (
    KINDS,
    Editorial,
    Kind,
    Model,
    Phase,
    Reference,
    SessionGuide,
    forward_relations,
    kind_of,
)
from ..models.entries import CourseLength, Questions
from ..tags import SOURCE_LOCALE
from . import ids
from .things import Node, approach_reference, thing
from .types import PAGE_TYPE, PROJECTIONS, schema_type

#: the content's licence (LICENSE-CONTENT): the legal code's canonical URL
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: who to credit, as LICENSE-CONTENT asks, and who publishes the content
ATTRIBUTION = "pdcontent maintainers"
CREDIT_TEXT = f"{ATTRIBUTION}, licensed under CC BY 4.0"
#: relations shown as something richer than a link
_CITES, _USES = "evidence", "terms"


def page(content: Content, item: Editorial, base_url: str) -> Node:
    """The page of an editorial item, in the locale of ``content``."""
    kind = kind_of(item)
    item_id: str = item.id  # type: ignore[attr-defined]
    language = content.provenance(item).locale
    node: Node = {
        "@type": PAGE_TYPE,
        "@id": ids.page_url(base_url, kind, item_id, content.locale),
        "url": ids.page_url(base_url, kind, item_id, content.locale),
        "name": item.title,  # type: ignore[attr-defined]
        "description": item.summary,  # type: ignore[attr-defined]
        "inLanguage": language,
        "audience": [
            {"@type": "MedicalAudience", "audienceType": audience.value}
            for audience in content.metadata.audience
        ],
        "license": LICENSE_URL,
        "creditText": CREDIT_TEXT,
        "publisher": _publisher(),
        "isPartOf": _guide(content, base_url),
        "dateModified": item.updated.isoformat(),
    }
    reviewers = item.review.reviewers if item.review.status == "clinically-reviewed" else ()
    if reviewers:
        node["lastReviewed"] = max(r.reviewed_on for r in reviewers).isoformat()
        node["reviewedBy"] = [
            {
                "@type": "Person",
                "name": r.name,
                "hasCredential": {
                    "@type": "EducationalOccupationalCredential",
                    "name": r.credential,
                },
            }
            for r in reviewers
        ]
    if language != SOURCE_LOCALE:
        # a translation names the English page it was made from
        english = ids.page_url(base_url, kind, item_id, SOURCE_LOCALE)
        node["translationOfWork"] = {"@type": PAGE_TYPE, "@id": english}
    main = thing(content, item, base_url)
    if main is not None:
        node["mainEntity"] = main
    elif not PROJECTIONS[kind.name].types:
        node["about"] = approach_reference(content, base_url)
    if isinstance(item, Phase):
        node["position"] = item.order
    node.update(_links(content, item, kind, base_url))
    parts = _parts(content, item, kind, base_url)
    for link, nodes in parts.items():
        node.setdefault(link, []).extend(nodes)
    return node


def _publisher() -> Node:
    return {"@type": "Organization", "name": ATTRIBUTION}


def _guide(content: Content, base_url: str) -> Node:
    """The whole guide, as honest as we can be: a creative work, versioned and licensed."""
    return {
        "@type": "CreativeWork",
        "@id": ids.guide_id(base_url),
        "name": content.metadata.title,
        "version": content.metadata.content_version,
        "license": LICENSE_URL,
    }


def _links(content: Content, item: Model, kind: Kind, base_url: str) -> Node:
    """Each relation: evidence as citations, glossary terms as mentions, others as links."""
    out: Node = {}
    for rel in forward_relations(kind):
        targets = content.related(item, rel.field)
        if not targets:
            continue
        if rel.field == _CITES and rel.target.model is Reference:
            out["citation"] = [thing(content, target, base_url) for target in targets]
        elif rel.field == _USES:
            out["mentions"] = [
                {
                    "@type": schema_type(PROJECTIONS[rel.target.name].types),
                    "@id": ids.thing_id(base_url, rel.target, target.id),
                    "name": target.title,
                }
                for target in targets
            ]
        else:
            links = out.setdefault("relatedLink", [])
            links += [ids.page_url(base_url, rel.target, t.id, content.locale) for t in targets]
    return out


def _parts(content: Content, item: Model, kind: Kind, base_url: str) -> dict[str, list[Node]]:
    """Nested items (as their pages or things), questions and typed facts of a page."""
    out: dict[str, list[Node]] = {}
    for child in _children(kind):
        for nested in getattr(item, child.collection):
            if isinstance(nested, Editorial):
                url = ids.page_url(base_url, child, nested.id, content.locale)  # type: ignore[attr-defined]
                node = {"@type": PAGE_TYPE, "@id": url, "name": nested.title}  # type: ignore[attr-defined]
            else:
                node = thing(content, nested, base_url) or {}
            out.setdefault(PROJECTIONS[child.name].link, []).append(node)
    item_id: str = item.id  # type: ignore[attr-defined]
    if isinstance(item, Questions):
        questions = out.setdefault("hasPart", [])
        for name, texts in (
            ("ask-yourself", item.ask_yourself),
            ("ask-your-therapist", item.ask_your_therapist),
        ):
            questions += [
                {
                    "@type": "Question",
                    "@id": ids.part_id(base_url, kind, item_id, f"{name}-{n}"),
                    "name": text,
                    "position": n,
                }
                for n, text in enumerate(texts, start=1)
            ]
    sections = out.setdefault("hasPart", [])
    if isinstance(item, SessionGuide):
        sections.append(_section(base_url, kind, item_id, "if-overwhelmed", item.if_overwhelmed))
    if isinstance(item, CourseLength):
        short = _section(base_url, kind, item_id, "short-term", item.short_term_summary)
        short["about"] = {
            "@type": "QuantitativeValue",
            "@id": ids.part_id(base_url, kind, item_id, "short-term-sessions"),
            "minValue": item.short_term_sessions.min,
            "maxValue": item.short_term_sessions.max,
            "unitText": "sessions",
        }
        sections.append(short)
        sections.append(_section(base_url, kind, item_id, "long-term", item.long_term_summary))
    return {link: nodes for link, nodes in out.items() if nodes}


def _section(base_url: str, kind: Kind, item_id: str, part: str, text: str) -> Node:
    return {
        "@type": "WebPageElement",
        "@id": ids.part_id(base_url, kind, item_id, part),
        "text": text,
    }


def _children(kind: Kind) -> list[Kind]:
    return [k for k in KINDS if k.parent is kind]
