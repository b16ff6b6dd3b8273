"""One CORS policy decides the headers of fast-path and endpoint answers alike."""

from __future__ import annotations

import httpx
import pytest

from pdcontent_api.cors import CorsPolicy

from .conftest import Api, make_api

QUERY = "{ approach { title } }"


def post(api: Api, headers: list[tuple[str, str]] | dict[str, str]) -> httpx.Response:
    return api.request("POST", "/graphql", json={"query": QUERY}, headers=headers)


def test_cors_policy_decides_the_allow_origin_header() -> None:
    any_origin, listed = CorsPolicy(("*",)), CorsPolicy(("https://a.test",))
    assert any_origin.allow_origin("https://b.test") == b"*"
    assert listed.allow_origin("https://a.test") == b"https://a.test"
    assert listed.allow_origin("https://b.test") is None
    assert listed.allow_origin(None) is None
    headers = [(b"vary", b"Accept"), (b"etag", b'"x"')]
    assert listed.apply(headers, "https://a.test") == [
        (b"etag", b'"x"'),
        (b"vary", b"Accept, Origin"),
        (b"access-control-allow-origin", b"https://a.test"),
        (b"access-control-expose-headers", b"ETag, Content-Language"),
    ]
    assert listed.apply([], None) == [(b"vary", b"Origin")]


@pytest.mark.parametrize("origin", [None, "https://a.test", "https://b.test"])
def test_fast_and_slow_answers_carry_the_same_cors_headers(origin: str | None) -> None:
    api = make_api(cors_origins=("https://a.test",))
    headers = {"origin": origin} if origin else {}
    first, again = post(api, headers), post(api, headers)  # executed, then the fast path
    assert first.content == again.content
    for name in ("vary", "access-control-allow-origin", "access-control-expose-headers"):
        assert first.headers.get(name) == again.headers.get(name), name
    assert first.headers["vary"] == "Accept, Accept-Language, Origin"
    allowed = first.headers.get("access-control-allow-origin")
    assert allowed == ("https://a.test" if origin == "https://a.test" else None)
