"""Relations: every id resolves, and each relation can be walked both ways."""

from __future__ import annotations

import pytest

import pdcontent
from pdcontent.content import Content
from pdcontent.models import KINDS, RELATIONS, Relation


@pytest.mark.parametrize("rel", RELATIONS, ids=lambda r: f"{r.source.name}.{r.field}")
def test_every_relation_walks_both_ways(content: Content, rel: Relation) -> None:
    sources = content.items(rel.source)
    assert sources, f"no {rel.source.name} items"
    for item in sources:
        related = content.related(item, rel.field)
        stored = getattr(item, rel.field)
        if rel.ordered:
            assert related.ids() == stored
        else:  # a set of ids: related items come in the target collection's order
            assert set(related.ids()) == set(stored)
            order = content.items(rel.target).ids()
            assert list(related.ids()) == sorted(related.ids(), key=order.index)
        for target in related:
            assert item in content.referrers(target, rel.field, rel.source.model)
            assert item in content.referrers(target, rel.field)


def test_referrers_come_in_document_order(content: Content) -> None:
    order = {id(item): n for n, item in enumerate(x for kind in KINDS for x in content.items(kind))}
    for term in content.glossary:
        users = content.referrers(term, "terms")
        assert [order[id(u)] for u in users] == sorted(order[id(u)] for u in users)


def test_evidence_is_cited_by_conditions_and_specialised_approaches(content: Content) -> None:
    clarkin = content.references.lookup("clarkin-2007-tfp")
    citers = content.referrers(clarkin, "evidence")
    assert {type(c).__name__ for c in citers} >= {"RelatedApproach"}
    only = content.referrers(clarkin, "evidence", pdcontent.models.RelatedApproach)
    assert [c.id for c in only] == ["transference-focused-psychotherapy"]


def test_technique_phases_follow_phase_order(content: Content) -> None:
    for technique in content.techniques:
        phases = content.related(technique, "phases")
        assert [p.order for p in phases] == sorted(p.order for p in phases)


def test_typed_shortcuts_agree_with_the_generic_walks(content: Content) -> None:
    free = content.techniques.lookup("free-association")
    assert content.technique_principles(free) == content.related(free, "principles")
    for principle in content.principles:
        assert content.principle_techniques(principle), f"{principle.id} serves no technique"
        assert tuple(content.principle_techniques(principle)) == content.referrers(
            principle, "principles"
        )
    anxiety = content.conditions.lookup("anxiety")
    assert content.evidence(anxiety).ids() == anxiety.evidence


def test_every_phase_stresses_a_technique(content: Content) -> None:
    for phase in content.phases:
        assert content.referrers(phase, "phases"), f"phase {phase.id} stresses no technique"


def test_not_a_relation_is_a_lookup_error(content: Content) -> None:
    with pytest.raises(LookupError, match="not a relation"):
        content.related(content.techniques[0], "title")
    with pytest.raises(LookupError, match="not a kind"):
        content.related(content.session_guide.minutes, "min")


def test_personality_condition_links_both_specialised_approaches(content: Content) -> None:
    personality = content.conditions.lookup("personality-difficulties")
    assert set(content.related(personality, "related_approaches").ids()) == {
        "transference-focused-psychotherapy",
        "mentalization-based-treatment",
    }


def test_every_glossary_term_is_linked_from_a_text(content: Content) -> None:
    unused = [t.id for t in content.glossary if not content.referrers(t, "terms")]
    assert not unused


def test_every_reference_is_cited(content: Content) -> None:
    uncited = [r.id for r in content.references if not content.referrers(r, "evidence")]
    assert not uncited


def test_reference_urls_come_from_dois(content: Content) -> None:
    shedler = content.references.lookup("shedler-2010")
    assert shedler.doi == "10.1037/a0018378"
    assert shedler.url == "https://doi.org/10.1037/a0018378"


def test_provenance_refuses_items_of_other_content(content: Content) -> None:
    german = pdcontent.load("de")
    english_principle = content.principles[0]
    assert german.principles[0] is not english_principle
    with pytest.raises(LookupError, match="not part of the de content"):
        german.provenance(english_principle)
    assert german.provenance(german.principles[0]).locale == "de"
    assert content.provenance(english_principle).locale == "en"


def test_crisis_resources_by_region(content: Content) -> None:
    def numbers(region: str | None) -> set[str]:
        found = content.crisis_resources_for(region)
        return {c.number for r in found for c in r.contacts}

    assert "988" in numbers("US")
    assert "988" in numbers("us")
    assert "116 123" in numbers("GB")
    assert "116 123" in numbers("IE")
    assert [r.id for r in content.crisis_resources_for("GB")] == ["gb-samaritans"]
    assert [r.id for r in content.crisis_resources_for("IE")] == ["ie-samaritans", "eu-112"]
    assert content.crisis_resources_for("GB")[0].emergency_numbers == ("999",)
    assert content.crisis_resources_for("IE")[0].emergency_numbers == ("112", "999")
    assert {"0800 111 0 111", "0800 111 0 222"} <= numbers("DE")
    assert "3114" in numbers("FR")
    assert "024" in numbers("ES")
    fallback = content.crisis_resources_for("ZZ")
    assert len(fallback) == 1
    assert fallback[0].fallback
    assert set(fallback[0].emergency_numbers) == {"112", "911"}
    assert content.crisis_resources_for(None) == fallback


@pytest.mark.parametrize(
    ("locale", "first"),
    [
        ("fr-BE", "be-fr-prevention-suicide"),
        ("nl-BE", "be-nl-zelfmoordlijn"),
        ("de-AT", "at-telefonseelsorge"),
        ("it-CH", "ch-li-143"),
        ("es-US", "us-988-lifeline"),
    ],
)
def test_crisis_region_and_language_from_a_locale(
    content: Content, locale: str, first: str
) -> None:
    assert content.crisis_resources_for(locale=locale)[0].id == first


def test_crisis_contacts_have_e164_only_where_the_number_has_one(content: Content) -> None:
    for resource in content.crisis_resources:
        for contact in resource.contacts:
            digits = contact.number.replace(" ", "")
            if contact.international is None:
                assert len(digits) <= 6, (resource.id, contact.number)  # a short code
                assert contact.tel == f"tel:{digits}"
            else:
                # the same national number behind a country code
                assert contact.international.endswith(digits.lstrip("0")), resource.id
                assert contact.tel == f"tel:{contact.international}"
