"""The content entities: what psychodynamic therapy is, how it works, and how to choose it.

Relations are stored once, as ids on one side, and resolved by :class:`pdcontent.Content`
in both directions; storing both sides would let them drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from .base import Collection, Model
from .codes import DiagnosisCode
from .fields import Literal_, Markdown, Names, Slug, Text
from .relations import RelatesTo
from .review import Editorial
from .rules import forbid, schema_rule

Ids = Annotated[tuple[Slug, ...], Field(description="Ids of related items.")]
ReferenceKeys = Annotated[tuple[Slug, ...], Field(description="Keys of vetted references.")]
DoiString = Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$", description="A DOI, without URL.")]


#: every whole number is served as a GraphQL ``Int`` (32-bit signed); the domain maxima
#: below are far under it, so content that validates can always be served
GRAPHQL_INT_MAX = 2**31 - 1
#: no count of sessions nor length in minutes comes near this
RANGE_MAX = 10_000
#: more phases than any course of therapy is described in
ORDER_MAX = 100


class Item(Model):
    """Anything listed: an id, a title and a plain-language summary."""

    id: Slug
    title: Text
    summary: Text


class AlsoCalled(Model):
    """Other names an item is known by, in each language the words readers search with.

    Only the same thing (or its own abbreviation) counts: no broader categories. The
    validator rejects a name that repeats any item's title or another item's name.
    """

    also_called: Names = ()


class Entry(Editorial, Item):
    """A full content entry: an item with a Markdown body and the glossary terms it uses."""

    body: Markdown
    terms: Annotated[
        Ids,
        RelatesTo(
            "GlossaryTerm",
            reverse="used_by",
            doc="The glossary terms this text uses.",
            reverse_doc="The entries whose text uses this term.",
        ),
    ] = Field(default=(), description="Ids of the glossary terms the text uses.")


class RelatedApproach(AlsoCalled, Entry):
    """A specialised psychodynamic treatment, such as TFP or MBT."""

    abbreviation: Literal_
    evidence: Annotated[
        ReferenceKeys,
        RelatesTo(
            "Reference",
            reverse="related_approaches",
            doc="The references cited as evidence for this approach.",
            reverse_doc="The specialised approaches that cite this work.",
        ),
    ] = ()


class Approach(AlsoCalled, Entry):
    """The overview of psychodynamic therapy itself."""

    aims: tuple[Text, ...] = Field(min_length=1)
    related_approaches: Collection[RelatedApproach] = Field(min_length=1)


class Principle(Entry):
    """A core idea the approach rests on."""


class Technique(AlsoCalled, Entry):
    """A method the therapist uses; serves principles and matters most in some phases."""

    principles: Annotated[
        Ids,
        RelatesTo(
            "Principle",
            reverse="techniques",
            doc="The principles this technique serves.",
            reverse_doc="The techniques that serve this principle.",
        ),
    ] = Field(min_length=1)
    phases: Annotated[
        Ids,
        RelatesTo(
            "Phase",
            reverse="techniques",
            doc="The phases in which this technique matters most, in phase order.",
            reverse_doc="The techniques this phase emphasises.",
            ordered=False,
        ),
    ] = Field(min_length=1)


class Condition(AlsoCalled, Entry):
    """A concern the approach is used for, with the evidence and its limits."""

    techniques: Annotated[
        Ids,
        RelatesTo(
            "Technique",
            reverse="conditions",
            doc="The techniques most relevant to this condition.",
            reverse_doc="The conditions for which this technique is listed.",
        ),
    ] = Field(min_length=1)
    related_approaches: Annotated[
        Ids,
        RelatesTo(
            "RelatedApproach",
            reverse="conditions",
            doc="The specialised approaches used for this condition.",
            reverse_doc="The conditions this specialised approach is used for.",
        ),
    ] = ()
    evidence: Annotated[
        ReferenceKeys,
        RelatesTo(
            "Reference",
            reverse="conditions",
            doc="The references cited as evidence for this condition.",
            reverse_doc="The conditions that cite this work as evidence.",
        ),
    ] = ()
    evidence_note: Text
    caveats: tuple[Text, ...] = ()
    codes: tuple[DiagnosisCode, ...] = Field(
        default=(),
        description="Diagnosis codes that name what this condition's text describes "
        "(vetted codes only; none where the condition is not a diagnosis).",
    )


class Frequency(StrEnum):
    """How often sessions take place."""

    WEEKLY = "weekly"


class IntRange(Model):
    """An inclusive range of whole numbers."""

    # JSON Schema cannot compare two values of one document (Ajv's $data is not standard)
    model_config = schema_rule(
        comment="min <= max is checked by pdcontent validate, not by this schema"
    )

    min: int = Field(ge=1, le=RANGE_MAX)
    max: int = Field(ge=1, le=RANGE_MAX)

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


class TimeUnit(StrEnum):
    """Units for durations stated without exact numbers."""

    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class TimeSpan(Model):
    """A duration between two units, such as 'months to years'."""

    min_unit: TimeUnit
    max_unit: TimeUnit


class Expectation(Item):
    """One thing a client can expect in sessions."""


class SessionGuide(Entry):
    """What sessions are like: how often, how long, and what happens."""

    frequency: Frequency
    minutes: IntRange
    expectations: Collection[Expectation] = Field(min_length=1)
    if_overwhelmed: Text


class Phase(Entry):
    """A phase of the course of therapy; the techniques it stresses come from techniques."""

    order: int = Field(ge=1, le=ORDER_MAX)
    subtitle: Text | None = None


class CourseLength(Entry):
    """How long therapy lasts: a short-term course in sessions or long-term work."""

    short_term_sessions: IntRange
    short_term_summary: Text
    long_term_span: TimeSpan
    long_term_summary: Text


class LicenceKind(Item):
    """A kind of licensed professional, as an example of what to look for."""


_QUESTIONS_RULE = "give at least one question: ask_yourself or ask_your_therapist"


class Questions(Model):
    """Questions a reader can ask: of themselves, and of a therapist they are considering.

    Kept apart so an app can show "ask your therapist" as its own list.
    """

    ask_yourself: tuple[Text, ...] = Field(default=(), description="Questions to ask yourself.")
    ask_your_therapist: tuple[Text, ...] = Field(
        default=(), description="Questions to ask a therapist you are considering."
    )

    model_config = schema_rule(
        forbid(
            _QUESTIONS_RULE,
            {
                "properties": {
                    "ask_yourself": {"type": "array", "maxItems": 0},
                    "ask_your_therapist": {"type": "array", "maxItems": 0},
                }
            },
        )
    )

    @model_validator(mode="after")
    def _some_question(self) -> Questions:
        if not self.ask_yourself and not self.ask_your_therapist:
            raise ValueError(_QUESTIONS_RULE)
        return self


class Qualification(Questions, Entry):
    """What to look for in a practitioner, with questions a client can ask."""

    licence_kinds: Collection[LicenceKind] = Collection[LicenceKind]()


class Consideration(Questions, Entry):
    """A factor in deciding whether the approach fits, with questions to ask."""


class GlossaryTerm(AlsoCalled, Editorial, Item):
    """A term the texts use, with a definition and related terms."""

    body: Markdown | None = None
    see_also: Annotated[
        Ids,
        RelatesTo(
            "GlossaryTerm",
            reverse="see_also_of",
            doc="The glossary terms this one points to.",
            reverse_doc="The glossary terms that point to this one.",
        ),
    ] = ()


class Reference(Editorial):
    """A vetted published work; bibliographic fields stay as published."""

    id: Slug
    title: Literal_
    summary: Text
    citation: Literal_
    authors: Literal_
    journal: Literal_
    year: int = Field(ge=1900, le=2100)
    doi: DoiString

    @property
    def url(self) -> str:
        """The resolver URL of the DOI."""
        return f"https://doi.org/{self.doi}"
