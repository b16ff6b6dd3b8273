"""Relations: every id resolves, and each relation can be walked both ways."""

from __future__ import annotations

from pdcontent.content import Content


def test_technique_principle_relation_both_ways(content: Content) -> None:
    for technique in content.techniques:
        principles = content.technique_principles(technique)
        assert principles.ids() == technique.principles
        for principle in principles:
            assert technique in content.principle_techniques(principle)
    for principle in content.principles:
        assert content.principle_techniques(principle), f"{principle.id} serves no technique"


def test_technique_phase_relation_both_ways(content: Content) -> None:
    for technique in content.techniques:
        phases = content.technique_phases(technique)
        assert set(phases.ids()) == set(technique.phases)
        assert [p.order for p in phases] == sorted(p.order for p in phases)
        for phase in phases:
            assert technique in content.phase_techniques(phase)
    for phase in content.phases:
        assert content.phase_techniques(phase), f"phase {phase.id} stresses no technique"


def test_condition_relations_both_ways(content: Content) -> None:
    for condition in content.conditions:
        for technique in content.condition_techniques(condition):
            assert condition in content.technique_conditions(technique)
        for approach in content.condition_related_approaches(condition):
            assert condition in content.related_approach_conditions(approach)
        for reference in content.evidence(condition):
            assert condition in content.reference_citers(reference)
        assert content.evidence(condition).ids() == condition.evidence


def test_personality_condition_links_both_specialised_approaches(content: Content) -> None:
    personality = content.conditions.lookup("personality-difficulties")
    assert set(content.condition_related_approaches(personality).ids()) == {
        "transference-focused-psychotherapy",
        "mentalization-based-treatment",
    }


def test_glossary_relations(content: Content) -> None:
    for term in content.glossary:
        for other in content.see_also(term):
            assert term in content.see_also_of(other)
    for entry in content.entries():
        for term in content.terms(entry):
            assert entry in content.term_used_by(term)
        assert content.terms(entry).ids() == entry.terms


def test_every_glossary_term_is_linked_from_a_text(content: Content) -> None:
    unused = [t.id for t in content.glossary if not content.term_used_by(t)]
    assert not unused


def test_every_reference_is_cited(content: Content) -> None:
    uncited = [r.id for r in content.references if not content.reference_citers(r)]
    assert not uncited


def test_reference_urls_come_from_dois(content: Content) -> None:
    shedler = content.references.lookup("shedler-2010")
    assert shedler.doi == "10.1037/a0018378"
    assert shedler.url == "https://doi.org/10.1037/a0018378"


def test_crisis_resources_by_region(content: Content) -> None:
    def numbers(region: str | None) -> set[str]:
        found = content.crisis_resources_for(region)
        return {c.number for r in found for c in r.contacts}

    assert "988" in numbers("US")
    assert "988" in numbers("us")
    assert "116 123" in numbers("GB")
    assert "116 123" in numbers("IE")
    assert {"0800 111 0 111", "0800 111 0 222"} <= numbers("DE")
    assert "3114" in numbers("FR")
    assert "024" in numbers("ES")
    fallback = content.crisis_resources_for("ZZ")
    assert len(fallback) == 1
    assert fallback[0].fallback
    assert set(fallback[0].emergency_numbers) == {"112", "911"}
    assert content.crisis_resources_for(None) == fallback
