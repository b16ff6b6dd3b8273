"""The committed JSON Schemas reject what the loader rejects, wherever JSON Schema can say it.

Each broken fixture whose one mistake is schema-expressible is converted from YAML to JSON
and validated with ``jsonschema`` against the file in ``schema/``; the fixtures JSON Schema
cannot judge are listed, each with the reason, in :mod:`tests.schema_cases`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from pydantic import ValidationError as ModelError

from pdcontent.models import (
    FILE_KINDS,
    VETTED,
    Consideration,
    CrisisResource,
    DiagnosisCode,
    ItemReview,
    Review,
)

from .conftest import SCHEMA, Completed
from .schema_cases import (
    BEYOND_SCHEMA,
    NOT_EXPRESSIBLE,
    SCHEMA_RULES,
    TRANSLATION_BEYOND_SCHEMA,
    TRANSLATION_SCHEMA_RULES,
    Case,
    as_json,
    committed_schema,
    content_cases,
    expressible_content_cases,
    expressible_translation_cases,
    translation_cases,
)

EXPRESSIBLE = expressible_content_cases()
TRANSLATION_EXPRESSIBLE = expressible_translation_cases()
#: beyond-schema fixtures that still convert to a JSON document the schema can be shown
_JSON_LEVEL = {"dangling-reference", "duplicate-id", "markdown-link", "markdown-html"}
ACCEPTED = [c for c in content_cases() if c.rule in _JSON_LEVEL or c.name in NOT_EXPRESSIBLE]


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        committed_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _leaves(errors: Iterator[ValidationError] | list[ValidationError]) -> Iterator[ValidationError]:
    """Every error, and inside ``anyOf``/``oneOf`` the errors of their branches."""
    for error in errors:
        yield error
        yield from _leaves(list(error.context or []))


def _errors(case: Case) -> list[ValidationError]:
    data = as_json(case.path.read_text(encoding="utf-8"))
    return list(_validator(case.schema).iter_errors(data))


def test_every_fixture_is_sorted_into_schema_level_or_beyond() -> None:
    for case in content_cases():
        assert case.rule in SCHEMA_RULES or case.rule in BEYOND_SCHEMA, case.name
    for case in translation_cases():
        assert case.rule in TRANSLATION_SCHEMA_RULES or case.rule in TRANSLATION_BEYOND_SCHEMA
    names = {c.name for c in content_cases()}
    assert set(NOT_EXPRESSIBLE) <= names, "a listed fixture no longer exists"
    assert len(EXPRESSIBLE) >= 15
    assert len(TRANSLATION_EXPRESSIBLE) >= 8


@pytest.mark.parametrize("case", EXPRESSIBLE, ids=[c.name for c in EXPRESSIBLE])
def test_committed_schema_rejects_broken_content(case: Case) -> None:
    errors = _errors(case)
    assert errors, f"schema/{case.schema} accepts {case.name}, which the loader rejects"
    keywords = {e.validator for e in _leaves(errors)}
    assert keywords & SCHEMA_RULES[case.rule], (case.rule, keywords)


@pytest.mark.parametrize(
    "case", TRANSLATION_EXPRESSIBLE, ids=[c.name for c in TRANSLATION_EXPRESSIBLE]
)
def test_committed_overlay_schema_rejects_broken_translation(case: Case) -> None:
    errors = _errors(case)
    assert errors, f"schema/{case.schema} accepts {case.name}, which the loader rejects"
    keywords = {e.validator for e in _leaves(errors)}
    assert keywords & SCHEMA_RULES[case.rule], (case.rule, keywords)


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.name for c in ACCEPTED])
def test_mistakes_beyond_json_schema_pass_the_schema(case: Case) -> None:
    # if one of these starts failing, the schema has learned the rule: move the fixture
    assert [e.message for e in _errors(case)] == []


@pytest.mark.parametrize("kind", [k for k in FILE_KINDS if k.is_collection], ids=lambda k: k.name)
def test_an_empty_items_list_fails(kind: Any) -> None:
    errors = list(_validator(kind.schema_filename).iter_errors({"items": []}))
    assert [(e.validator, list(e.absolute_path)) for e in errors] == [("minItems", ["items"])]


def _arrays_with_string_lengths(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "array" and {"minLength", "maxLength"} & set(node):
            yield where
        if node.get("type") == "string" and {"minItems", "maxItems"} & set(node):
            yield where
        for key, value in node.items():
            yield from _arrays_with_string_lengths(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _arrays_with_string_lengths(value, f"{where}/{i}")


def test_length_keywords_fit_the_type_they_constrain() -> None:
    # minLength on an array is silently ignored by every JSON Schema validator
    wrong = [
        where
        for path in sorted(SCHEMA.glob("*.schema.json"))
        for where in _arrays_with_string_lengths(committed_schema(path.name), path.name)
    ]
    assert wrong == []


CRISIS = {
    "id": "x",
    "updated": "2026-11-27",
    "title": "T",
    "summary": "S",
    "emergency_numbers": ["112"],
}
REVIEWER = {"name": "N", "credential": "C", "scope": "S", "reviewed_on": "2026-11-27"}
REVIEW = {"last_updated": "2026-11-27", "process": "P"}


def _model_accepts(model: type[Any], data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ModelError:
        return False
    return True


def _schema_accepts(schema_file: str, definition: str, data: dict[str, Any]) -> bool:
    schema = committed_schema(schema_file)
    schema = {**schema["$defs"][definition], "$defs": schema["$defs"]}
    return Draft202012Validator(schema).is_valid(data)


@pytest.mark.parametrize("regions", [None, [], ["US"]])
@pytest.mark.parametrize("fallback", [None, False, True])
def test_crisis_rule_in_the_schema_agrees_with_the_model(
    regions: list[str] | None, fallback: bool | None
) -> None:
    data: dict[str, Any] = dict(CRISIS)
    if regions is not None:
        data["regions"] = regions
    if fallback is not None:
        data["fallback"] = fallback
    assert _schema_accepts("crisis-resources.schema.json", "CrisisResource", data) == (
        _model_accepts(CrisisResource, data)
    )


@pytest.mark.parametrize("status", ["not-clinically-reviewed", "clinically-reviewed"])
@pytest.mark.parametrize("reviewers", [None, [], [REVIEWER]])
def test_review_rule_in_the_schema_agrees_with_the_model(
    status: str, reviewers: list[dict[str, str]] | None
) -> None:
    data: dict[str, Any] = {**REVIEW, "status": status}
    if reviewers is not None:
        data["reviewers"] = reviewers
    assert _schema_accepts("metadata.schema.json", "Review", data) == (_model_accepts(Review, data))


@pytest.mark.parametrize("status", [None, "not-clinically-reviewed", "clinically-reviewed"])
@pytest.mark.parametrize("reviewers", [None, [], [REVIEWER]])
def test_item_review_rule_in_the_schema_agrees_with_the_model(
    status: str | None, reviewers: list[dict[str, str]] | None
) -> None:
    data: dict[str, Any] = {}
    if status is not None:
        data["status"] = status
    if reviewers is not None:
        data["reviewers"] = reviewers
    assert _schema_accepts("principles.schema.json", "ItemReview", data) == (
        _model_accepts(ItemReview, data)
    )


@pytest.mark.parametrize("yourself", [None, [], ["Q?"]])
@pytest.mark.parametrize("therapist", [None, [], ["Q?"]])
def test_questions_rule_in_the_schema_agrees_with_the_model(
    yourself: list[str] | None, therapist: list[str] | None
) -> None:
    data: dict[str, Any] = {
        "id": "x",
        "updated": "2026-11-27",
        "title": "T",
        "summary": "S",
        "body": "B",
    }
    if yourself is not None:
        data["ask_yourself"] = yourself
    if therapist is not None:
        data["ask_your_therapist"] = therapist
    assert _schema_accepts("considerations.schema.json", "Consideration", data) == (
        _model_accepts(Consideration, data)
    )


CODES = [
    *({"system": s.value, "code": c, "display": d} for (s, c), d in VETTED.items()),
    {"system": "icd-11-mms", "code": "F41.1", "display": "Generalized anxiety disorder"},
    {"system": "icd-10-cm", "code": "F41.0", "display": "Panic disorder"},
    {"system": "icd-10-cm", "code": "F33", "display": "Recurrent depressive disorder"},
    {"system": "icd-10", "code": "f41.1", "display": "Generalized anxiety disorder"},
    {"system": "icd-11-mms", "code": "6I00", "display": "x"},
]


@pytest.mark.parametrize(
    "data", CODES, ids=lambda d: f"{d['system']}-{d['code']}-{d['display'][:12]}"
)
def test_code_rules_in_the_schema_agree_with_the_model(data: dict[str, str]) -> None:
    assert _schema_accepts("conditions.schema.json", "DiagnosisCode", data) == (
        _model_accepts(DiagnosisCode, data)
    )


@pytest.mark.parametrize(
    ("fixture", "model", "data"),
    [
        ("crisis-without-region", CrisisResource, CRISIS),
        ("review-without-reviewers", Review, {**REVIEW, "status": "clinically-reviewed"}),
    ],
)
def test_validate_words_a_cross_field_rule_as_the_model_does(
    fixture: str,
    model: type[Any],
    data: dict[str, Any],
    content_copy: Path,
    cli: Callable[..., Completed],
) -> None:
    # the schema now catches these before the model does; the message must not change
    with pytest.raises(ModelError) as raised:
        model.model_validate(data)
    expected = str(raised.value.errors()[0]["msg"]).removeprefix("Value error, ")
    case = next(c for c in content_cases() if c.name == fixture)
    shutil.copyfile(case.path, content_copy / case.target)
    result = cli("validate", str(content_copy.parent), "--format", "json")
    assert [(p["rule"], p["message"]) for p in result.json()["problems"]] == [
        ("invalid-value", expected)
    ]
