"""What one locale holds, declared once: one field per content file, in document order.

Every other list of files or kinds is derived from :class:`ContentTree`: the file kinds
(:mod:`.files`), the registry of item kinds and relations (:mod:`.kinds`), and through
those the loader, the validator, the translation format, the GraphQL schema, search and
the static export. Adding a content file is adding a field here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .base import Collection, Model
from .crisis import CrisisResource
from .entries import (
    Approach,
    Condition,
    Consideration,
    CourseLength,
    GlossaryTerm,
    Phase,
    Principle,
    Qualification,
    Reference,
    SessionGuide,
    Technique,
)
from .metadata import Metadata


@dataclass(frozen=True, slots=True)
class StoredIn:
    """Marks a :class:`ContentTree` field with the name of the file that holds it."""

    file: str


class ContentTree(Model):
    """The content of one locale as stored: each field is one file of ``content/<locale>/``.

    A collection field is a file with one key, ``items``; any other field is a file that
    holds the entry's fields at the top level.
    """

    metadata: Annotated[Metadata, StoredIn("metadata")]
    approach: Annotated[Approach, StoredIn("approach")]
    principles: Annotated[Collection[Principle], StoredIn("principles")]
    techniques: Annotated[Collection[Technique], StoredIn("techniques")]
    conditions: Annotated[Collection[Condition], StoredIn("conditions")]
    session_guide: Annotated[SessionGuide, StoredIn("session-guide")]
    phases: Annotated[Collection[Phase], StoredIn("phases")]
    course_length: Annotated[CourseLength, StoredIn("course-length")]
    qualifications: Annotated[Collection[Qualification], StoredIn("qualifications")]
    considerations: Annotated[Collection[Consideration], StoredIn("considerations")]
    glossary: Annotated[Collection[GlossaryTerm], StoredIn("glossary")]
    references: Annotated[Collection[Reference], StoredIn("references")]
    crisis_resources: Annotated[Collection[CrisisResource], StoredIn("crisis-resources")]
