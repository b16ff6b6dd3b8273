"""Cross-field rules written once for both the model validator and the JSON Schema.

A model whose validator checks two fields together states the same rule to JSON Schema
with :func:`schema_rule`, next to the validator and with the same message, so the
committed schemas say what the loader enforces (tests check that both accept the same).
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict


def forbid(description: str, schema: dict[str, Any], rule: str | None = None) -> dict[str, Any]:
    """A JSON Schema rule that fails on documents matching ``schema``, saying ``description``.

    ``not`` (rather than ``if``/``then`` with ``required``) reports one error at the object
    the model validator names, and ``pdcontent validate`` shows the description as the message.
    ``rule`` (a rule id of ``pdcontent.problems.RULES``, carried in the standard ``title``
    annotation) is the rule it reports; without one, ``invalid-value``.
    """
    found: dict[str, Any] = {"description": description, "not": schema}
    if rule is not None:
        found = {"title": rule, **found}
    return found


def schema_rule(*rules: dict[str, Any], comment: str | None = None) -> ConfigDict:
    """A model config adding ``rules`` (and a ``$comment``) to the model's JSON Schema."""
    extra: dict[str, Any] = {}
    if rules:
        extra["allOf"] = list(rules)
    if comment:
        extra["$comment"] = comment
    return ConfigDict(json_schema_extra=extra)
