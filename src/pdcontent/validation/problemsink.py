"""Collects problems for one file, turning field paths into file positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem, Severity
from ..yamlsource import Path_, Position, SourceDocument


def dotted(path: Path_) -> str:
    """A field path as text: ``items[2].title``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(slots=True)
class FileProblems:
    """The problems of one file; ``add`` looks up the line of the field path it is given."""

    file: str
    source: SourceDocument | None = None
    problems: list[Problem] = field(default_factory=list)
    #: the problems already recorded, so a repeat is found in constant time
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def at(
        self,
        position: Position,
        rule: str,
        message: str,
        hint: str = "",
        path: Path_ = (),
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record a problem at an explicit position."""
        problem = Problem(
            self.file,
            position.line,
            position.column,
            rule,
            message,
            hint,
            dotted(path),
            severity,
        )
        if problem not in self._seen:  # two schema rules can say the same thing
            self._seen.add(problem)
            self.problems.append(problem)

    def add(self, path: Path_, rule: str, message: str, hint: str = "") -> None:
        """Record a problem at the field ``path`` names: its key's line, else its value's."""
        position = Position(1, 1) if self.source is None else self.source.key_position(path)
        self.at(position, rule, message, hint, path)
