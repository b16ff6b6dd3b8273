"""The static query cost limit and the response size limit, as a hostile client meets them.

Every refused document must come back as a GraphQL error with its code, before any
resolver runs, within bounded time, and the app must keep answering afterwards.
"""

from __future__ import annotations

import time

import pytest
from graphql import get_introspection_query, parse

from pdcontent_api.cost import RICH_TEXT_COST, UNBOUNDED_LIST_SIZE, document_cost
from pdcontent_api.schema import build_schema

from .conftest import BOUNDED_SECONDS, GRAPHQL_RESPONSE, Api, graphql_get, graphql_post, make_api

SCHEMA = build_schema()._schema


def cost(query: str) -> int:
    """The estimated cost of ``query``."""
    return document_cost(SCHEMA, parse(query))


def see_also_chain(levels: int) -> str:
    """A glossary page whose terms nest ``seeAlso`` ``levels`` deep, HTML at the bottom."""
    inner = "id body(format: HTML)"
    for _ in range(levels):
        inner = f"id seeAlso {{ {inner} }}"
    return f"{{ glossary(limit: 100) {{ items {{ {inner} }} }} }}"


# --- the estimate -------------------------------------------------------------------------


def test_a_scalar_field_costs_one() -> None:
    assert cost("{ approach { id } }") == 2  # the object, then its field
    assert cost("{ __typename }") == 1


def test_rich_text_costs_more() -> None:
    plain = cost("{ approach { title } }")
    rich = cost("{ approach { body(format: HTML) } }")
    assert rich - plain == RICH_TEXT_COST - 1


def test_a_page_multiplies_its_items_by_its_limit() -> None:
    one = cost("{ glossary(limit: 1) { items { id } } }")
    hundred = cost("{ glossary(limit: 100) { items { id } } }")
    # the page field, then per item the item and its field
    assert (one, hundred) == (1 + 1 * 2, 1 + 100 * 2)


def test_the_limit_default_applies_when_no_limit_is_given() -> None:
    # the schema's default is 50
    assert cost("{ glossary { items { id } } }") == 1 + 50 * 2


def test_a_limit_from_a_variable_counts_its_default_or_the_maximum() -> None:
    with_default = "query($n: Int! = 5) { glossary(limit: $n) { items { id } } }"
    without = "query($n: Int!) { glossary(limit: $n) { items { id } } }"
    assert cost(with_default) == 1 + 5 * 2
    assert cost(without) == 1 + 100 * 2  # the most query.py accepts


def test_an_oversized_limit_counts_as_the_maximum() -> None:
    # query.py refuses it anyway; the estimate must not overflow or go negative
    assert cost("{ glossary(limit: 1000000000) { items { id } } }") == 1 + 100 * 2
    assert cost("{ glossary(limit: -5) { items { id } } }") == 1


def test_search_multiplies_by_first() -> None:
    assert cost('{ search(query: "a", first: 7) { id } }') == 7 * 2
    assert cost('{ search(query: "a") { id } }') == 10 * 2


def test_lists_without_a_size_count_a_fixed_number() -> None:
    assert cost('{ glossaryTerm(id: "x") { seeAlso { id } } }') == 1 + UNBOUNDED_LIST_SIZE * 2


def test_aliases_are_counted_after_expansion() -> None:
    one = cost("{ glossary(limit: 100) { items { id } } }")
    many = cost(
        "{ " + " ".join(f"a{i}: glossary(limit: 100) {{ items {{ id }} }}" for i in range(7)) + " }"
    )
    assert many == 7 * one


def test_fragments_are_counted_where_they_are_spread() -> None:
    inline = cost("{ glossary(limit: 100) { items { id seeAlso { id } } } }")
    spread = cost(
        "{ glossary(limit: 100) { items { ...T } } }"
        " fragment T on GlossaryTerm { id seeAlso { id } }"
    )
    typed = cost("{ glossary(limit: 100) { items { ... on GlossaryTerm { id seeAlso { id } } } } }")
    assert inline == spread == typed


def test_a_fragment_bomb_is_priced_in_linear_time() -> None:
    # F0 spreads F1 twice, F1 spreads F2 twice, ... 40 levels: 2^40 leaves when expanded
    levels = 40
    fragments = " ".join(
        f"fragment F{i} on GlossaryTerm"
        f" {{ a: seeAlso {{ ...F{i + 1} }} b: seeAlso {{ ...F{i + 1} }} }}"
        for i in range(levels)
    )
    last = f"fragment F{levels} on GlossaryTerm {{ id }}"
    query = f'{{ glossaryTerm(id: "x") {{ ...F0 }} }} {fragments} {last}'
    started = time.perf_counter()
    priced = cost(query)
    assert time.perf_counter() - started < 1.0
    assert priced >= 10**12  # saturated at the ceiling, never an exact 2^40 walk


