"""The committed JSON Schemas: current with the models, and usable by non-Python tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from pdcontent.models import FILE_KINDS, FileKind
from pdcontent.schemagen import (
    GRAPHQL_SDL,
    REGENERATE_COMMAND,
    content_schemas,
    generated_files,
    render,
)

from .conftest import CONTENT, SCHEMA, Completed


class _JsonLoader(yaml.SafeLoader):
    """Plain PyYAML, as another tool would use it, but keeping dates as text like JSON."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_JsonLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def test_committed_schemas_match_the_models() -> None:
    expected = content_schemas()
    committed = {p.name for p in SCHEMA.glob("*.schema.json")}
    assert committed >= set(expected), f"missing schema files; run `{REGENERATE_COMMAND}`"
    for name, schema in expected.items():
        text = (SCHEMA / name).read_text(encoding="utf-8")
        assert text == render(schema), (
            f"schema/{name} is out of date with the models; run `{REGENERATE_COMMAND}`"
        )


def test_schemas_are_draft_2020_12_with_ids() -> None:
    ids = set()
    for kind in FILE_KINDS:
        schema = json.loads((SCHEMA / kind.schema_filename).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        ids.add(schema["$id"])
    assert len(ids) == len(FILE_KINDS)


@pytest.mark.parametrize("kind", FILE_KINDS, ids=[k.name for k in FILE_KINDS])
def test_shipped_content_validates_against_committed_schema(kind: FileKind) -> None:
    name = kind.name
    schema = json.loads((SCHEMA / f"{name}.schema.json").read_text(encoding="utf-8"))
    data = yaml.load(
        (CONTENT / "en" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=_JsonLoader
    )
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]


def test_committed_schemas_reject_broken_content() -> None:
    schema = json.loads((SCHEMA / "techniques.schema.json").read_text(encoding="utf-8"))
    broken = {"items": [{"id": "Bad Id", "title": "", "summary": "s", "body": "b", "x": 1}]}
    messages = [e.message for e in Draft202012Validator(schema).iter_errors(broken)]
    assert any("Additional properties" in m for m in messages)
    assert any("does not match" in m for m in messages)


def test_every_content_file_starts_with_a_modeline_to_its_schema() -> None:
    for kind in FILE_KINDS:
        path = CONTENT / "en" / kind.filename
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schema/{kind.schema_filename}"
        assert (path.parent / Path(first.split("=", 1)[1])).resolve().is_file()


def test_schema_command_regenerates_and_checks(
    command: Callable[..., Completed], tmp_path: Path
) -> None:
    run = command
    out = tmp_path / "schema"
    result = run("schema", "--output", str(out))
    assert result.code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(generated_files())
    assert run("schema", "--check", "--output", str(out)).code == 0
    (out / "phases.schema.json").write_text("{}\n", encoding="utf-8")
    stale = run("schema", "--check", "--output", str(out))
    assert stale.code == 1
    assert "phases.schema.json" in stale.out
    assert REGENERATE_COMMAND in stale.out


def test_committed_graphql_sdl_matches_the_api() -> None:
    expected = generated_files()[GRAPHQL_SDL]
    committed = (SCHEMA / GRAPHQL_SDL).read_text(encoding="utf-8")
    assert committed == expected, (
        f"schema/{GRAPHQL_SDL} is out of date with the API; run `{REGENERATE_COMMAND}`"
    )
