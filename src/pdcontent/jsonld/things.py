"""The thing an item describes, as a schema.org node: a condition, a treatment, a term.

Which properties a node gets follows from the model's fields (other names, codes, a
schedule's numbers), not from a list of kinds; the type comes from :mod:`.types`.
"""

from __future__ import annotations

import re
from typing import Any

from ..content import Content
from ..models import (
    Approach,
    Condition,
    CrisisResource,
    DiagnosisCode,
    Frequency,
    GlossaryTerm,
    Kind,
    Model,
    Reference,
    SessionGuide,
    kind_of,
)
from . import ids
from .crisis import organization
from .types import PROJECTIONS, schema_type

Node = dict[str, Any]

#: ISO 8601 durations for how often sessions take place
_REPEAT = {Frequency.WEEKLY: "P1W"}
#: UN/CEFACT common code for minutes, as schema.org's ``unitCode`` asks
_MINUTES = "MIN"


def reference(base_url: str, kind: Kind, item: Model) -> Node:
    """A pointer to another item's thing: its ``@id``, ``@type`` and name."""
    node: Node = {"@id": ids.thing_id(base_url, kind, item.id)}  # type: ignore[attr-defined]
    types = PROJECTIONS[kind.name].types
    if types:
        node["@type"] = schema_type(types)
    node["name"] = item.title  # type: ignore[attr-defined]
    return node


def approach_reference(content: Content, base_url: str) -> Node:
    """A pointer to the approach itself, which every page is about."""
    return reference(base_url, kind_of(Approach), content.approach)


def thing(content: Content, item: Model, base_url: str) -> Node | None:
    """The node for what ``item`` describes; ``None`` where the page itself is the item."""
    kind = kind_of(item)
    types = PROJECTIONS[kind.name].types
    if not types:
        return None
    if isinstance(item, CrisisResource):
        return organization(item, base_url, kind)
    item_id: str = item.id  # type: ignore[attr-defined]
    node: Node = {"@type": schema_type(types), "@id": ids.thing_id(base_url, kind, item_id)}
    if isinstance(item, Reference):
        node.update(_article(item))
        return node
    node["name"] = item.title  # type: ignore[attr-defined]
    node["description"] = item.summary  # type: ignore[attr-defined]
    names = getattr(item, "also_called", ())
    if names:
        node["alternateName"] = list(names)
    if isinstance(item, Condition):
        node.update(_condition(content, item, base_url, kind))
    elif isinstance(item, GlossaryTerm):
        node["termCode"] = item.id
        node["inDefinedTermSet"] = {"@type": "DefinedTermSet", "@id": ids.glossary_id(base_url)}
    elif isinstance(item, SessionGuide):
        node["repeatFrequency"] = _REPEAT[item.frequency]
        node["duration"] = {
            "@type": "QuantitativeValue",
            "minValue": item.minutes.min,
            "maxValue": item.minutes.max,
            "unitCode": _MINUTES,
        }
    return node


def _condition(content: Content, item: Condition, base_url: str, kind: Kind) -> Node:
    node: Node = {}
    if item.codes:
        node["code"] = [_code(code, base_url, kind, item.id) for code in item.codes]
    related = content.related(item, "related_approaches")
    treatments = [approach_reference(content, base_url)]
    treatments += [reference(base_url, kind_of(r), r) for r in related]
    node["possibleTreatment"] = treatments
    return node


def _code(code: DiagnosisCode, base_url: str, kind: Kind, item_id: str) -> Node:
    """A vetted diagnosis code; ``inCodeSet`` names the system by its OID or URI."""
    system = code.system
    identifier = system.identifier
    code_set = identifier if identifier.startswith("http") else f"urn:oid:{identifier}"
    return {
        "@type": "MedicalCode",
        "@id": ids.part_id(base_url, kind, item_id, f"code-{system.value}-{code.code}"),
        "codeValue": code.code,
        # the system's name as people write it ("ICD-10-CM"), without the region note
        "codingSystem": re.sub(r"\s*\(.*\)$", "", system.display_name),
        "inCodeSet": code_set,
        "name": code.display,
    }


def _article(item: Reference) -> Node:
    """A vetted reference as a scholarly article: bibliographic fields as published."""
    return {
        "name": item.title,
        "headline": item.title,
        "description": item.summary,
        # one text, as published: splitting "A, B and C" into people would be a guess
        "author": item.authors,
        "datePublished": str(item.year),
        "isPartOf": {"@type": "Periodical", "name": item.journal},
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": item.doi},
        "sameAs": item.url,
        "url": item.url,
    }
