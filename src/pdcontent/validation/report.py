"""What validating one locale found: its problems and, for a translation, its progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem, Severity


@dataclass(slots=True)
class LocaleReport:
    """The problems of one locale and, for translations, how many units are translated."""

    locale: str
    problems: list[Problem] = field(default_factory=list)
    translated: int | None = None
    total: int | None = None

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors

    def summary(self) -> str:
        """One line: ``es: 0 error(s), 2 warning(s), 313/313 units translated``."""
        line = f"{self.locale}: {self.errors} error(s), {self.warnings} warning(s)"
        if self.total is not None:
            line += f", {self.translated}/{self.total} units translated"
        return line
