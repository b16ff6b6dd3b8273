"""Crisis resources as schema.org organizations with their contact points.

A line is reached by telephone (E.164 where the number has one; short codes such as 988
stay as dialled, since they only work inside their country); the flags the vetted table
states become what schema.org can say: ``TollFree`` for a free call, round-the-clock
``hoursAvailable``. "Anonymous" has no schema.org term and stays in the text.
"""

from __future__ import annotations

from typing import Any

from ..models import ContactKind, CrisisResource, Kind
from . import ids

_SCHEMA = "https://schema.org/"
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CONTACT_TYPE = {ContactKind.CALL: "crisis line", ContactKind.TEXT: "crisis text line"}


def organization(item: CrisisResource, base_url: str, kind: Kind) -> dict[str, Any]:
    """The organization behind a crisis line, with one contact point per way to reach it."""
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": ids.thing_id(base_url, kind, item.id),
        "name": item.service or item.title,
        "description": item.summary,
    }
    if item.regions:
        node["areaServed"] = list(item.regions)
    points = []
    for index, contact in enumerate(item.contacts, start=1):
        point: dict[str, Any] = {
            "@type": "ContactPoint",
            "@id": ids.part_id(base_url, kind, item.id, f"contact-{index}"),
            "contactType": _CONTACT_TYPE[contact.kind],
            "telephone": contact.international or contact.number.replace(" ", ""),
        }
        if item.languages:
            point["availableLanguage"] = list(item.languages)
        if item.regions:
            point["areaServed"] = list(item.regions)
        if item.free:
            point["contactOption"] = {"@id": _SCHEMA + "TollFree"}
        if item.available_24_hours:
            point["hoursAvailable"] = {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [{"@id": _SCHEMA + day} for day in _DAYS],
                "opens": "00:00:00",
                "closes": "23:59:59",
            }
        points.append(point)
    for number in item.emergency_numbers:
        points.append(
            {
                "@type": "ContactPoint",
                "@id": ids.part_id(base_url, kind, item.id, f"emergency-{number}"),
                "contactType": "emergency",
                "telephone": number,
            }
        )
    node["contactPoint"] = points
    return node
