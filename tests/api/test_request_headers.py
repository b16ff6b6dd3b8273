"""Request headers are decoded once, and every layer reads the same values."""

from __future__ import annotations

import httpx
import pytest

from pdcontent_api.request_headers import RequestHeaders, request_headers

from .conftest import Api, make_api

QUERY = "{ approach { title } }"


def post(api: Api, headers: list[tuple[str, str]] | dict[str, str]) -> httpx.Response:
    return api.request("POST", "/graphql", json={"query": QUERY}, headers=headers)


def test_repeated_list_headers_are_joined() -> None:
    scope = {
        "headers": [
            (b"accept-language", b"de"),
            (b"accept", b"application/json"),
            (b"accept-language", b" "),
            (b"accept-language", b"fr;q=0.5 "),
            (b"if-none-match", b'"a"'),
            (b"if-none-match", b'W/"b"'),
            (b"content-length", b"12"),
            (b"content-length", b"12"),  # the same length twice is allowed (RFC 9110 8.6)
        ]
    }
    headers = request_headers(scope)
    assert headers.accept_language == "de, fr;q=0.5"
    assert headers.if_none_match == '"a", W/"b"'
    assert (headers.accept, headers.declared_length, headers.repeated) == (
        "application/json",
        12,
        None,
    )
    assert request_headers(scope) is headers  # decoded once, kept in the scope


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        (b"content-type", b"application/json", b"application/json"),
        (b"content-type", b"application/json", b"text/plain"),
        (b"origin", b"https://a.example", b"https://b.example"),
        (b"access-control-request-method", b"POST", b"GET"),
        (b"content-length", b"12", b"999"),
    ],
)
def test_a_repeated_singleton_is_named(name: bytes, first: bytes, second: bytes) -> None:
    headers = request_headers({"headers": [(name, first), (b"accept", b"*/*"), (name, second)]})
    assert headers.repeated == name.decode()


@pytest.mark.parametrize(
    ("raw", "length"), [(None, None), ("0", 0), ("120", 120), ("-1", -1), ("1e3", -1), ("²", -1)]
)
def test_declared_length(raw: str | None, length: int | None) -> None:
    assert RequestHeaders(content_length=raw).declared_length == length


def test_a_repeated_accept_language_cannot_poison_the_fast_path() -> None:
    # the fast path used to key a request by the last Accept-Language, the endpoint to
    # answer by the first: German text was then filed under French and served to French
    # clients. Now both read the same (first) value.
    french = post(make_api(), {"accept-language": "fr"})
    api = make_api()
    both = post(api, [("accept-language", "de"), ("accept-language", "fr")])
    assert both.headers["content-language"] == "de"
    for _ in range(2):  # executed, then from the fast path
        again = post(api, {"accept-language": "fr"})
        assert again.headers["content-language"] == "fr"
        assert again.content == french.content
