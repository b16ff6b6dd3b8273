"""The ``ContentRef`` GraphQL type: a pointer to any entry, for lists that mix kinds."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="The kinds of content entries.")
class EntryType(Enum):
    """What kind of entry an id belongs to."""

    APPROACH = "approach"
    RELATED_APPROACH = "related-approach"
    PRINCIPLE = "principle"
    TECHNIQUE = "technique"
    CONDITION = "condition"
    SESSION_GUIDE = "session-guide"
    PHASE = "phase"
    COURSE_LENGTH = "course-length"
    QUALIFICATION = "qualification"
    CONSIDERATION = "consideration"
    GLOSSARY_TERM = "glossary-term"
    REFERENCE = "reference"


@strawberry.type(description="A pointer to a content entry of any kind.")
class ContentRef:
    """The kind, id and title of an entry."""

    type: EntryType = strawberry.field(description="The kind of entry.")
    id: str = strawberry.field(description="The entry's id.")
    title: str = strawberry.field(description="The entry's title.")
