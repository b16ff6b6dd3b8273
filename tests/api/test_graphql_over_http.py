"""GraphQL over HTTP: media types, status codes, methods and request validation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .conftest import GRAPHQL_RESPONSE, Api, graphql_get, graphql_post, make_api

QUERY = "{ approach { id } }"
APPROACH = {"data": {"approach": {"id": "psychodynamic-therapy"}}}
MEDIA_TYPES = ["application/json", GRAPHQL_RESPONSE]


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";", 1)[0].strip()


def assert_request_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["errors"], body
    assert "data" not in body  # a request error: nothing was executed
    assert "Traceback" not in response.text
    if code is not None:
        assert body["errors"][0]["extensions"]["code"] == code


# --- media types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", [GRAPHQL_RESPONSE, f"{GRAPHQL_RESPONSE}, application/json;q=0.9"]
)
def test_graphql_response_json_is_answered_in_kind(api: Api, accept: str) -> None:
    for response in (
        graphql_post(api, {"query": QUERY}, headers={"accept": accept}),
        graphql_get(api, QUERY, headers={"accept": accept}),
    ):
        assert response.status_code == 200
        assert media_type(response) == GRAPHQL_RESPONSE
        assert response.json() == APPROACH


@pytest.mark.parametrize("accept", ["application/json", "*/*", ""])
def test_plain_json_clients_get_application_json(api: Api, accept: str) -> None:
    response = graphql_post(api, {"query": QUERY}, headers={"accept": accept})
    assert media_type(response) == "application/json"
    assert response.json() == APPROACH


@pytest.mark.parametrize("accept", MEDIA_TYPES)
@pytest.mark.parametrize(
    "query", ["{ approach {", "{ approach { id } } }", "query", "}", "{ a(x: ) }"]
)
def test_a_parse_error_is_400_only_for_graphql_response_json(
    api: Api, accept: str, query: str
) -> None:
    # a document that does not parse is a GraphQL request error, like one that does not
    # validate: GraphQL over HTTP says 200 for application/json (audits 572B and FDE2)
    for response in (
        graphql_post(api, {"query": query}, headers={"accept": accept}),
        graphql_get(api, query, headers={"accept": accept}),
    ):
        assert response.status_code == (400 if accept == GRAPHQL_RESPONSE else 200), response.text
        assert media_type(response) == accept
        assert "Syntax Error" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ nope }",
        "{ approach }",
        "{ principle { id } }",  # a required argument is missing
        "{ principle(id: 1.5) { id } }",
        "query($x: Int) { approach { id } }",  # unused variable
        "{ ...Missing }",
    ],
)
def test_a_validation_error_is_400_only_for_graphql_response_json(api: Api, query: str) -> None:
    typed = graphql_post(api, {"query": query}, headers={"accept": GRAPHQL_RESPONSE})
    assert typed.status_code == 400
    assert media_type(typed) == GRAPHQL_RESPONSE
    plain = graphql_post(api, {"query": query}, headers={"accept": "application/json"})
    assert plain.status_code == 200
    assert media_type(plain) == "application/json"
    for response in (typed, plain):
        body = response.json()
        assert "data" not in body  # the error came before execution
        assert body["errors"]


def test_a_field_error_with_partial_data_is_200_for_both_media_types(api: Api) -> None:
    query = '{ approach { id } technique(id: "x", locale: "zz") { id } }'
    for accept in MEDIA_TYPES:
        response = graphql_post(api, {"query": query}, headers={"accept": accept})
        assert response.status_code == 200
        body = response.json()
        assert body["data"]["approach"]["id"] == "psychodynamic-therapy"
        assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"


def test_a_field_error_that_nulls_data_is_2xx_for_graphql_response_json(api: Api) -> None:
    # Approach! is non-null: the error propagates to data, but execution did start, and
    # GraphQL over HTTP says a response with a data entry (even null) SHOULD be 2xx
    response = graphql_post(
        api, {"query": '{ approach(locale: "zz") { id } }'}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.json()["data"] is None
    assert response.status_code == 200


def test_a_request_error_has_no_data_entry(api: Api) -> None:
    # the GraphQL spec: an error raised before execution begins leaves the data entry out
    for accept in MEDIA_TYPES:
        for query in ("{ nope }", "{ approach {", 'query($x: Int!) { search(query: "a") { id } }'):
            body = graphql_post(api, {"query": query}, headers={"accept": accept}).json()
            assert "data" not in body, body
            assert body["errors"]


@pytest.mark.parametrize(
    "query", ["{}", "query Q {}", "{ approach {} }", "{ approach { id } } fragment F on Query {}"]
)
def test_an_empty_selection_set_is_a_syntax_error(
    api: Api, query: str, caplog: pytest.LogCaptureFixture
) -> None:
    # graphql-core 3.3 parses empty selection sets, which the GraphQL spec does not allow;
    # strawberry's depth limiter used to crash on them, and its message reached the client
    for accept, status in ((GRAPHQL_RESPONSE, 400), ("application/json", 200)):
        response = graphql_post(api, {"query": query}, headers={"accept": accept})
        assert_request_error(response, status)
        assert "Syntax Error" in response.json()["errors"][0]["message"]
        assert "max()" not in response.text
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


# --- methods ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(api: Api, method: str) -> None:
    response = api.request(method, "/graphql", json={"query": QUERY})
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed


@pytest.mark.parametrize(
    ("query", "operation"),
    [
        ("mutation { approach { id } }", None),
        ("mutation M { x }", "M"),
        ("query Q { approach { id } } mutation M { x }", "M"),
    ],
)
def test_a_mutation_via_get_is_405_allow_post(api: Api, query: str, operation: str | None) -> None:
    response = graphql_get(api, query, operation_name=operation)
    assert_request_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "POST"


def test_head_behaves_like_get_without_a_body(api: Api) -> None:
    # HEAD is in Allow (Starlette adds it to GET routes), so it must work like GET
    get = graphql_get(api, QUERY)
    head = api.request("HEAD", "/graphql", params={"query": QUERY})
    assert head.status_code == 200
    assert head.content == b""
    for header in ("etag", "cache-control", "content-type", "content-language"):
        assert head.headers[header] == get.headers[header]


# --- request bodies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,
    ],
)
def test_a_post_that_is_not_json_is_415(api: Api, content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    body = json.dumps({"query": QUERY}).encode()
    response = api.request("POST", "/graphql", content=body, headers=headers)
    assert_request_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json;"]
)
def test_json_content_type_variants_are_accepted(api: Api, content_type: str) -> None:
    body = json.dumps({"query": QUERY}).encode()
    response = api.request("POST", "/graphql", content=body, headers={"content-type": content_type})
    assert response.json() == APPROACH


@pytest.mark.parametrize("size", [1, 2, 10])
def test_a_batch_is_400_batching_not_supported(api: Api, size: int) -> None:
    response = graphql_post(api, [{"query": QUERY}] * size)
    assert_request_error(response, 400, "BATCHING_NOT_SUPPORTED")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"query": "{ approach { id } }"',
        b"{'query': 1}",
        b"\xff\xfe",
        b"nul",
        b"{}}",
        b"null",
    ],
)
def test_malformed_json_is_400(api: Api, body: bytes) -> None:
    response = api.request(
        "POST", "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert_request_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "payload",
    [
        "a string",
        42,
        True,
        {"query": 42},
        {"query": ["{ approach { id } }"]},
        {"query": QUERY, "variables": [1, 2]},
        {"query": QUERY, "variables": "{}"},
        {"query": QUERY, "variables": 3},
        {"query": QUERY, "operationName": 7},
        {"query": QUERY, "extensions": []},
        {},
        {"variables": {}},
    ],
)
def test_a_body_of_the_wrong_shape_is_400(api: Api, payload: Any) -> None:
    assert_request_error(graphql_post(api, payload), 400, "BAD_REQUEST")


@pytest.mark.parametrize("raw", ["{nope", "[1", "'a'", '{"a": }'])
@pytest.mark.parametrize("param", ["variables", "extensions"])
def test_get_with_invalid_json_parameters_is_400(api: Api, raw: str, param: str) -> None:
    response = api.request("GET", "/graphql", params={"query": QUERY, param: raw})
    assert_request_error(response, 400, "BAD_REQUEST")
    assert param in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("raw", ["[1, 2]", '"x"', "5"])
def test_get_with_variables_that_are_not_an_object_is_400(api: Api, raw: str) -> None:
    response = api.request("GET", "/graphql", params={"query": QUERY, "variables": raw})
    assert_request_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    ("query", "operation"),
    [
        ("query A { approach { id } }", "B"),
        ("query A { approach { id } } query B { approach { id } }", "C"),
        ("{ approach { id } }", "A"),
    ],
)
def test_an_unknown_operation_name_is_400(api: Api, query: str, operation: str) -> None:
    for response in (
        graphql_post(api, {"query": query, "operationName": operation}),
        graphql_get(api, query, operation_name=operation),
    ):
        assert_request_error(response, 400)


def test_a_known_operation_name_picks_the_operation(api: Api) -> None:
    query = 'query A { approach { id } } query B { principle(id: "defenses") { id } }'
    response = graphql_get(api, query, operation_name="B")
    assert response.json() == {"data": {"principle": {"id": "defenses"}}}


# --- GET without a query ------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_a_browser_gets_graphiql(api: Api, accept: str) -> None:
    response = api.request("GET", "/graphql", headers={"accept": accept})
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE, "*/*", ""])
def test_no_query_and_no_html_is_400(api: Api, accept: str) -> None:
    response = api.request("GET", "/graphql", headers={"accept": accept})
    assert_request_error(response, 400, "BAD_REQUEST")


def test_no_graphiql_when_it_is_off() -> None:
    response = make_api(graphiql=False).request("GET", "/graphql", headers={"accept": "text/html"})
    assert_request_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("payload", [{"query": None}, {"query": ""}])
def test_post_without_a_query_is_400(api: Api, payload: dict[str, Any]) -> None:
    response = graphql_post(api, payload)
    assert 400 <= response.status_code < 500
    assert response.json()["errors"]
