"""The loaded content of one locale, with relations resolved in both directions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import PrivateAttr

from .models import (
    Approach,
    Collection,
    Condition,
    Consideration,
    CourseLength,
    CrisisResource,
    Entry,
    GlossaryTerm,
    Metadata,
    Model,
    Phase,
    Principle,
    Qualification,
    Reference,
    RelatedApproach,
    SessionGuide,
    Technique,
)
from .provenance import ItemProvenance, Origin, TranslationStatus, summarize


class Content(Model):
    """All content for one locale. Collections are ordered tuples with ``get``/``lookup``."""

    locale: str
    package_version: str
    metadata: Metadata
    approach: Approach
    principles: Collection[Principle]
    techniques: Collection[Technique]
    conditions: Collection[Condition]
    session_guide: SessionGuide
    phases: Collection[Phase]
    course_length: CourseLength
    qualifications: Collection[Qualification]
    considerations: Collection[Consideration]
    glossary: Collection[GlossaryTerm]
    references: Collection[Reference]
    crisis_resources: Collection[CrisisResource]

    _backlinks: dict[tuple[str, str], dict[str, list[Any]]] = PrivateAttr(default_factory=dict)
    _provenance: dict[int, dict[str, Origin]] = PrivateAttr(default_factory=dict)
    _owners: list[Any] = PrivateAttr(default_factory=list)

    def __eq__(self, other: object) -> bool:
        """Equal when the fields are equal; the derived indexes do not count."""
        if not isinstance(other, Content):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.locale, self.metadata.content_version, len(self.glossary)))

    def attach_origins(self, models: dict[str, Model], origins: dict[str, Origin]) -> None:
        """Record where each text came from (called once by the loader)."""
        if not origins:
            return  # the source itself: provenance() answers SOURCE without an index
        from .translations.units import source_units

        fields: dict[int, dict[str, Origin]] = {}
        owners: list[Any] = []
        for unit in source_units(models):
            origin = origins.get(unit.id) or Origin(self.locale, TranslationStatus.SOURCE)
            if id(unit.owner) not in fields:
                owners.append(unit.owner)  # keeps ids valid for the life of the content
            name = unit.field if unit.index is None else f"{unit.field}[{unit.index}]"
            fields.setdefault(id(unit.owner), {})[name] = origin
        self._provenance = fields
        self._owners = owners

    def provenance(self, item: Model) -> ItemProvenance:
        """Which locale an item's texts came from, and their translation status."""
        return summarize(self._provenance.get(id(item), {}), self.locale)

    def model_post_init(self, context: Any, /) -> None:
        """Index every id relation backwards once, so reverse lookups are dictionary reads."""
        back: dict[tuple[str, str], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for technique in self.techniques:
            for pid in technique.principles:
                back[("principle", "techniques")][pid].append(technique)
            for phid in technique.phases:
                back[("phase", "techniques")][phid].append(technique)
        for condition in self.conditions:
            for tid in condition.techniques:
                back[("technique", "conditions")][tid].append(condition)
            for aid in condition.related_approaches:
                back[("related-approach", "conditions")][aid].append(condition)
            for key in condition.evidence:
                back[("reference", "conditions")][key].append(condition)
        for approach in self.related_approaches:
            for key in approach.evidence:
                back[("reference", "related-approaches")][key].append(approach)
        for entry in self.entries():
            for term in entry.terms:
                back[("term", "used-by")][term].append(entry)
        for glossary_term in self.glossary:
            for other in glossary_term.see_also:
                back[("term", "see-also-of")][other].append(glossary_term)
        self._backlinks = {k: dict(v) for k, v in back.items()}

    def _back(self, kind: str, relation: str, id: str) -> tuple[Any, ...]:
        return tuple(self._backlinks.get((kind, relation), {}).get(id, ()))

    @property
    def related_approaches(self) -> Collection[RelatedApproach]:
        """The specialised approaches (TFP, MBT) listed under the overview."""
        return self.approach.related_approaches

    def entries(self) -> Iterator[Entry]:
        """Every entry with a Markdown body, in document order."""
        yield self.approach
        yield from self.approach.related_approaches
        yield from self.principles
        yield from self.techniques
        yield from self.conditions
        yield self.session_guide
        yield from self.phases
        yield self.course_length
        yield from self.qualifications
        yield from self.considerations

    # technique <-> principle
    def technique_principles(self, technique: Technique) -> Collection[Principle]:
        """The principles a technique serves."""
        return self.principles.select(technique.principles)

    def principle_techniques(self, principle: Principle) -> Collection[Technique]:
        """The techniques that serve a principle."""
        return Collection(self._back("principle", "techniques", principle.id))

    # technique <-> phase
    def technique_phases(self, technique: Technique) -> Collection[Phase]:
        """The phases in which a technique matters most, in phase order."""
        chosen = set(technique.phases)
        return Collection(p for p in self.phases if p.id in chosen)

    def phase_techniques(self, phase: Phase) -> Collection[Technique]:
        """The techniques a phase emphasises."""
        return Collection(self._back("phase", "techniques", phase.id))

    # condition <-> technique, related approach, reference
    def condition_techniques(self, condition: Condition) -> Collection[Technique]:
        """The techniques most relevant to a condition."""
        return self.techniques.select(condition.techniques)

    def technique_conditions(self, technique: Technique) -> Collection[Condition]:
        """The conditions for which a technique is listed."""
        return Collection(self._back("technique", "conditions", technique.id))

    def condition_related_approaches(self, condition: Condition) -> Collection[RelatedApproach]:
        """The specialised approaches used for a condition."""
        return self.related_approaches.select(condition.related_approaches)

    def related_approach_conditions(self, approach: RelatedApproach) -> Collection[Condition]:
        """The conditions a specialised approach is used for."""
        return Collection(self._back("related-approach", "conditions", approach.id))

    def evidence(self, item: Condition | RelatedApproach) -> Collection[Reference]:
        """The references cited as evidence for a condition or a specialised approach."""
        return self.references.select(item.evidence)

    def reference_citers(self, reference: Reference) -> tuple[Condition | RelatedApproach, ...]:
        """The conditions and specialised approaches that cite a reference."""
        return self._back("reference", "conditions", reference.id) + self._back(
            "reference", "related-approaches", reference.id
        )

    # glossary
    def terms(self, entry: Entry) -> Collection[GlossaryTerm]:
        """The glossary terms an entry's text uses."""
        return self.glossary.select(entry.terms)

    def term_used_by(self, term: GlossaryTerm) -> tuple[Entry, ...]:
        """The entries whose text uses a glossary term."""
        return self._back("term", "used-by", term.id)

    def see_also(self, term: GlossaryTerm) -> Collection[GlossaryTerm]:
        """The terms a glossary term points to."""
        return self.glossary.select(term.see_also)

    def see_also_of(self, term: GlossaryTerm) -> Collection[GlossaryTerm]:
        """The glossary terms that point to this one."""
        return Collection(self._back("term", "see-also-of", term.id))

    # crisis resources
    def crisis_resources_for(self, region: str | None) -> Collection[CrisisResource]:
        """Crisis resources for an ISO 3166 region code; the fallback when none match."""
        code = (region or "").strip().upper()
        matches = [r for r in self.crisis_resources if code and code in r.regions]
        if not matches:
            matches = [r for r in self.crisis_resources if r.fallback]
        return Collection(matches)
