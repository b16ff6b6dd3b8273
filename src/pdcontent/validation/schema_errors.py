"""JSON Schema validation of parsed YAML, with each error named by rule and placed by line."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..models.fields import NON_BLANK_PATTERN, SLUG_PATTERN
from ..problems import RULES
from ..resources import schema_root
from ..yamlsource import Path_
from .problemsink import FileProblems

if TYPE_CHECKING:
    # imported where a check runs: loading content skips JSON Schema checks, and should
    # not pay for importing jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

#: a JSON Schema made from the models, for when the committed file cannot be read
Generator = Callable[[], dict[str, Any]]

_VALIDATORS: dict[str, Draft202012Validator] = {}


def validator_for(schema_filename: str, generate: Generator) -> Draft202012Validator:
    """A compiled validator for one file kind, from the committed schema file.

    The committed files are what editors and other tools use (a test keeps them equal
    to the models); reading them is also much faster than generating them. The caller
    says how to ``generate`` the schema when the file cannot be read: translation overlay
    schemas are made in the translations package, which builds on this one.
    """
    validator = _VALIDATORS.get(schema_filename)
    if validator is None:
        from jsonschema import Draft202012Validator

        try:
            path = schema_root() / schema_filename
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            schema = generate()
        # compiled once per file kind; two threads racing here compile the same thing
        validator = _VALIDATORS.setdefault(schema_filename, Draft202012Validator(schema))
    return validator


def _describe(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "empty (null)"
    for typ, name in names.items():
        if isinstance(value, typ):
            return name
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _report(error: ValidationError, sink: _Findings) -> None:
    path = tuple(error.absolute_path)
    kind = error.validator
    instance: Any = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind in ("anyOf", "oneOf") and error.context:
        # report the branch whose type fits the value (a mapping's errors, not "not a list")
        branches: dict[object, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [
            errs
            for errs in branches.values()
            if not any(e.validator == "type" and not e.relative_path for e in errs)
        ]
        if len(fitting) == 1:
            for sub in fitting[0]:
                _report(sub, sink)
        else:
            from jsonschema.exceptions import best_match

            _report(best_match(error.context), sink)
        return
    if kind == "required":
        missing = [k for k in expected if k not in instance]
        for name in missing:
            sink.add(path, "missing-field", f"required field {name!r} is missing", f"add {name}:")
        return
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in sorted(set(instance) - set(allowed)):
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            sink.add((*path, name), "unknown-field", f"unknown field {name!r}", hint)
        return
    if kind == "type":
        sink.add(
            path,
            "wrong-type",
            f"expected {expected}, found {_describe(error.instance)}",
            "check quoting and indentation",
        )
        return
    if kind == "minLength" and isinstance(instance, str) and instance.strip():
        # a required length above one (a suppression's reason): the text is there, too short
        sink.add(
            path,
            "invalid-value",
            f"text is shorter than {expected} characters",
            f"write at least {expected} characters",
        )
        return
    if kind == "minLength" or (kind == "pattern" and error.validator_value == NON_BLANK_PATTERN):
        sink.add(path, "empty-text", "text is empty", "write the text or remove the field")
        return
    if kind == "pattern" and error.validator_value == SLUG_PATTERN:
        sink.add(
            path,
            "invalid-id",
            f"{error.instance!r} is not a kebab-case id",
            "use lowercase letters, digits and single hyphens, e.g. free-association",
        )
        return
    if kind == "minItems":
        sink.add(path, "invalid-value", "list is empty", "add at least one item")
        return
    if kind == "not" and isinstance(schema, dict) and "description" in schema:
        # a cross-field rule (models.rules.forbid) describes what it forbids, and may name
        # the rule it reports in its title
        rule = schema.get("title")
        sink.add(path, rule if rule in RULES else "invalid-value", schema["description"])
        return
    sink.add(path, "invalid-value", error.message, f"schema rule: {kind}")


class _Findings:
    """The problems one schema check finds, as ``FileProblems.add`` arguments, to replay."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path_, str, str, str]] = []

    def add(self, path: Path_, rule: str, message: str, hint: str = "") -> None:
        """Record one problem at a field path."""
        self.calls.append((path, rule, message, hint))


def check_schema(data: Any, schema_filename: str, sink: FileProblems, generate: Generator) -> bool:
    """Validate ``data`` against its kind's schema; return True when it passes.

    When ``data`` is the parsed document of ``sink``, the findings are kept with that
    document: the reading layer shares one document between identical texts, so the same
    content (an unchanged file, a copy of a tree) is checked against a schema only once.
    """
    document = sink.source
    memo = document.derived if document is not None and document.data is data else None
    validator = validator_for(schema_filename, generate)
    # keyed by the validator too: findings of the committed schema are not those of a
    # schema made from the models, even where a test shows the two agree
    key = f"schema:{schema_filename}:{id(validator)}"
    found: tuple[bool, tuple[tuple[Path_, str, str, str], ...]] | None = (
        None if memo is None else memo.get(key)
    )
    if found is None:
        errors = sorted(
            validator.iter_errors(data),
            key=lambda e: list(map(str, e.absolute_path)),
        )
        findings = _Findings()
        for error in errors:
            _report(error, findings)
        found = (not errors, tuple(findings.calls))
        if memo is not None:
            memo[key] = found
    passed, calls = found
    for call in calls:
        sink.add(*call)
    return passed
