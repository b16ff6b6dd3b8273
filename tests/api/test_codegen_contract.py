"""What a code generator reads from ``schema/schema.graphql``: ids, descriptions, lists."""

from __future__ import annotations

import re

import pytest
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)

from pdcontent.models import KINDS, relation_marker, reverse_relations

from ..conftest import SCHEMA
from .conftest import BY_ID, Api, camel


@pytest.fixture(scope="module")
def sdl() -> GraphQLSchema:
    return build_schema((SCHEMA / "schema.graphql").read_text(encoding="utf-8"))


def _object_types(schema: GraphQLSchema) -> list[GraphQLObjectType]:
    return [
        t
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    ]


def test_every_id_field_is_id(sdl: GraphQLSchema) -> None:
    ids = {f"{t.name}.id": str(t.fields["id"].type) for t in _object_types(sdl) if "id" in t.fields}
    assert len(ids) >= len([k for k in KINDS if k.paged])
    assert {name: kind for name, kind in ids.items() if kind != "ID!"} == {}


def test_every_id_argument_is_id(sdl: GraphQLSchema) -> None:
    query = sdl.query_type
    assert query is not None
    for field in BY_ID:
        assert str(query.fields[field].args["id"].type) == "ID!", field


def test_an_id_read_from_one_answer_is_the_variable_of_the_next(api: Api) -> None:
    # what generated clients do: the type of `technique.id` is the type of `$id`
    first = api.data("{ techniques(limit: 1) { items { id } } }")
    (item,) = first["techniques"]["items"]
    query = "query($id: ID!) { technique(id: $id) { id title } }"
    assert api.data(query, {"id": item["id"]})["technique"]["id"] == item["id"]


def test_relation_fields_describe_what_they_return(sdl: GraphQLSchema) -> None:
    checked = 0
    for kind in KINDS:
        gql_type = sdl.type_map.get(kind.graphql_name)
        assert isinstance(gql_type, GraphQLObjectType), kind.graphql_name
        forward = [n for n, i in kind.model.model_fields.items() if relation_marker(i)]
        for name in [*forward, *reverse_relations(kind)]:
            field = gql_type.fields[camel(name)]
            # a list of the related items, not of ids, and said so
            assert isinstance(field.type, GraphQLNonNull)
            assert isinstance(field.type.of_type, GraphQLList)
            assert get_named_type(field.type).name != "ID"
            description = field.description or ""
            assert not re.search(r"\bids?\b", description, re.IGNORECASE), (name, description)
            assert description.startswith("The "), (name, description)
            checked += 1
    assert checked >= 8


def test_search_is_a_ranked_list_bounded_by_first(sdl: GraphQLSchema) -> None:
    """``search`` is no page: the README's JavaScript section says why."""
    query = sdl.query_type
    assert query is not None
    search = query.fields["search"]
    assert str(search.type) == "[SearchResult!]!"
    assert "first" in search.args
    assert not {"limit", "offset"} & set(search.args)
