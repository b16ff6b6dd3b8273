"""Problems found in content: where they are, which rule they break, and how to fix them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a problem is; errors fail validation, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


#: Every rule the content validator reports, with a one-line description.
RULES: dict[str, str] = {
    "file-missing": "a required content file does not exist",
    "file-unknown": "a file in a locale folder is not a known content file",
    "locale-folder-clash": "two locale folders are the same tag in different letter case",
    "locale-folder-case": "a locale folder's name is not its tag's canonical BCP 47 form",
    "encoding": "the file is not valid UTF-8",
    "yaml-syntax": "the file is not well-formed YAML",
    "yaml-alias": "anchors and aliases are not allowed in content",
    "yaml-multiple-documents": "a content file holds exactly one YAML document",
    "duplicate-key": "a key appears twice in one mapping",
    "non-string-key": "mapping keys must be strings",
    "yaml-tag": "a YAML tag outside the core schema (!!binary, !!set, !!python/..., !local)",
    "forbidden-character": "a control, bidi or invisible character no text may hold",
    "missing-field": "a required field is missing",
    "unknown-field": "a field the schema does not define",
    "wrong-type": "a value has the wrong type",
    "empty-text": "a text is empty or only white space",
    "invalid-id": "an id is not a kebab-case slug",
    "invalid-value": "a value is outside what the schema allows",
    "duplicate-id": "two items share an id",
    "dangling-reference": "a reference names an id that does not exist",
    "markdown-link": "a Markdown link is malformed or its target is not allowed",
    "markdown-html": "raw HTML inside Markdown",
    "nested-too-deeply": "the document nests deeper than any content file can",
    "code-format": "a diagnosis code is not written the way its code system writes codes",
    "code-not-vetted": "a diagnosis code, or its title, is not in the vetted table",
    "date-in-future": "an updated date lies after today",
    "date-before-content": "an updated date lies before the content was first written",
    "term-not-listed": "a text links a glossary term that its item's terms do not list",
    "term-unlinked": "no text links a glossary term",
    "duplicate-synonym": "an also-called name repeats a title or another name in the same language",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: ``file:line:col: rule: message (hint)``. Lines and columns are 1-based."""

    file: str
    line: int
    column: int
    rule: str
    message: str
    hint: str = ""
    path: str = ""
    severity: Severity = field(default=Severity.ERROR)

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping with the same fields as the text form."""
        # every field is a str or an int, so no deep copy (asdict) is needed: a report of
        # thousands of problems spent most of its JSON time copying them
        data = {name: getattr(self, name) for name in _PROBLEM_FIELDS}
        data["severity"] = self.severity.value
        return data


_PROBLEM_FIELDS = tuple(f.name for f in fields(Problem))


class ContentError(Exception):
    """Raised by :func:`pdcontent.load` when content has problems; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"\n... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} content problem(s):\n{shown}{suffix}")
