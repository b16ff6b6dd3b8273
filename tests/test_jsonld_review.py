"""JSON-LD as a schema.org validator and a linked-data client read it: each finding a test.

Every ``@id`` a document names must be answerable by the route (the guide's and the
glossary's ``{base}/jsonld#…`` were not); ``codingSystem`` must be the classification's
name as search engines match it ("ICD-11", not "ICD-11 MMS"); an English classification
title on a German page must say it is English; and compaction with pyld must give back
the same graph. Expected values are written out here, not read from the code under test.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import pdcontent
from pdcontent import jsonld
from pdcontent.models import KINDS, Editorial, GlossaryTerm, kind_of

from . import schemaorg_vocab as vocab

LOCALES = ("en", "de", "es", "fr", "en-XA")
BASE = "https://example.org/api"

#: what schema.org's examples and search engines write, per inCodeSet (references.md)
CODING_SYSTEMS = {
    "urn:oid:2.16.840.1.113883.6.3": "ICD-10",
    "urn:oid:2.16.840.1.113883.6.90": "ICD-10-CM",
    "http://id.who.int/icd/release/11/mms": "ICD-11",
}


@cache
def documents(locale: str) -> dict[tuple[str, str | None], dict[str, Any]]:
    return jsonld.documents(pdcontent.load(locale), base_url=BASE)


def _nodes(value: Any) -> list[dict[str, Any]]:
    """Every node object in a document, nested ones included."""
    if isinstance(value, dict):
        found = [value] if "@id" in value else []
        return found + [n for v in value.values() for n in _nodes(v)]
    if isinstance(value, list):
        return [n for v in value for n in _nodes(v)]
    return []


def _resolve(iri: str) -> dict[str, Any]:
    """What ``GET`` of ``iri`` (without its fragment) answers, by the route's rules."""
    url = urlsplit(iri)
    assert f"{url.scheme}://{url.netloc}" == "https://example.org", iri
    path = unquote(url.path).removeprefix("/api")
    locale = parse_qs(url.query).get("locale", ["en"])[0]
    content = pdcontent.load(locale)
    if path == jsonld.ROUTE:
        return jsonld.index(content, base_url=BASE)
    parts = path.removeprefix(jsonld.ROUTE + "/").split("/")
    assert 1 <= len(parts) <= 2, iri
    kind = jsonld.kind_named(parts[0])
    item = jsonld.lookup(content, kind, parts[1] if len(parts) == 2 else None)
    return jsonld.document(content, item, base_url=BASE)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_id_dereferences_to_a_document_holding_it(locale: str) -> None:
    named = {
        node["@id"]
        for doc in documents(locale).values()
        for node in _nodes(doc)
        if node["@id"].startswith(BASE)
    }
    assert f"{BASE}/jsonld#guide" in named
    assert f"{BASE}/jsonld#glossary" in named
    answers: dict[str, dict[str, Any]] = {}
    for iri in sorted(named):
        page = iri.split("#")[0]
        if page not in answers:
            answers[page] = _resolve(page)
        if "#" in iri:
            held = {n["@id"] for n in _nodes(answers[page])}
            assert iri in held, f"{iri} is not in the document at {page}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_index_lists_every_page_and_every_term(locale: str) -> None:
    vocab.require_vocab()
    content = pdcontent.load(locale)
    index = jsonld.index(content, base_url=BASE)
    assert vocab.problems(vocab.expand(index)) == []
    guide, glossary = index["@graph"]
    assert (guide["@type"], guide["@id"]) == ("CreativeWork", f"{BASE}/jsonld#guide")
    assert guide["name"] == content.metadata.title
    assert guide["inLanguage"] == content.locale
    pages = {doc["@id"] for doc in documents(locale).values() if doc["@type"] == jsonld.PAGE_TYPE}
    editorial = sum(isinstance(item, Editorial) for kind in KINDS for item in content.items(kind))
    assert {p["@id"] for p in guide["hasPart"]} == pages
    assert len(guide["hasPart"]) == len(pages) == editorial
    assert (glossary["@type"], glossary["@id"]) == ("DefinedTermSet", f"{BASE}/jsonld#glossary")
    terms = content.items(kind_of(GlossaryTerm))
    assert [(t["@id"], t["name"]) for t in glossary["hasDefinedTerm"]] == [
        (f"{BASE}/jsonld/glossary-term/{t.id}#glossary-term", t.title) for t in terms
    ]


def test_the_index_refuses_a_bad_base() -> None:
    with pytest.raises(ValueError, match="absolute http"):
        jsonld.index(pdcontent.load("en"), base_url="example.org")


@pytest.mark.parametrize("locale", LOCALES)
def test_coding_systems_are_named_as_search_engines_match_them(locale: str) -> None:
    seen = set()
    for (kind, _), doc in documents(locale).items():
        if kind != "condition":
            continue
        for code in doc["mainEntity"].get("code", []):
            assert code["codingSystem"] == CODING_SYSTEMS[code["inCodeSet"]]
            seen.add(code["codingSystem"])
    assert seen == {"ICD-10", "ICD-10-CM", "ICD-11"}


@pytest.mark.parametrize("locale", LOCALES)
def test_english_code_titles_say_they_are_english(locale: str) -> None:
    content = pdcontent.load(locale)
    for condition in content.conditions:
        doc = documents(locale)[("condition", condition.id)]
        names = [c["name"] for c in doc["mainEntity"].get("code", [])]
        titles = [code.display for code in condition.codes]
        if doc["inLanguage"] == "en":
            assert names == titles
        else:
            assert names == [{"@value": t, "@language": "en"} for t in titles]
    vocab.require_vocab()
    expanded = vocab.expand(documents(locale)[("condition", "anxiety")])
    assert vocab.problems(expanded) == []


def _quads(document: dict[str, Any]) -> str:
    from pyld import jsonld as pyld

    options = {"documentLoader": vocab.offline_loader}
    canon: str = pyld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", **options}
    )
    return canon


@pytest.mark.parametrize("locale", ["en", "de"])
def test_compaction_round_trips_every_document(locale: str) -> None:
    vocab.require_vocab()
    from pyld import jsonld as pyld

    options = {"documentLoader": vocab.offline_loader}
    index = jsonld.index(pdcontent.load(locale), base_url=BASE)
    for doc in [*documents(locale).values(), index]:
        compacted = pyld.compact(pyld.expand(doc, options), jsonld.CONTEXT, options)
        assert _quads(compacted) == _quads(doc)
        assert _quads(doc).strip(), "the document says nothing as RDF"
