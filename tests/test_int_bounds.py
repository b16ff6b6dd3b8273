"""Whole numbers in content are bounded: to what GraphQL ``Int`` carries, and to the domain.

Before, ``order: 99999999999`` validated and then broke every query of phases (GraphQL
``Int`` is 32-bit); now content that validates can always be served.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pdcontent.models import FILE_KINDS
from pdcontent.models.entries import GRAPHQL_INT_MAX, ORDER_MAX, RANGE_MAX

from .conftest import CONTENT, Completed

GRAPHQL_INT_MIN = -(2**31)


def integers(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every integer-typed node of a JSON Schema, with where it is."""
    if isinstance(schema, dict):
        if schema.get("type") == "integer":
            yield where, schema
        for key, value in schema.items():
            yield from integers(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from integers(value, f"{where}/{index}")


def test_every_integer_field_fits_a_graphql_int() -> None:
    found = 0
    for kind in FILE_KINDS:
        for where, node in integers(kind.model.model_json_schema(mode="validation")):
            found += 1
            assert node.get("minimum", GRAPHQL_INT_MIN - 1) >= GRAPHQL_INT_MIN, (kind, where)
            assert node.get("maximum", GRAPHQL_INT_MAX + 1) <= GRAPHQL_INT_MAX, (kind, where)
    assert found >= 5  # order, year, the two range ends, the review cycle


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize(
    ("file", "old", "value"),
    [
        ("phases.yaml", "order: 1\n", str(ORDER_MAX + 1)),
        ("phases.yaml", "order: 1\n", str(2**31)),
        ("phases.yaml", "order: 1\n", "99999999999999999999999"),
        ("session-guide.yaml", "min: ", str(RANGE_MAX + 1)),
    ],
)
def test_an_integer_over_its_maximum_is_a_problem_at_its_position(
    root: Path, command: Callable[..., Completed], file: str, old: str, value: str
) -> None:
    path = root / "en" / file
    text = path.read_text(encoding="utf-8")
    if old == "min: ":
        match = re.search(r"min: (\d+)", text)
        assert match is not None
        old, new = match.group(0), f"min: {value}"
    else:
        new = f"order: {value}\n"
    line = replace_in(path, old, new)
    result = command("validate", str(root / "en"))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert re.search(rf"en/{re.escape(file)}:{line}:\d+: invalid-value: ", result.out), result.out


def test_the_largest_allowed_values_validate_and_are_served(
    root: Path, command: Callable[..., Completed]
) -> None:
    from pdcontent_api.app import create_app
    from pdcontent_api.settings import Settings

    from .api.conftest import Api

    replace_in(root / "en" / "phases.yaml", "order: 4\n", f"order: {ORDER_MAX}\n")
    text = (root / "en" / "session-guide.yaml").read_text(encoding="utf-8")
    text = re.sub(r"max: \d+", f"max: {RANGE_MAX}", text, count=1)
    (root / "en" / "session-guide.yaml").write_text(text, encoding="utf-8")
    assert command("validate", str(root / "en")).code == 0
    api = Api(create_app(Settings(content_root=str(root))))
    data = api.data("{ phases { items { order } } sessionGuide { minutes { max } } }")
    assert max(p["order"] for p in data["phases"]["items"]) == ORDER_MAX
    assert data["sessionGuide"]["minutes"]["max"] == RANGE_MAX
