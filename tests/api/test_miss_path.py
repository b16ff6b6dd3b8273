"""The path of a document the server has not seen: parsed once, validated once, in one pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import parse, specified_rules
from graphql import validate as graphql_validate

from pdcontent_api import documents, execution
from pdcontent_api.schema import build_schema
from pdcontent_api.validation import validate

from .conftest import make_api

SCHEMA = build_schema()._schema


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of ``module.name``, which still does its real work."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_new_document_is_parsed_once_and_validated_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = make_api()
    parses = _counting(monkeypatch, documents, "parse")
    validations = _counting(monkeypatch, execution, "validate_in")
    query = "query T($id: ID!) { glossaryTerm(id: $id) { id title } }"
    for term in ("unconscious", "insight", "transference"):
        assert api.data(query, {"id": term})["glossaryTerm"]["id"] == term
    # three requests with new variables: each a response-cache miss, one parse, one check
    assert (len(parses), len(validations)) == (1, 1)
    assert api.data("{ approach { a1: id } }") == {"approach": {"a1": "psychodynamic-therapy"}}
    assert (len(parses), len(validations)) == (2, 2)


def test_the_token_limit_applies_while_parsing() -> None:
    api = make_api(max_tokens=20)
    assert api.data("{ approach { id } }")
    fields = " ".join(f"a{i}: id" for i in range(20))
    error = api.error(f"{{ approach {{ {fields} }} }}")
    assert "Document contains more than 20 tokens" in error["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ nope }",
        "{ approach }",
        "{ principle { id } }",
        "{ principle(id: 1.5) { id } }",
        "query($x: Int) { approach { id } }",
        "query Q($x: Int) { glossaryTerm(id: 3) { nope title { x } } ...F }"
        " fragment F on Query { approach { id } } fragment G on Query { approach { id } }",
        "{ a: approach { id } a: glossaryTerm(id: 1) { id } }",
        "query A { approach { id } } query A { approach { title } }",
        "{ approach { id ... on GlossaryTerm { id } } }",
        "{ approach { id } }",
    ],
)
def test_one_pass_validation_reports_what_graphql_core_reports(query: str) -> None:
    tree = parse(query)
    ours = [(e.message, e.locations) for e in validate(SCHEMA, tree, specified_rules)]
    theirs = [(e.message, e.locations) for e in graphql_validate(SCHEMA, tree)]
    assert ours == theirs
