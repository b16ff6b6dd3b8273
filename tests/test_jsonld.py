"""JSON-LD for every item in every locale: schema.org admits every type and property used.

The vocabulary and the context come from ``../shared/vocab`` (skipped with a reason when
absent); documents are expanded by pyld offline, with a loader that refuses the network.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

import pdcontent
from pdcontent import jsonld
from pdcontent.content import Content
from pdcontent.models import KINDS, Editorial, ItemReview, Reviewer, kind_of

from . import schemaorg_vocab as vocab

LOCALES = ("en", "de", "es", "fr")
BASE = "https://example.org"


@cache
def all_documents(locale: str) -> dict[tuple[str, str | None], dict[str, Any]]:
    return jsonld.documents(pdcontent.load(locale), base_url=BASE)


def _every(locale: str) -> list[tuple[str, str | None]]:
    return list(all_documents(locale))


CASES = [(locale, key) for locale in LOCALES for key in _every(locale)]


@pytest.fixture(autouse=True)
def _vocab() -> None:
    vocab.require_vocab()


def test_the_table_covers_exactly_the_registry() -> None:
    assert set(jsonld.PROJECTIONS) == {kind.name for kind in KINDS}


def test_every_item_of_every_kind_has_a_document() -> None:
    for locale in LOCALES:
        content = pdcontent.load(locale)
        expected = sum(len(content.items(kind)) for kind in KINDS)
        assert len(all_documents(locale)) == expected
        assert {name for name, _ in all_documents(locale)} == {k.name for k in KINDS}


@pytest.mark.parametrize(("locale", "key"), CASES, ids=[f"{loc}-{k}-{i}" for loc, (k, i) in CASES])
def test_schemaorg_admits_the_document(locale: str, key: tuple[str, str | None]) -> None:
    document = all_documents(locale)[key]
    expanded = vocab.expand(document)
    assert expanded, "expansion kept nothing"
    assert vocab.problems(expanded) == []


def test_the_checker_catches_what_schemaorg_does_not_admit() -> None:
    # the checker must be able to fail: a made-up type, a made-up property, a property
    # on a type outside its domain, and a value outside the range
    bad = {
        "@context": jsonld.CONTEXT,
        "@type": "MedicalCondition",
        "@id": f"{BASE}/x",
        "codeValue": "F32",
        "madeUpProperty": "x",
        "possibleTreatment": {"@type": "PsychologicalTreatment", "name": "talking"},
        "subjectOf": {"@type": "NotAType"},
    }
    found = "\n".join(vocab.problems(vocab.expand(bad)))
    assert "codeValue is not admitted on ['https://schema.org/MedicalCondition']" in found
    assert "NotAType is not a schema.org class" in found
    assert "possibleTreatment value" in found
    # the context's @vocab keeps an unknown term as a schema.org IRI, which is then refused
    assert "https://schema.org/madeUpProperty is not a schema.org property" in found


def test_no_term_is_dropped_by_expansion() -> None:
    # every key of every document is a term of the context (pyld drops unknown ones)
    from pyld import jsonld as pyld_jsonld

    dropped: list[str | None] = []
    for locale in LOCALES:
        for document in all_documents(locale).values():
            pyld_jsonld.expand(
                document,
                {"documentLoader": vocab.offline_loader},
                on_property_dropped=dropped.append,
            )
    assert dropped == []


def test_the_loader_refuses_the_network() -> None:
    with pytest.raises(RuntimeError, match="offline"):
        vocab.offline_loader("https://example.org/context.jsonld", {})


def _nodes(value: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            out.append(current)
            stack += current.values()
        elif isinstance(current, list):
            stack += current
    return out


def test_no_review_is_invented() -> None:
    # today nothing is clinically reviewed: no document claims a review or a reviewer
    for locale in LOCALES:
        for document in all_documents(locale).values():
            for node in _nodes(document):
                assert "lastReviewed" not in node
                assert "reviewedBy" not in node


def test_a_real_review_is_stated_with_its_date() -> None:
    content = pdcontent.load("en")
    technique = content.techniques[0]
    reviewed = technique.model_copy(
        update={
            "review": ItemReview(
                status="clinically-reviewed",
                reviewers=(
                    Reviewer(
                        name="A. Reviewer",
                        credential="Licensed psychologist",
                        scope="all of it",
                        reviewed_on=technique.updated,
                    ),
                ),
            )
        }
    )
    tree = content.model_copy(update={"techniques": type(content.techniques)((reviewed,))})
    fresh = Content(**{name: getattr(tree, name) for name in Content.model_fields})
    document = jsonld.document(fresh, fresh.techniques[0], base_url=BASE)
    assert document["lastReviewed"] == technique.updated.isoformat()
    assert document["reviewedBy"][0]["name"] == "A. Reviewer"
    assert document["dateModified"] == technique.updated.isoformat()
    assert vocab.problems(vocab.expand(document)) == []


def test_every_page_says_language_audience_licence_and_change() -> None:
    for locale in LOCALES:
        content = pdcontent.load(locale)
        for kind in KINDS:
            if not issubclass(kind.model, Editorial):
                continue
            for item in content.items(kind):
                key = item.id if kind.many else None
                page = all_documents(locale)[(kind.name, key)]
                assert page["@type"] == jsonld.PAGE_TYPE
                assert page["inLanguage"] == content.provenance(item).locale
                assert page["license"] == "https://creativecommons.org/licenses/by/4.0/"
                assert page["dateModified"] == item.updated.isoformat()
                assert [a["audienceType"] for a in page["audience"]] == [
                    a.value for a in content.metadata.audience
                ]
                assert page["@id"] == f"{jsonld.item_url(BASE, kind, item.id)}?locale={locale}"


def test_conditions_carry_codes_other_names_and_treatments() -> None:
    content = pdcontent.load("de")
    for condition in content.conditions:
        thing = all_documents("de")[("condition", condition.id)]["mainEntity"]
        assert thing["@type"] == "MedicalCondition"
        codes = [(c["codingSystem"], c["codeValue"], c["name"]) for c in thing.get("code", [])]
        expected = [
            (code.system.display_name.split(" (")[0], code.code, code.display)
            for code in condition.codes
        ]
        assert codes == expected
        assert thing.get("alternateName", []) == list(condition.also_called)
        treatments = [t["@id"] for t in thing["possibleTreatment"]]
        assert treatments[0] == f"{BASE}/jsonld/approach#approach"
        assert len(treatments) == 1 + len(condition.related_approaches)
        citations = all_documents("de")[("condition", condition.id)].get("citation", [])
        assert [c["identifier"]["value"] for c in citations] == [
            r.doi for r in content.evidence(condition)
        ]
    # interpersonal difficulties is not a diagnosis: no code
    page = all_documents("en")[("condition", "interpersonal-difficulties")]
    assert "code" not in page["mainEntity"]


def test_glossary_terms_are_defined_terms_in_one_set() -> None:
    content = pdcontent.load("fr")
    sets = set()
    for term in content.glossary:
        thing = all_documents("fr")[("glossary-term", term.id)]["mainEntity"]
        assert thing["@type"] == "DefinedTerm"
        assert thing["name"] == term.title
        sets.add(thing["inDefinedTermSet"]["@id"])
    assert sets == {f"{BASE}/jsonld#glossary"}


def test_references_are_scholarly_articles_with_their_doi() -> None:
    for reference in pdcontent.load("en").references:
        thing = all_documents("en")[("reference", reference.id)]["mainEntity"]
        assert thing["@type"] == "ScholarlyArticle"
        assert thing["sameAs"] == f"https://doi.org/{reference.doi}"
        assert thing["identifier"] == {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": reference.doi,
        }


def test_crisis_lines_are_contact_points_with_dialable_numbers() -> None:
    content = pdcontent.load("de")
    for resource in content.crisis_resources:
        org = all_documents("de")[("crisis-resource", resource.id)]["mainEntity"]
        phones = [p["telephone"] for p in org["contactPoint"]]
        expected = [c.international or c.number.replace(" ", "") for c in resource.contacts]
        assert phones == expected + list(resource.emergency_numbers)
        for point in org["contactPoint"][: len(resource.contacts)]:
            assert ("hoursAvailable" in point) == bool(resource.available_24_hours)
            assert ("contactOption" in point) == bool(resource.free)
    berlin = all_documents("de")[("crisis-resource", "de-telefonseelsorge")]["mainEntity"]
    assert berlin["contactPoint"][0]["telephone"] == "+498001110111"


def test_translations_name_the_english_page_and_english_does_not() -> None:
    assert "translationOfWork" not in all_documents("en")[("approach", None)]
    german = all_documents("de")[("approach", None)]
    assert german["translationOfWork"]["@id"] == f"{BASE}/jsonld/approach?locale=en"
    assert german["inLanguage"] == "de"


def test_ids_are_stable_and_things_the_same_in_every_language() -> None:
    for key in _every("en"):
        things = set()
        for locale in LOCALES:
            document = all_documents(locale)[key]
            if "mainEntity" in document:
                things.add(document["mainEntity"]["@id"])
            elif "about" in document:
                things.add(document["about"]["@id"])  # the page is the item: about the approach
            else:
                things.add(document["@id"])
        assert len(things) == 1, key


def test_bad_input_is_a_clear_error() -> None:
    content = pdcontent.load("en")
    with pytest.raises(ValueError, match="absolute http"):
        jsonld.document(content, content.approach, base_url="example.org")
    with pytest.raises(LookupError, match="not part of the de content"):
        jsonld.document(pdcontent.load("de"), content.approach, base_url=BASE)
    with pytest.raises(LookupError):
        jsonld.document(content, content.metadata, base_url=BASE)
    with pytest.raises(LookupError, match="no kind"):
        jsonld.kind_named("nope")
    kind = kind_of(content.techniques[0])
    with pytest.raises(LookupError):
        jsonld.lookup(content, kind, "nope")


def test_a_trailing_slash_in_the_base_changes_nothing() -> None:
    content = pdcontent.load("es")
    assert jsonld.document(content, content.approach, base_url=BASE + "/") == jsonld.document(
        content, content.approach, base_url=BASE
    )
