"""``alsoCalled`` in the API: every locale serves its own names, and search finds them."""

from __future__ import annotations

from typing import Any

import pytest

import pdcontent

from .conftest import Api

QUERY = """
query($l: String) {
  approach(locale: $l) {
    alsoCalled
    relatedApproaches { id alsoCalled }
  }
  condition(id: "trauma", locale: $l) { alsoCalled }
  glossaryTerm(id: "defense-mechanism", locale: $l) { alsoCalled }
  technique(id: "free-association", locale: $l) { alsoCalled }
}
"""

SEARCH = "query($q: String!, $l: String) { search(query: $q, locale: $l, first: 3) { type id } }"


@pytest.mark.parametrize("locale", ["en", "de", "es", "fr", "en-XA"])
def test_every_locale_serves_its_names(api: Api, locale: str) -> None:
    data: dict[str, Any] = api.data(QUERY, {"l": locale})
    content = pdcontent.load(locale)
    assert data["approach"]["alsoCalled"] == list(content.approach.also_called)
    assert data["approach"]["alsoCalled"]
    related = {r["id"]: r["alsoCalled"] for r in data["approach"]["relatedApproaches"]}
    assert all(related.values())
    assert data["condition"]["alsoCalled"] == list(content.conditions.lookup("trauma").also_called)
    assert data["glossaryTerm"]["alsoCalled"]
    assert data["technique"]["alsoCalled"] == []  # no other name: an empty list, not null


def test_german_names_differ_from_english(api: Api) -> None:
    english = api.data(QUERY, {"l": "en"})["condition"]["alsoCalled"]
    german = api.data(QUERY, {"l": "de"})["condition"]["alsoCalled"]
    assert "PTSD" in english
    assert "PTBS" in german
    assert "PTSD" not in german


@pytest.mark.parametrize(
    ("locale", "query", "found"),
    [
        ("en", "psychodynamic counselling", ("APPROACH", "psychodynamic-therapy")),
        ("en", "PTSD", ("CONDITION", "trauma")),
        ("en", "defence mechanism", ("GLOSSARY_TERM", "defense-mechanism")),
        ("de", "tiefenpsychologisch fundierte", ("APPROACH", "psychodynamic-therapy")),
        ("de", "PTBS", ("CONDITION", "trauma")),
        ("es", "TEPT", ("CONDITION", "trauma")),
        ("fr", "phobie sociale", ("CONDITION", "anxiety")),
    ],
)
def test_search_finds_an_item_by_another_name(
    api: Api, locale: str, query: str, found: tuple[str, str]
) -> None:
    hits = api.data(SEARCH, {"q": query, "l": locale})["search"]
    assert (hits[0]["type"], hits[0]["id"]) == found, hits
