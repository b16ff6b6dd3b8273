"""The GraphQL entry kind of a content model."""

from __future__ import annotations

from pdcontent import models

from .types.content_ref import EntryType

_KINDS: dict[type, EntryType] = {
    models.Approach: EntryType.APPROACH,
    models.RelatedApproach: EntryType.RELATED_APPROACH,
    models.Principle: EntryType.PRINCIPLE,
    models.Technique: EntryType.TECHNIQUE,
    models.Condition: EntryType.CONDITION,
    models.SessionGuide: EntryType.SESSION_GUIDE,
    models.Phase: EntryType.PHASE,
    models.CourseLength: EntryType.COURSE_LENGTH,
    models.Qualification: EntryType.QUALIFICATION,
    models.Consideration: EntryType.CONSIDERATION,
    models.GlossaryTerm: EntryType.GLOSSARY_TERM,
    models.Reference: EntryType.REFERENCE,
}


def entry_type(item: object) -> EntryType:
    """The :class:`EntryType` of a content model instance."""
    return _KINDS[type(item)]
