"""What the interchange works with: formats, errors, snapshots, parsed records, import plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ...models import FILE_KINDS
from ...problems import Problem, Severity
from ..overlay import TranslationFile, TranslationUnit, UnitStatus
from ..units import SourceUnit

#: the content file kinds by name, as exchange files and plans name them
KINDS = {kind.name: kind for kind in FILE_KINDS}


class Format(StrEnum):
    """The exchange formats."""

    XLIFF = "xliff"
    PO = "po"


class InterchangeError(Exception):
    """The exchange file or the request cannot be used; each message is one line."""

    def __init__(self, *messages: str) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


class ContentProblems(Exception):
    """The content has errors: the English source, the overlay, or the overlay an import makes."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        self.message = message
        self.problems = problems
        super().__init__(message)


def only_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are errors (warnings do not stop an export or an import)."""
    return [p for p in problems if p.severity is Severity.ERROR]


@dataclass(frozen=True, slots=True)
class Entry:
    """One English unit and the locale's translation of it, if there is one."""

    source: SourceUnit
    unit: TranslationUnit | None

    @property
    def stale(self) -> bool:
        """True when the translation was made from another English text than the current one."""
        return self.unit is not None and self.unit.source_hash != self.source.hash


@dataclass(slots=True)
class Snapshot:
    """A content root's English units, in document order, with one locale's overlay."""

    root: Path
    locale: str
    entries: list[Entry]
    files: dict[str, TranslationFile] = field(default_factory=dict)

    def by_id(self) -> dict[str, Entry]:
        """The entries keyed by unit id."""
        return {entry.source.id: entry for entry in self.entries}


@dataclass(frozen=True, slots=True)
class Record:
    """One unit as an exchange file holds it, before it is matched with the overlay."""

    ref: str
    """The unit's id as the file spells it (an XLIFF unit id, a PO msgctxt)."""
    where: str
    """Where the unit is in the file, for messages."""
    source: str
    target: str
    marker: str
    """The format's state: an XLIFF segment state, or ``fuzzy`` / ``""`` for PO."""
    exported_hash: str | None = None
    """The hash of the English text the file says it was exported with, when it says."""
    kind: str | None = None
    """The kind of the XLIFF ``<file>`` the unit was found in, if any."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed exchange file."""

    format: Format
    locale: str
    records: list[Record]


@dataclass(frozen=True, slots=True)
class NewUnit:
    """An imported unit as it will be written (not validated yet: the checks do that)."""

    text: str
    source_hash: str
    status: UnitStatus

    def as_data(self) -> dict[str, str]:
        """The overlay mapping of this unit."""
        return {"text": self.text, "source_hash": self.source_hash, "status": self.status.value}


@dataclass(slots=True)
class ImportPlan:
    """What an import does to one locale's overlay."""

    format: Format
    locale: str
    folder: Path
    overlays: dict[str, dict[str, Any]]
    """Kind name -> the complete overlay data after the import, for every file it has."""
    updated: dict[str, list[str]]
    """Kind name -> ids of the units the import adds or changes."""
    rendered: dict[str, str] = field(default_factory=dict)
    """Kind name -> the YAML text to write, for the kinds the import changes."""
    problems: list[Problem] = field(default_factory=list)
    """What the checks found in the overlay the import makes (warnings, when it is written)."""

    @property
    def count(self) -> int:
        """How many units the import adds or changes."""
        return sum(len(ids) for ids in self.updated.values())

    @property
    def paths(self) -> list[Path]:
        """The overlay files the import writes."""
        return [self.folder / KINDS[name].filename for name in self.rendered]