def test_a_fragment_cycle_does_not_hang_the_estimate() -> None:
    query = (
        '{ glossaryTerm(id: "x") { ...A } }'
        " fragment A on GlossaryTerm { seeAlso { ...B } }"
        " fragment B on GlossaryTerm { seeAlso { ...A } }"
    )
    assert cost(query) < 1000


# --- the limit over HTTP ------------------------------------------------------------------


@pytest.mark.parametrize("levels", [2, 5, 7])
def test_a_costly_document_is_refused_before_execution(api: Api, levels: int) -> None:
    started = time.perf_counter()
    response = graphql_post(api, {"query": see_also_chain(levels)})
    assert time.perf_counter() - started < BOUNDED_SECONDS
    assert response.status_code == 200  # a validation error, for an application/json client
    body = response.json()
    assert "data" not in body  # refused before execution
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["maxCost"] == 60_000
    assert error["extensions"]["cost"] > 60_000
    assert "exceeds the maximum of 60000" in error["message"]
    assert "Traceback" not in response.text
    assert "/work" not in response.text
    api.alive()


def test_a_costly_document_is_400_for_graphql_response_json(api: Api) -> None:
    response = graphql_post(api, {"query": see_also_chain(4)}, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_costly_document_is_refused_by_get_too(api: Api) -> None:
    response = graphql_get(api, see_also_chain(4))
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert response.headers["cache-control"] == "no-cache"


def test_a_costly_persisted_query_is_refused(api: Api) -> None:
    import hashlib

    document = see_also_chain(4)
    digest = hashlib.sha256(document.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    response = graphql_post(api, {"query": document, "extensions": extensions})
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    again = graphql_post(api, {"extensions": extensions})
    codes = [e["extensions"]["code"] for e in again.json()["errors"]]
    assert codes in (["QUERY_TOO_COSTLY"], ["PERSISTED_QUERY_NOT_FOUND"])


def test_aliased_pages_add_up_to_a_refusal() -> None:
    api = make_api(max_cost=1_000)
    page = "glossary(limit: 100) { items { id title } }"  # 301 each
    assert api.data(" ".join(["{", *(f"a{i}: {page}" for i in range(3)), "}"]))
    error = api.error(" ".join(["{", *(f"a{i}: {page}" for i in range(4)), "}"]))
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 1204, "maxCost": 1_000}


def test_the_limit_follows_the_setting_and_the_boundary_is_exact() -> None:
    query = "{ glossary(limit: 10) { items { id } } }"  # 1 + 10 * 2
    assert make_api(max_cost=21).data(query)
    assert make_api(max_cost=20).error(query)["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_document_refused_for_cost_is_not_remembered_as_valid() -> None:
    api = make_api(max_cost=10)
    query = "{ glossary(limit: 10) { items { id } } }"
    for _ in range(3):  # a refused document is never marked validated, so never runs
        assert api.error(query)["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_an_ordinary_client_query_is_well_within_the_default() -> None:
    query = (
        "{ glossary(limit: 100) { total items { id title body(format: HTML)"
        " seeAlso { id title } } } }"
    )
    assert cost(query) < 60_000


# --- the response size limit --------------------------------------------------------------


def test_a_response_over_the_size_limit_is_an_error_with_a_code() -> None:
    api = make_api(max_response_bytes=2_000)
    body = api.result("{ glossary(limit: 100) { items { id body(format: HTML) } } }")
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "RESPONSE_TOO_LARGE", "maxResponseBytes": 2_000}
    assert "exceeds the maximum of 2000" in error["message"]
    api.alive()  # a small answer still passes


def test_the_response_size_boundary_is_exact() -> None:
    query = "{ approach { id } }"
    size = len(make_api().request("POST", "/graphql", json={"query": query}).content)
    assert make_api(max_response_bytes=size).data(query)
    refused = make_api(max_response_bytes=size - 1).result(query)
    assert refused["errors"][0]["extensions"]["code"] == "RESPONSE_TOO_LARGE"


def test_a_too_large_response_is_not_cached() -> None:
    api = make_api(max_response_bytes=2_000)
    query = "{ glossary(limit: 100) { items { id body(format: HTML) } } }"
    first = api.post(query)
    again = api.post(query)
    assert first.headers["cache-control"] == again.headers["cache-control"] == "no-cache"
    assert "etag" not in again.headers


# --- introspection ------------------------------------------------------------------------


def test_the_full_introspection_query_fits_the_default(api: Api) -> None:
    # GraphiQL and code generators send this; it must keep working under the default
    query = get_introspection_query(descriptions=True, directive_is_repeatable=True)
    assert 10_000 < cost(query) <= 60_000
    body = api.result(query)
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_is_priced_not_free(api: Api) -> None:
    # meta fields are on no type's field map; they must not cost 1 like __typename
    one = "__schema { types { fields { args { type { name } } } } }"
    assert cost("{ " + one + " }") > 1_000
    aliased = "{ " + " ".join(f"a{i}: {one}" for i in range(30)) + " }"
    error = api.error(aliased)
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert cost('{ __type(name: "Query") { fields { name } } }') == 1 + 10 * 2
