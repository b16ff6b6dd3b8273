"""Broken fixtures sorted by whether JSON Schema can see their mistake, and YAML as JSON.

Shared by the ``jsonschema`` test and the Ajv test, so both judge the same documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .conftest import SCHEMA

FIXTURES = Path(__file__).parent / "fixtures"
_HEADER = re.compile(r"^# (target|expect|delete): (.*)$", re.MULTILINE)

#: rule ids whose mistakes a JSON Schema can state, with the keywords that state them
SCHEMA_RULES: dict[str, frozenset[str]] = {
    "missing-field": frozenset({"required", "type"}),  # an empty file is null, not a mapping
    "unknown-field": frozenset({"additionalProperties"}),
    "wrong-type": frozenset({"type"}),
    "empty-text": frozenset({"minLength", "pattern"}),
    "invalid-id": frozenset({"pattern"}),
    "invalid-value": frozenset({"pattern", "enum", "minItems", "not", "const", "format"}),
    "code-format": frozenset({"not"}),
    "code-not-vetted": frozenset({"not"}),
}

#: rule ids JSON Schema cannot state, and why
BEYOND_SCHEMA: dict[str, str] = {
    "dangling-reference": "an id must exist in another file; a schema sees one document",
    "duplicate-id": "uniqueItems compares whole items, not one property of each",
    "markdown-link": "link targets are found by parsing the Markdown inside a string",
    "markdown-html": "raw HTML is found by parsing the Markdown inside a string",
    "duplicate-key": "YAML parsers keep one of the two values; JSON never sees both",
    "yaml-alias": "the alias is resolved before any JSON exists",
    "yaml-syntax": "the text does not parse, so there is no document",
    "yaml-multiple-documents": "a schema validates one document",
    "non-string-key": "JSON keys are strings; converting the YAML hides the mistake",
    "encoding": "a byte-level mistake; decoding happens before any JSON exists",
    "file-missing": "about the set of files, not a document",
    "file-unknown": "about the set of files, not a document",
    "date-in-future": "compares a date with the day the check runs",
    "date-before-content": "compares a date with metadata.yaml, another document",
    "term-not-listed": "link targets are found by parsing the Markdown inside a string",
    "term-unlinked": "about links in other documents",
    "duplicate-synonym": "compares names with the titles and names of every other item",
}

#: fixtures whose rule is schema-level but whose mistake JSON Schema cannot state
NOT_EXPRESSIBLE: dict[str, str] = {
    "range-reversed": "min <= max compares two values of one document",
}

#: rule ids of the overlay fixtures whose mistakes their schema can state
TRANSLATION_SCHEMA_RULES = frozenset(
    {"missing-field", "unknown-field", "wrong-type", "invalid-value", "empty-text"}
)

#: overlay rule ids JSON Schema cannot state, and why
TRANSLATION_BEYOND_SCHEMA: dict[str, str] = {
    **{
        rule: "compares the translation with the English source text"
        for rule in (
            "unchanged",
            "markdown-parity",
            "number-parity",
            "glossary-term",
            "do-not-translate",
            "length-ratio",
            "stale-source",
        )
    },
    "missing-unit": "which units must exist depends on the English source",
    "obsolete-unit": "which ids and list indexes exist depends on the English source",
    "locale-mismatch": "compares the document with the folder it lives in",
    "whitespace": "a check of the text's spacing; loading accepts any non-blank text",
    "invisible-character": "a check of the text's characters; loading accepts them",
    "typography": "a check of the locale's punctuation; loading accepts any non-blank text",
    "terminology": "compares the translation's terms with the policy's and the English source",
    "duplicate-key": BEYOND_SCHEMA["duplicate-key"],
    "yaml-syntax": BEYOND_SCHEMA["yaml-syntax"],
    "duplicate-synonym": "compares the locale's names with the titles and names of all its items",
}

#: overlay fixtures whose rule is schema-level but whose mistake their schema cannot state
TRANSLATION_NOT_EXPRESSIBLE: dict[str, str] = {
    "empty-text-names-blank-line": "a blank line inside one text; the unit schema is shared",
}


@dataclass(frozen=True)
class Case:
    """One broken fixture: its name, target file, expected rule and schema file."""

    path: Path
    target: str
    rule: str
    schema: str

    @property
    def name(self) -> str:
        return self.path.stem


def _case(path: Path, schema_prefix: str) -> Case:
    header = dict(_HEADER.findall(path.read_bytes().decode("utf-8", errors="replace")))
    target = header["target"]
    schema = f"{schema_prefix}{target.removesuffix('.yaml')}.schema.json"
    return Case(path, target, header["expect"].split()[0], schema)


def content_cases() -> list[Case]:
    """Every broken content fixture."""
    return [_case(p, "") for p in sorted((FIXTURES / "broken").glob("*.yaml"))]


def expressible_content_cases() -> list[Case]:
    """The broken content fixtures whose one mistake a JSON Schema can state."""
    return [c for c in content_cases() if c.rule in SCHEMA_RULES and c.name not in NOT_EXPRESSIBLE]


def translation_cases() -> list[Case]:
    """Every broken overlay fixture."""
    folder = FIXTURES / "broken-translations"
    return [_case(p, "translation-") for p in sorted(folder.glob("*.yaml"))]


def expressible_translation_cases() -> list[Case]:
    """The broken overlay fixtures whose one mistake their JSON Schema can state."""
    return [
        c
        for c in translation_cases()
        if c.rule in TRANSLATION_SCHEMA_RULES and c.name not in TRANSLATION_NOT_EXPRESSIBLE
    ]


def as_json(text: str) -> Any:
    """YAML text as the JSON another tool would make of it (dates become ISO strings)."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def committed_schema(name: str) -> dict[str, Any]:
    """A committed schema file of ``schema/``."""
    schema: dict[str, Any] = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
    return schema
