"""The committed JSON Schemas: current with the models, and usable by non-Python tools."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types as at
import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic.fields import FieldInfo

from pdcontent.models import FILE_KINDS, Collection, FileKind, Model, translatable_field
from pdcontent.schemagen import (
    REGENERATE_COMMAND,
    content_schemas,
    generated_files,
    render,
)
from pdcontent.translations.policy import TranslationPolicy
from pdcontent_api.commands import GRAPHQL_SDL

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


def _model_classes(cls: type[Model]) -> Iterator[type[Model]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _model_classes(sub)


MODELS = {cls.__name__: cls for cls in _model_classes(Model)}


def _translatable_format(prop: dict[str, Any]) -> str | None:
    """The ``x-format`` of a property that is, holds or may be a translatable text."""
    for candidate in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
        if candidate.get("x-translatable") is True:
            return str(candidate["x-format"])
    return None


def _models_in(schema_file: str) -> list[tuple[type[Model], dict[str, Any]]]:
    """The models a committed schema describes, each with its JSON Schema object."""
    schema = json.loads((SCHEMA / schema_file).read_text(encoding="utf-8"))
    roots = {k.schema_filename: k.model for k in FILE_KINDS}
    roots["translation-policy.schema.json"] = TranslationPolicy
    found = [(roots[schema_file], schema)] if schema_file in roots else []
    return found + [
        (MODELS[name], body) for name, body in schema.get("$defs", {}).items() if name in MODELS
    ]


@pytest.mark.parametrize("kind", FILE_KINDS, ids=[k.name for k in FILE_KINDS])
def test_schema_marks_exactly_the_fields_the_marker_marks(kind: FileKind) -> None:
    objects = _models_in(kind.schema_filename)
    for model, body in objects:
        marked = {
            name: "markdown" if field.markdown else "names" if field.names else "plain"
            for name, info in model.model_fields.items()
            if (field := translatable_field(name, info)) is not None
        }
        in_schema = {
            name: fmt
            for name, prop in body["properties"].items()
            if (fmt := _translatable_format(prop)) is not None
        }
        assert in_schema == marked, model.__name__
    assert any(body["properties"] for _, body in objects)


def _keywords(metadata: list[Any], is_array: bool) -> dict[str, Any]:
    """The JSON Schema keywords that state a field's Pydantic constraints."""
    out: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, at.MinLen):
            out["minItems" if is_array else "minLength"] = item.min_length
        elif isinstance(item, at.MaxLen):
            out["maxItems" if is_array else "maxLength"] = item.max_length
        elif isinstance(item, at.Ge):
            out["minimum"] = item.ge
        elif isinstance(item, at.Le):
            out["maximum"] = item.le
        elif isinstance(item, at.Gt):
            out["exclusiveMinimum"] = item.gt
        elif isinstance(item, at.Lt):
            out["exclusiveMaximum"] = item.lt
        elif getattr(item, "pattern", None) is not None:
            out["pattern"] = item.pattern
        elif isinstance(item, FieldInfo):
            out.update(_keywords(item.metadata, is_array))
    return out


def _item_metadata(annotation: Any) -> list[Any] | None:
    """The constraints on the items of a tuple or Collection field, or None for others."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and len(args) == 1:
        return _item_metadata(args[0])
    origin = get_origin(annotation)
    if origin is tuple or (isinstance(origin, type) and issubclass(origin, Collection)):
        (item, *_) = args
        return list(get_args(item)[1:]) if get_origin(item) is Annotated else []
    return None


def _plain(prop: dict[str, Any]) -> dict[str, Any]:
    """An optional property's non-null branch; any other property as it is."""
    branches = [b for b in prop.get("anyOf", []) if b.get("type") != "null"]
    return branches[0] if len(branches) == 1 else prop


@pytest.mark.parametrize("schema_file", sorted(p.name for p in SCHEMA.glob("*.schema.json")))
def test_every_field_constraint_of_the_models_is_in_the_schema(schema_file: str) -> None:
    for model, body in _models_in(schema_file):
        assert body.get("additionalProperties") is False, model.__name__
        required = {n for n, info in model.model_fields.items() if info.is_required()}
        assert set(body.get("required", [])) == required, model.__name__
        for name, info in model.model_fields.items():
            prop = _plain(body["properties"][name])
            item_metadata = _item_metadata(info.annotation)
            expected = _keywords(info.metadata, is_array=item_metadata is not None)
            assert {k: prop.get(k) for k in expected} == expected, (model.__name__, name)
            if item_metadata:
                items = _plain(prop["items"])
                expected = _keywords(item_metadata, is_array=False)
                assert {k: items.get(k) for k in expected} == expected, (model.__name__, name)
