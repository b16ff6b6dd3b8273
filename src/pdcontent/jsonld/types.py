"""Which schema.org type each kind of item is, and how a parent page links its nested items.

The one table of kind -> schema.org type (:data:`PROJECTIONS`); a test keeps its keys
equal to the kind registry's names, so a new kind cannot go unprojected. The README's
"For publishers" section gives the reasoning for each choice.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the JSON-LD context every document names; tests resolve it to the bundled copy
CONTEXT = "https://schema.org"
#: the page every item of a kind with editorial metadata is published on
PAGE_TYPE = "MedicalWebPage"
#: the media type of a JSON-LD document (RFC 7159 JSON, JSON-LD 1.1 section C)
MEDIA_TYPE = "application/ld+json"


@dataclass(frozen=True, slots=True)
class Projection:
    """How one kind appears in JSON-LD.

    ``types`` is the schema.org type of the thing the item describes (several where the
    thing truly is several, as a psychotherapy is a ``MedicalTherapy`` too); empty when
    no schema.org type says more than the page itself, which then *is* the item and is
    ``about`` the approach. ``link`` is the property by which a parent page holds a
    nested item of this kind.
    """

    types: tuple[str, ...]
    link: str = "hasPart"


#: kind name (``Kind.name``) -> its projection
PROJECTIONS: dict[str, Projection] = {
    "approach": Projection(("PsychologicalTreatment", "MedicalTherapy")),
    "related-approach": Projection(("PsychologicalTreatment", "MedicalTherapy")),
    "principle": Projection(()),
    "technique": Projection(("TherapeuticProcedure",)),
    "condition": Projection(("MedicalCondition",)),
    "session-guide": Projection(("Schedule",)),
    "expectation": Projection(("WebPageElement",)),
    "phase": Projection(()),
    "course-length": Projection(()),
    "qualification": Projection(()),
    "licence-kind": Projection(("Occupation",), link="mentions"),
    "consideration": Projection(()),
    "glossary-term": Projection(("DefinedTerm",)),
    "reference": Projection(("ScholarlyArticle",)),
    "crisis-resource": Projection(("Organization",)),
}


def schema_type(types: tuple[str, ...]) -> str | list[str]:
    """``@type`` as JSON-LD writes it: one name, or a list of several."""
    return types[0] if len(types) == 1 else list(types)
