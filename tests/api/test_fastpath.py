"""The fast path: byte-identical repeats are answered before routing, with the same headers."""

from __future__ import annotations

from typing import Any

import pytest

from pdcontent_api import Settings, create_app

from .conftest import Api

QUERY = "{ techniques(limit: 3) { total items { id title } } }"


@pytest.fixture
def fresh() -> Api:
    return Api(create_app(Settings()))


def _forbid_endpoint(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    async def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the endpoint was reached")

    monkeypatch.setattr(api.app.state.graphql, "handle", refuse)


def test_repeat_is_served_without_the_endpoint(fresh: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh.post(QUERY)
    assert first.status_code == 200
    _forbid_endpoint(fresh, monkeypatch)
    again = fresh.post(QUERY)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("etag", "content-type", "content-language", "vary"):
        assert again.headers[header] == first.headers[header]


def test_fast_path_keeps_get_semantics(fresh: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh.request("GET", "/graphql", params={"query": QUERY})
    _forbid_endpoint(fresh, monkeypatch)
    again = fresh.request("GET", "/graphql", params={"query": QUERY})
    assert again.headers["cache-control"] == first.headers["cache-control"]
    assert again.headers["cache-control"].startswith("public, max-age=")
    not_modified = fresh.request(
        "GET", "/graphql", params={"query": QUERY}, headers={"if-none-match": first.headers["etag"]}
    )
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_fast_path_separates_locales_and_media_types(
    fresh: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    german = fresh.post(QUERY, headers={"accept-language": "de"})
    french = fresh.post(QUERY, headers={"accept-language": "fr"})
    plain = fresh.post(QUERY)
    typed = fresh.post(QUERY, headers={"accept": "application/graphql-response+json"})
    _forbid_endpoint(fresh, monkeypatch)
    assert fresh.post(QUERY, headers={"accept-language": "de-AT"}).content == german.content
    assert fresh.post(QUERY, headers={"accept-language": "fr"}).content == french.content
    assert german.content != french.content
    again = fresh.post(QUERY, headers={"accept": "application/graphql-response+json"})
    assert again.headers["content-type"] == typed.headers["content-type"]
    assert plain.headers["content-type"].startswith("application/json")


def test_fast_path_adds_cors_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    api = Api(create_app(Settings(cors_origins=("https://a.test",))))
    first = api.post(QUERY, headers={"origin": "https://a.test"})
    _forbid_endpoint(api, monkeypatch)
    allowed = api.post(QUERY, headers={"origin": "https://a.test"})
    assert allowed.headers["access-control-allow-origin"] == "https://a.test"
    assert (
        allowed.headers["access-control-allow-origin"]
        == first.headers["access-control-allow-origin"]
    )
    other = api.post(QUERY, headers={"origin": "https://b.test"})
    assert "access-control-allow-origin" not in other.headers


def test_errors_and_misses_never_take_the_fast_path(fresh: Api) -> None:
    for _ in range(2):
        response = fresh.post('{ approach(locale: "xx") { id } }')
        assert response.json()["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"
    assert fresh.app.state.graphql.cache.peek(("POST", b"", b"application/json", "en")) is None


def test_fast_path_respects_the_body_limit() -> None:
    api = Api(create_app(Settings(max_body_bytes=2000)))
    response = api.request(
        "POST", "/graphql", json={"query": QUERY, "variables": {"x": "a" * 5000}}
    )
    assert response.status_code == 413
