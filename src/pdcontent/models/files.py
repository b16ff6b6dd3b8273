"""File kinds: which file in ``content/<locale>/`` holds which model.

A collection file is a mapping with one key, ``items``; a single-entry file holds the
entry's fields at the top level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import Field

from .base import Collection, Model
from .entries import (
    Approach,
    Condition,
    Consideration,
    CourseLength,
    CrisisResource,
    GlossaryTerm,
    Metadata,
    Phase,
    Principle,
    Qualification,
    Reference,
    SessionGuide,
    Technique,
)

T = TypeVar("T")


class ItemsFile(Model, Generic[T]):
    """A file that holds an ordered list of items."""

    items: Collection[T] = Field(min_length=1)  # type: ignore[type-var]


class PrinciplesFile(ItemsFile[Principle]):
    """``principles.yaml``."""


class TechniquesFile(ItemsFile[Technique]):
    """``techniques.yaml``."""


class ConditionsFile(ItemsFile[Condition]):
    """``conditions.yaml``."""


class PhasesFile(ItemsFile[Phase]):
    """``phases.yaml``."""


class QualificationsFile(ItemsFile[Qualification]):
    """``qualifications.yaml``."""


class ConsiderationsFile(ItemsFile[Consideration]):
    """``considerations.yaml``."""


class GlossaryFile(ItemsFile[GlossaryTerm]):
    """``glossary.yaml``."""


class ReferencesFile(ItemsFile[Reference]):
    """``references.yaml``."""


class CrisisResourcesFile(ItemsFile[CrisisResource]):
    """``crisis-resources.yaml``."""


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of content file: its name, the model it holds and the Content field it fills."""

    name: str
    model: type[Model]
    field: str
    is_collection: bool

    @property
    def filename(self) -> str:
        """The file's name inside a locale folder."""
        return f"{self.name}.yaml"

    @property
    def schema_filename(self) -> str:
        """The generated JSON Schema's file name inside ``schema/``."""
        return f"{self.name}.schema.json"


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("metadata", Metadata, "metadata", False),
    FileKind("approach", Approach, "approach", False),
    FileKind("principles", PrinciplesFile, "principles", True),
    FileKind("techniques", TechniquesFile, "techniques", True),
    FileKind("conditions", ConditionsFile, "conditions", True),
    FileKind("session-guide", SessionGuide, "session_guide", False),
    FileKind("phases", PhasesFile, "phases", True),
    FileKind("course-length", CourseLength, "course_length", False),
    FileKind("qualifications", QualificationsFile, "qualifications", True),
    FileKind("considerations", ConsiderationsFile, "considerations", True),
    FileKind("glossary", GlossaryFile, "glossary", True),
    FileKind("references", ReferencesFile, "references", True),
    FileKind("crisis-resources", CrisisResourcesFile, "crisis_resources", True),
)
