"""Automatic persisted queries (Apollo APQ) and the allow-list mode."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from pdcontent_api import Settings, create_app
from pdcontent_api.persisted import PersistedQueries

from .conftest import Api, cache_state, graphql_get, graphql_post, make_api

QUERY = "query Principle($id: ID!) { principle(id: $id) { id title } }"
OTHER = "{ approach { id } }"
VARIABLES = {"id": "defenses"}
DATA = {"principle": {"id": "defenses"}}


def digest(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def apq(sha: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def by_hash_get(api: Api, sha: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    return graphql_get(api, variables=variables, extensions=apq(sha))


def by_hash_post(api: Api, sha: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    payload: dict[str, Any] = {"extensions": apq(sha)}
    if variables is not None:
        payload["variables"] = variables
    return graphql_post(api, payload)


def register(api: Api, document: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    payload: dict[str, Any] = {"query": document, "extensions": apq(digest(document))}
    if variables is not None:
        payload["variables"] = variables
    return graphql_post(api, payload)


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


def principle(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return {"principle": {"id": body["data"]["principle"]["id"]}}


@pytest.fixture
def fresh() -> Api:
    return make_api()


# --- the APQ round trip -------------------------------------------------------------------


@pytest.mark.parametrize("send", [by_hash_get, by_hash_post], ids=["GET", "POST"])
def test_an_unknown_hash_asks_for_the_document(fresh: Api, send: Any) -> None:
    response = send(fresh, digest(QUERY), VARIABLES)
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert response.headers["cache-control"] == "no-cache"


def test_register_then_run_by_hash(fresh: Api) -> None:
    sha = digest(QUERY)
    assert by_hash_get(fresh, sha, VARIABLES).json()["errors"][0]["message"] == (
        "PersistedQueryNotFound"
    )
    assert principle(register(fresh, QUERY, VARIABLES)) == DATA
    assert principle(by_hash_post(fresh, sha, VARIABLES)) == DATA
    response = by_hash_get(fresh, sha, VARIABLES)
    assert principle(response) == DATA
    assert response.headers["cache-control"].startswith("public, max-age=")
    # the URL is what a CDN keys on: the hash and the variables, no document
    assert "query=" not in str(response.request.url)
    assert "extensions=" in str(response.request.url)
    assert "variables=" in str(response.request.url)


def test_a_hash_only_get_is_served_from_the_cache_on_repeat(fresh: Api) -> None:
    register(fresh, QUERY, VARIABLES)
    first = by_hash_get(fresh, digest(QUERY), VARIABLES)
    before = cache_state(fresh)
    again = by_hash_get(fresh, digest(QUERY), VARIABLES)
    assert cache_state(fresh).misses == before.misses
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]


def test_other_variables_with_the_same_hash(fresh: Api) -> None:
    register(fresh, QUERY, VARIABLES)
    response = by_hash_get(fresh, digest(QUERY), {"id": "no-such-principle"})
    assert response.json() == {"data": {"principle": None}}


def test_registration_via_get_and_an_uppercase_hash(fresh: Api) -> None:
    response = graphql_get(fresh, OTHER, extensions=apq(digest(OTHER).upper()))
    assert response.json()["data"]["approach"]["id"] == "psychodynamic-therapy"
    assert by_hash_get(fresh, digest(OTHER)).json()["data"]["approach"]["id"] == (
        "psychodynamic-therapy"
    )


def test_a_hash_that_does_not_match_its_document_is_400(fresh: Api) -> None:
    response = graphql_post(fresh, {"query": OTHER, "extensions": apq(digest(QUERY))})
    assert response.status_code == 400
    assert error_code(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    # and nothing was learned under that hash
    assert by_hash_get(fresh, digest(QUERY)).json()["errors"][0]["message"] == (
        "PersistedQueryNotFound"
    )


@pytest.mark.parametrize(
    "persisted",
    [
        {"version": 1},
        {"version": 1, "sha256Hash": "abc123"},
        {"version": 1, "sha256Hash": digest(OTHER)[:-1]},
        {"version": 1, "sha256Hash": digest(OTHER) + "0"},
        {"version": 1, "sha256Hash": 12345},
        {"version": 1, "sha256Hash": None},
        "not an object",
        [digest(OTHER)],
    ],
    ids=["no-hash", "short", "63", "65", "number", "null", "string", "list"],
)
@pytest.mark.parametrize("with_query", [False, True], ids=["hash-only", "with-query"])
def test_a_malformed_persisted_query_is_400(fresh: Api, persisted: Any, with_query: bool) -> None:
    extensions = {"persistedQuery": persisted}
    payload: dict[str, Any] = {"extensions": extensions}
    if with_query:
        payload["query"] = OTHER
    for response in (
        graphql_post(fresh, payload),
        graphql_get(fresh, OTHER if with_query else None, extensions=extensions),
    ):
        assert response.status_code == 400, response.text
        assert response.json()["errors"]


def test_the_learned_documents_are_bounded() -> None:
    store = PersistedQueries(max_entries=2)
    for document in ("{ a }", "{ b }", "{ c }"):
        store.learn(digest(document), document)
    assert store.lookup(digest("{ a }")) is None
    assert store.lookup(digest("{ c }")) == "{ c }"


# --- the allow-list -----------------------------------------------------------------------


def write_allow_list(path: Path, documents: dict[str, str]) -> str:
    path.write_text(json.dumps(documents), encoding="utf-8")
    return str(path)


@pytest.fixture
def allow_list(tmp_path: Path) -> Api:
    path = write_allow_list(tmp_path / "allowed.json", {digest(QUERY): QUERY})
    return Api(create_app(Settings(persisted_queries=path, allow_list_only=True)))


def test_a_registered_document_runs_by_hash_alone(allow_list: Api) -> None:
    sha = digest(QUERY)
    assert principle(by_hash_get(allow_list, sha, VARIABLES)) == DATA
    assert principle(by_hash_post(allow_list, sha, VARIABLES)) == DATA
    assert principle(by_hash_post(allow_list, sha.upper(), VARIABLES)) == DATA


def test_a_registered_document_runs_in_full(allow_list: Api) -> None:
    assert principle(graphql_post(allow_list, {"query": QUERY, "variables": VARIABLES})) == DATA
    assert principle(graphql_get(allow_list, QUERY, variables=VARIABLES)) == DATA
    assert principle(register(allow_list, QUERY, VARIABLES)) == DATA


@pytest.mark.parametrize(
    "document",
    [
        OTHER,
        QUERY + " ",  # one byte more is another document
        "{ __schema { types { name } } }",
        "{ nope }",
        "{ approach {",
    ],
)
def test_any_other_document_is_not_allowed(allow_list: Api, document: str) -> None:
    for response in (
        graphql_post(allow_list, {"query": document}),
        graphql_get(allow_list, document),
    ):
        assert response.status_code == 400, response.text
        assert error_code(response) == "PERSISTED_QUERY_NOT_ALLOWED"


def test_apq_registration_is_refused_in_allow_list_mode(allow_list: Api) -> None:
    refused = register(allow_list, OTHER)
    assert refused.status_code == 400
    assert error_code(refused) == "PERSISTED_QUERY_NOT_ALLOWED"
    later = by_hash_get(allow_list, digest(OTHER))
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_the_allow_list_without_allow_list_only_preloads_apq(tmp_path: Path) -> None:
    path = write_allow_list(tmp_path / "known.json", {digest(QUERY): QUERY})
    api = Api(create_app(Settings(persisted_queries=path)))
    assert principle(by_hash_get(api, digest(QUERY), VARIABLES)) == DATA
    assert api.data(OTHER)["approach"]["id"] == "psychodynamic-therapy"


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({digest(QUERY): OTHER}),
        json.dumps({"0" * 64: QUERY}),
        json.dumps([QUERY]),
        json.dumps({digest(QUERY): 1}),
    ],
    ids=["wrong-hash", "zero-hash", "list", "not-a-document"],
)
def test_a_bad_allow_list_file_stops_create_app(tmp_path: Path, content: str) -> None:
    path = tmp_path / "allowed.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"allowed\.json"):
        create_app(Settings(persisted_queries=str(path), allow_list_only=True))
