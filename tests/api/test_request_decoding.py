"""One decoding of request headers, one LRU, one builder of error responses, one CORS.

The layers in front of the endpoint (CORS, the fast path, the body limit) and the
endpoint itself read the same decoded headers; these tests pin down what that buys.
"""

from __future__ import annotations

import threading

import httpx
import pytest

from pdcontent_api.cors import CorsPolicy
from pdcontent_api.lru import Lru
from pdcontent_api.request_headers import RequestHeaders, request_headers

from .conftest import Api, make_api

QUERY = "{ approach { title } }"


def post(api: Api, headers: list[tuple[str, str]] | dict[str, str]) -> httpx.Response:
    return api.request("POST", "/graphql", json={"query": QUERY}, headers=headers)


# --- decoding -----------------------------------------------------------------------------


def test_the_first_of_repeated_headers_counts() -> None:
    scope = {
        "headers": [
            (b"accept-language", b"de"),
            (b"accept-language", b"fr"),
            (b"content-length", b"12"),
            (b"content-length", b"999"),
        ]
    }
    headers = request_headers(scope)
    assert (headers.accept_language, headers.declared_length) == ("de", 12)
    assert request_headers(scope) is headers  # decoded once, kept in the scope


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


# --- one LRU ------------------------------------------------------------------------------


def test_lru_forgets_the_least_recently_used() -> None:
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # b is now the oldest
    lru.put("c", 3)
    assert ("a" in lru, "b" in lru, "c" in lru) == (True, False, True)
    assert lru.peek("b") is None
    assert (lru.hits, lru.misses) == (1, 0)  # peek counts nothing


def test_lru_bounded_by_weight() -> None:
    lru: Lru[str, str] = Lru(10, weigh=len, max_weight=10)
    lru.put("a", "x" * 4)
    lru.put("b", "x" * 4)
    assert lru.weight == 8
    lru.put("a", "x" * 6)  # a replaced value is weighed anew: 6 + 4
    assert (lru.weight, len(lru)) == (10, 2)
    lru.put("c", "x")  # over the budget: the oldest (b) goes
    assert ("a" in lru, "b" in lru, "c" in lru) == (True, False, True)
    assert lru.weight == 7
    lru.put("d", "x" * 11)  # heavier than the whole budget: nothing can stay
    assert (len(lru), lru.weight) == (0, 0)


def test_lru_of_size_zero_stores_nothing() -> None:
    lru: Lru[str, int] = Lru(0)
    lru.put("a", 1)
    assert (len(lru), lru.get("a")) == (0, None)


def test_lru_weigh_needs_a_budget() -> None:
    with pytest.raises(ValueError, match="together"):
        Lru(1, weigh=len)


def test_lru_keeps_its_bounds_under_threads() -> None:
    lru: Lru[int, str] = Lru(8, weigh=len, max_weight=20)
    barrier = threading.Barrier(4)

    def hammer(seed: int) -> None:
        barrier.wait()
        for i in range(3000):
            lru.put((seed * 31 + i) % 50, "x" * (i % 5 + 1))
            lru.get(i % 50)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(lru) <= 8
    assert lru.weight == sum(len(lru.peek(k) or "") for k in range(50)) <= 20


# --- one builder of error responses -------------------------------------------------------


JSON = "application/json"
APQ = b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "' + b"0" * 64 + b'"}}}'


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"[{}]", JSON, 400, "BATCHING_NOT_SUPPORTED"),
        (b'{"query": "query A { a } query B { b }"}', JSON, 400, "BAD_REQUEST"),
        (APQ, JSON, 200, "PERSISTED_QUERY_NOT_FOUND"),
        (b"x" * 200_000, JSON, 413, "PAYLOAD_TOO_LARGE"),
        (b'{"query": "{ approach {"}', JSON, 400, None),
    ],
    ids=["415", "batch", "operation-name", "apq-not-found", "413", "syntax"],
)
@pytest.mark.parametrize("accept", [JSON, "application/graphql-response+json"])
def test_every_error_response_has_one_shape(
    api: Api, body: bytes, content_type: str, status: int, code: str | None, accept: str
) -> None:
    headers = {"accept": accept, "origin": "https://x.test", "content-type": content_type}
    response = api.request("POST", "/graphql", headers=headers, content=body)
    assert response.status_code == status
    (error,) = response.json()["errors"]
    assert isinstance(error["message"], str)
    if code is None:  # a syntax error is sent as graphql-core formats it
        assert error["message"].startswith("Syntax Error")
        assert error["locations"]
    else:
        assert error["extensions"] == {"code": code}
    # the body limit answers before the endpoint, in plain JSON
    assert response.headers["content-type"] == (JSON if status == 413 else accept)
    # CORS headers are added to every answer, refusals too
    assert response.headers["access-control-allow-origin"] == "*"
    assert "origin" in response.headers["vary"].lower()


# --- one CORS policy ----------------------------------------------------------------------


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
    ]
    assert listed.apply([], None) == [(b"vary", b"Origin")]


@pytest.mark.parametrize("origin", [None, "https://a.test", "https://b.test"])
def test_fast_and_slow_answers_carry_the_same_cors_headers(origin: str | None) -> None:
    api = make_api(cors_origins=("https://a.test",))
    headers = {"origin": origin} if origin else {}
    first, again = post(api, headers), post(api, headers)  # executed, then the fast path
    assert first.content == again.content
    for name in ("vary", "access-control-allow-origin"):
        assert first.headers.get(name) == again.headers.get(name), name
    assert first.headers["vary"] == "Accept, Accept-Language, Origin"
    allowed = first.headers.get("access-control-allow-origin")
    assert allowed == ("https://a.test" if origin == "https://a.test" else None)
