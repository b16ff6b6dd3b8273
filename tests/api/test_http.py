"""The HTTP surface: GET and POST, GraphiQL, health and version, CORS, introspection, errors."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import pdcontent
from pdcontent.content import Content

from .conftest import LOCALE_FOLDERS, Api, make_api

QUERY = "{ approach { id } }"
APPROACH = {"data": {"approach": {"id": "psychodynamic-therapy"}}}


# --- GET and POST -------------------------------------------------------------------------


def test_get_query(api: Api) -> None:
    response = api.request("GET", "/graphql", params={"query": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == APPROACH


def test_get_query_with_variables(api: Api) -> None:
    response = api.request(
        "GET",
        "/graphql",
        params={
            "query": "query($id: ID!) { principle(id: $id) { id } }",
            "variables": json.dumps({"id": "defenses"}),
        },
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"principle": {"id": "defenses"}}}


@pytest.mark.parametrize(
    "query",
    ["mutation { approach { id } }", "mutation M { x }", "mutation { __typename }"],
)
def test_mutation_via_get_is_rejected(api: Api, query: str) -> None:
    response = api.request("GET", "/graphql", params={"query": query})
    assert 400 <= response.status_code < 500 or "errors" in response.json()
    assert response.status_code != 500
    assert "Traceback" not in response.text


def test_invalid_operation_via_get_is_an_error_not_a_crash(api: Api) -> None:
    for query in ["{ approach {", "subscription { approach { id } }", "{ nope }", "query"]:
        response = api.request("GET", "/graphql", params={"query": query})
        assert response.status_code < 500
        assert "Traceback" not in response.text
        if response.status_code == 200:
            assert response.json()["errors"]


def test_post_json(api: Api) -> None:
    response = api.post(QUERY)
    assert response.status_code == 200
    assert response.json() == APPROACH


def test_post_with_operation_name(api: Api) -> None:
    response = api.request(
        "POST",
        "/graphql",
        json={
            "query": 'query A { approach { id } } query B { principle(id: "defenses") { id } }',
            "operationName": "B",
        },
    )
    assert response.json() == {"data": {"principle": {"id": "defenses"}}}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{bad", "application/json"),
        (b'{"query": ', "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"query": 5}', "application/json"),
    ],
)
def test_malformed_json_body_is_400(api: Api, body: bytes, content_type: str) -> None:
    response = api.request("POST", "/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == 400
    assert "Traceback" not in response.text


def test_unsupported_content_type_is_a_client_error(api: Api) -> None:
    response = api.request(
        "POST", "/graphql", content=b"query=x", headers={"content-type": "text/plain"}
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(api: Api, method: str) -> None:
    response = api.request(method, "/graphql", json={"query": QUERY})
    assert response.status_code == 405


def test_root_redirects_to_graphql(api: Api) -> None:
    response = api.request("GET", "/")
    assert response.status_code in (301, 302, 307, 308)
    assert response.headers["location"] == "/graphql"


def test_unknown_path_is_404(api: Api) -> None:
    assert api.request("GET", "/nope").status_code == 404


# --- GraphiQL -----------------------------------------------------------------------------


def test_graphiql_page_when_enabled(api: Api) -> None:
    response = api.request("GET", "/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_no_graphiql_page_when_disabled(locked_api: Api) -> None:
    response = locked_api.request("GET", "/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()
    assert not response.headers.get("content-type", "").startswith("text/html")
    assert response.status_code != 500
    # queries over GET still work
    assert locked_api.request("GET", "/graphql", params={"query": QUERY}).json() == APPROACH


# --- health and version -------------------------------------------------------------------


def test_healthz(api: Api) -> None:
    response = api.request("GET", "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_version(api: Api, content: Content) -> None:
    response = api.request("GET", "/version")
    assert response.status_code == 200
    body = response.json()
    assert body["package_version"] == pdcontent.__version__
    assert body["content_version"] == content.metadata.content_version
    assert body["locales"][0] == "en"
    assert set(LOCALE_FOLDERS) <= set(body["locales"])


@pytest.mark.parametrize("path", ["/healthz", "/version"])
def test_health_and_version_are_get_only(api: Api, path: str) -> None:
    assert api.request("POST", path, json={}).status_code == 405


# --- CORS ---------------------------------------------------------------------------------

PREFLIGHT = {
    "origin": "https://example.com",
    "access-control-request-method": "POST",
    "access-control-request-headers": "content-type",
}


def test_cors_preflight_allows_any_origin_by_default(api: Api) -> None:
    response = api.request("OPTIONS", "/graphql", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_cors_simple_request_by_default(api: Api) -> None:
    response = api.request(
        "GET", "/graphql", params={"query": QUERY}, headers={"origin": "https://example.com"}
    )
    assert response.headers["access-control-allow-origin"] == "*"


def test_cors_other_origin_gets_no_allow_header(locked_api: Api) -> None:
    preflight = locked_api.request("OPTIONS", "/graphql", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code != 200
    simple = locked_api.request(
        "GET", "/graphql", params={"query": QUERY}, headers={"origin": "https://example.com"}
    )
    assert "access-control-allow-origin" not in simple.headers


def test_cors_configured_origin_is_allowed(locked_api: Api) -> None:
    headers = {**PREFLIGHT, "origin": "https://a.test"}
    preflight = locked_api.request("OPTIONS", "/graphql", headers=headers)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://a.test"
    simple = locked_api.request(
        "GET", "/graphql", params={"query": QUERY}, headers={"origin": "https://a.test"}
    )
    assert simple.headers["access-control-allow-origin"] == "https://a.test"


# --- introspection and suggestions --------------------------------------------------------


def test_introspection_is_on_by_default(api: Api) -> None:
    data = api.data('{ __schema { queryType { name } } __type(name: "Technique") { name } }')
    assert data == {"__schema": {"queryType": {"name": "Query"}}, "__type": {"name": "Technique"}}


@pytest.mark.parametrize(
    "query",
    [
        "{ __schema { queryType { name } } }",
        '{ __type(name: "Query") { fields { name } } }',
        "{ approach { id } __schema { types { name } } }",
        "query { ...F } fragment F on Query { __schema { types { name } } }",
    ],
)
def test_introspection_can_be_turned_off(locked_api: Api, query: str) -> None:
    body = locked_api.result(query)
    assert "data" not in body  # rejected before execution: no data entry (GraphQL spec)
    assert body["errors"]
    assert all("introspection" in e["message"].lower() for e in body["errors"])


def test_typename_still_works_without_introspection(locked_api: Api) -> None:
    data = locked_api.data("{ approach { __typename id } }")
    assert data == {"approach": {"__typename": "Approach", "id": "psychodynamic-therapy"}}


def test_field_suggestions_appear_with_introspection(api: Api) -> None:
    assert "Did you mean" in api.error("{ approch { id } }")["message"]
    assert "Did you mean" in api.error("{ approach { titel } }")["message"]


@pytest.mark.parametrize("query", ["{ approch { id } }", "{ approach { titel } }"])
def test_no_field_suggestions_without_introspection(locked_api: Api, query: str) -> None:
    message = locked_api.error(query)["message"]
    assert "Cannot query field" in message
    assert "Did you mean" not in message
    assert "'approach'" not in message
    assert "'title'" not in message


@pytest.mark.parametrize(
    "query",
    [
        "{ principles(limt: 3) { total } }",
        "{ approach { body(format: HTM) } }",
        '{ search(query: "x", types: [TECHNIQU]) { id } }',
        "{ ... on Quer { approach { id } } }",
    ],
    ids=["argument", "enum-value", "enum-list", "type"],
)
def test_no_suggestions_of_any_kind_without_introspection(locked_api: Api, query: str) -> None:
    for error in locked_api.errors(query):
        assert "Did you mean" not in error["message"]


# --- unexpected errors are masked ---------------------------------------------------------


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("secret detail")


def _assert_masked(response_text: str, error: dict[str, Any]) -> None:
    assert error["message"] == "Unexpected error."
    assert "secret detail" not in response_text
    assert "Traceback" not in response_text
    assert "RuntimeError" not in response_text
    # the one code of every unexpected error: clients can branch on it, learn nothing else
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}


def test_resolver_exception_is_masked(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import pdcontent_api.query

    monkeypatch.setattr(pdcontent_api.query, "index_for", _boom)
    with caplog.at_level(logging.ERROR, logger="pdcontent_api"):
        response = api.post('{ search(query: "insight") { id } }')
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None  # execution ran: the data entry is there, null
    (error,) = body["errors"]
    _assert_masked(response.text, error)
    assert error["path"] == ["search"]
    # the detail is kept for the operator, in the server log
    logged = [r for r in caplog.records if r.exc_info and "secret detail" in str(r.exc_info[1])]
    assert logged


def test_nested_resolver_exception_is_masked_and_other_fields_survive(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(Content, "referrers", _boom)
    with caplog.at_level(logging.CRITICAL, logger="pdcontent_api"):
        response = api.post(
            '{ approach { id } principle(id: "defenses") { id techniques { id } } }'
        )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"approach": {"id": "psychodynamic-therapy"}, "principle": None}
    (error,) = body["errors"]
    _assert_masked(response.text, error)
    assert error["path"] == ["principle", "techniques"]


def test_public_errors_are_not_masked(api: Api) -> None:
    error = api.error("{ principles(limit: 0) { total } }")
    assert error["message"] != "Unexpected error."
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_app_answers_after_a_masked_error(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    import pdcontent_api.query

    with monkeypatch.context() as patch:
        patch.setattr(pdcontent_api.query, "index_for", _boom)
        assert api.error('{ search(query: "x") { id } }')["message"] == "Unexpected error."
    api.alive()
    assert api.data('{ search(query: "insight", first: 1) { id } }')["search"]


def test_settings_reach_each_app_separately() -> None:
    """Apps with different settings can live side by side in one process."""
    closed = make_api(graphiql=False, introspection=False)
    open_ = make_api()
    assert "data" not in closed.result("{ __schema { queryType { name } } }")
    assert open_.data("{ __schema { queryType { name } } }")["__schema"]["queryType"]
