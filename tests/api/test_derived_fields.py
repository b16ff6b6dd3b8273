"""Every model field reaches the GraphQL schema, unless it is excluded on purpose.

The GraphQL types are derived from the Pydantic models (``pdcontent_api.derive``). These
tests read the built schema, so a model field added without a GraphQL counterpart (or
hidden by a class attribute of the same name) fails here.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
import types
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import strawberry
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLSchema
from pydantic import BaseModel
from strawberry.types.base import get_object_definition

import pdcontent_api.types
from pdcontent import models
from pdcontent_api import build_schema, derive
from pdcontent_api.context import Ctx

SCHEMA = build_schema()  # building it resolves every lazy type, so DERIVED is complete
TYPE_MAP = SCHEMA._schema.type_map
DERIVED = dict(derive.DERIVED)


def camel(name: str) -> str:
    """``snake_case`` as Strawberry names it in the schema."""
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def graphql_name(cls: type) -> str:
    """The GraphQL name of a Strawberry class."""
    return get_object_definition(cls, strict=True).name


def missing_fields(cls: type, model: type[BaseModel], schema: GraphQLSchema) -> list[str]:
    """Model fields of ``model`` that ``cls`` does not expose in ``schema``."""
    gql = schema.type_map[graphql_name(cls)]
    assert isinstance(gql, GraphQLObjectType)
    return [name for name in model.model_fields if camel(name) not in gql.fields]


def _optional(annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    union = get_origin(annotation) in (types.UnionType, Union)
    return union and type(None) in get_args(annotation)


def test_every_kind_and_every_model_it_holds_has_a_type() -> None:
    held: set[type[BaseModel]] = set()
    stack: list[Any] = [models.ContentTree]
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in held:
                held.add(annotation)
                stack += [info.annotation for info in annotation.model_fields.values()]
        else:
            stack += get_args(annotation)
    held.discard(models.ContentTree)
    assert {kind.model for kind in models.KINDS} <= held
    assert set(DERIVED.values()) >= held
    for model in held:
        assert graphql_name(derive.REGISTRY[model]) in TYPE_MAP, model


def test_every_type_module_is_in_the_schema() -> None:
    """Each derived class in ``pdcontent_api.types`` is reachable from the root query."""
    for info in pkgutil.iter_modules(pdcontent_api.types.__path__):
        importlib.import_module(f"pdcontent_api.types.{info.name}")
    for cls in derive.DERIVED:
        assert graphql_name(cls) in TYPE_MAP, cls


@pytest.mark.parametrize("cls", list(DERIVED), ids=lambda c: c.__name__)
def test_every_model_field_is_exposed_or_excluded(cls: type) -> None:
    model = DERIVED[cls]
    assert missing_fields(cls, model, SCHEMA._schema) == [], (
        f"{model.__name__} has fields that GraphQL type {graphql_name(cls)} does not expose"
    )


@pytest.mark.parametrize("rel", models.RELATIONS, ids=lambda r: f"{r.source.name}.{r.field}")
def test_relations_and_their_ways_back_are_fields(rel: models.Relation) -> None:
    source = TYPE_MAP[rel.source.graphql_name]
    target = TYPE_MAP[rel.target.graphql_name]
    assert isinstance(source, GraphQLObjectType)
    assert isinstance(target, GraphQLObjectType)
    forward = source.fields[camel(rel.field)]
    assert forward.description == rel.marker.doc
    assert str(forward.type) == f"[{rel.target.graphql_name}!]!"
    back = target.fields[camel(rel.reverse)]
    assert back.description == rel.marker.reverse_doc
    many = {
        r.source.name
        for r in models.RELATIONS
        if r.target is rel.target and r.reverse == rel.reverse
    }
    expected = "ContentRef" if len(many) > 1 else rel.source.graphql_name
    assert str(back.type) == f"[{expected}!]!"


@pytest.mark.parametrize("cls", list(DERIVED), ids=lambda c: c.__name__)
def test_nullability_follows_the_model(cls: type) -> None:
    model = DERIVED[cls]
    gql = TYPE_MAP[graphql_name(cls)]
    assert isinstance(gql, GraphQLObjectType)
    for name, info in model.model_fields.items():
        field = gql.fields[camel(name)]
        nullable = not isinstance(field.type, GraphQLNonNull)
        assert nullable == _optional(info.annotation), f"{graphql_name(cls)}.{camel(name)}"


def test_translatable_types_have_a_locale_field() -> None:
    for cls, model in DERIVED.items():
        gql = TYPE_MAP[graphql_name(cls)]
        assert isinstance(gql, GraphQLObjectType)
        translatable = any(models.translatable_field(n, i) for n, i in model.model_fields.items())
        assert ("locale" in gql.fields) == translatable, graphql_name(cls)


def test_markdown_fields_take_a_format_argument() -> None:
    checked = 0
    for cls, model in DERIVED.items():
        gql = TYPE_MAP[graphql_name(cls)]
        assert isinstance(gql, GraphQLObjectType)
        for name, info in model.model_fields.items():
            described = models.translatable_field(name, info)
            if described is None or not described.markdown:
                continue
            assert "format" in gql.fields[camel(name)].args, f"{graphql_name(cls)}.{name}"
            checked += 1
    assert checked >= 11


def _resolver_of(cls: type) -> Any:
    """A resolver returning ``cls | None``, with a real (not string) return annotation."""

    def resolve() -> None:
        return None

    resolve.__annotations__ = {"return": cls | None}
    return resolve


def test_the_check_catches_a_field_hidden_from_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class attribute named like a model field stops derive from exposing it."""
    monkeypatch.setattr(derive, "REGISTRY", {})
    monkeypatch.setattr(derive, "DERIVED", {})

    class Secretive(models.Model):
        """A model with a field the API type shadows."""

        id: str
        secret: str

    # built with real (not string) annotations, since these classes are local
    private = {"item": strawberry.Private[Secretive], "ctx": strawberry.Private[Ctx]}
    hiding: type = type(
        "Hiding", (), {"__annotations__": {**private, "secret": strawberry.Private[str]}}
    )
    hiding = strawberry.type(derive.derive(Secretive)(hiding))
    plain = derive.generate(Secretive)
    fields: dict[str, Any] = {
        "a": strawberry.field(resolver=_resolver_of(hiding)),
        "b": strawberry.field(resolver=_resolver_of(plain)),
    }
    query = strawberry.type(type("Query", (), fields))
    schema = strawberry.Schema(query=query)._schema

    assert missing_fields(hiding, Secretive, schema) == ["secret"]
    assert missing_fields(plain, Secretive, schema) == []


def test_importing_pdcontent_does_not_import_the_api_stack() -> None:
    code = (
        "import json, sys\n"
        "import pdcontent\n"
        "before = sorted(sys.modules)\n"
        "pdcontent.load('en')\n"
        "heavy = ('strawberry', 'starlette', 'uvicorn', 'nh3', 'httpx',\n"
        "         'pdcontent_api', 'graphql')\n"
        "print(json.dumps({\n"
        "    'import': [m for m in before if m.split('.')[0] in heavy],\n"
        "    'load': [m for m in sys.modules if m.split('.')[0] in heavy],\n"
        "}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"import": [], "load": []}
