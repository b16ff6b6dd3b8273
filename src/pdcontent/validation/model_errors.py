"""Pydantic validation of schema-clean data; catches the rules JSON Schema cannot state."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..models import Model
from ..problems import RULES
from .problemsink import FileProblems

_RULES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "string_too_short": "empty-text",
    "string_pattern_mismatch": "invalid-value",
    "too_short": "invalid-value",
}


def build_model(model: type[Model], data: Any, sink: FileProblems) -> Model | None:
    """Validate ``data`` into ``model``; on failure record each error and return None."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            path = tuple(p for p in error["loc"] if isinstance(p, str | int))
            kind = error["type"]
            # a model's own rules raise errors whose type is the rule id itself
            rule = (
                kind
                if kind in RULES
                else _RULES.get(kind, "wrong-type" if kind.endswith("_type") else "invalid-value")
            )
            message = str(error["msg"]).removeprefix("Value error, ")
            sink.add(path, rule, message)
        return None
