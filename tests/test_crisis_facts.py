"""Crisis resources say exactly what the vetted table says: numbers, emergency numbers, flags."""

from __future__ import annotations

import re

import pytest

from pdcontent.content import Content

from .conftest import REPO

TABLE = (REPO.parent / "shared" / "references.md").read_text(encoding="utf-8")
ROWS = [
    [cell.strip() for cell in line.strip("|").split("|")]
    for line in TABLE.split("## Crisis and emergency contacts", 1)[1].split("##", 1)[0].splitlines()
    if line.startswith("| ") and not line.startswith("| region") and "---" not in line
]


#: each line and the region cell of its row in the table
ROW_OF = {
    "us-988-lifeline": "US",
    "gb-samaritans": "GB, IE",
    "ie-samaritans": "GB, IE",
    "de-telefonseelsorge": "DE",
    "fr-3114": "FR",
    "es-024": "ES",
    "at-telefonseelsorge": "AT",
    "ch-li-143": "CH, LI",
    "be-fr-prevention-suicide": "BE (French)",
    "be-nl-zelfmoordlijn": "BE (Dutch)",
    "ca-988": "CA",
    "mx-linea-de-la-vida": "MX",
    "eu-112": "EU (any)",
}


def test_every_vetted_row_has_its_lines(content: Content) -> None:
    assert sorted(set(ROW_OF.values())) == sorted(row[0] for row in ROWS)
    assert set(ROW_OF) == {r.id for r in content.crisis_resources if not r.fallback}


@pytest.mark.parametrize("resource_id", sorted(ROW_OF))
def test_every_line_matches_its_row(content: Content, resource_id: str) -> None:
    resource = content.crisis_resources.lookup(resource_id)
    (_, service, how, notes) = next(row for row in ROWS if row[0] == ROW_OF[resource_id])
    if resource.service is not None:
        assert resource.service == service
    for contact in resource.contacts:
        assert contact.number in how, (resource.id, contact.number)
    # flags only where the table says so; unset otherwise
    assert resource.free == (True if re.search(r"\bfree\b", notes) else None), resource.id
    assert resource.anonymous == (True if "anonymous" in notes else None), resource.id
    assert resource.available_24_hours == (True if "24 hours" in notes else None), resource.id
    emergency = notes.split("emergency:", 1)[1] if "emergency:" in notes else how
    for number in resource.emergency_numbers:
        assert re.search(rf"\b{number}\b", emergency), (resource.id, number)


def test_gb_and_ie_have_their_own_emergency_numbers(content: Content) -> None:
    (_, _, _, notes) = next(row for row in ROWS if row[1] == "Samaritans")
    assert "999 (GB)" in notes
    assert "112 or 999 (IE)" in notes
    assert content.crisis_resources.lookup("gb-samaritans").emergency_numbers == ("999",)
    assert content.crisis_resources.lookup("ie-samaritans").emergency_numbers == ("112", "999")


def test_fallback_points_to_local_emergency_numbers(content: Content) -> None:
    (fallback,) = [r for r in content.crisis_resources if r.fallback]
    assert set(fallback.emergency_numbers) == {"112", "911"}
    assert fallback.contacts == ()
