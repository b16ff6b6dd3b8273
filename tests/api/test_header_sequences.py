"""Hostile header sequences: the cache never serves an answer that execution would not.

Random sequences of requests — GET, POST, APQ over both, byte-identical repeats that the
fast path answers — with repeated, conflicting, odd-cased and malformed headers go to
two apps, one caching and one that caches nothing. Every answer must be the uncached
answer, and its body must be in the locale its ``Content-Language`` names.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.types import ASGIApp, Message

from pdcontent_api.app import create_app
from pdcontent_api.persisted import sha256
from pdcontent_api.settings import Settings

Headers = list[tuple[bytes, bytes]]

QUERIES = (
    "{ approach { title } }",
    "{ approach { id title } }",
    '{ approach(locale: "fr") { title } }',
    "query Q { approach { title } } query R { approach { id } }",
)
LANGUAGES = (
    b"de",
    b"fr",
    b"DE",
    b"Fr-ca",
    b"es;q=0.5, fr",
    b"fr;q=0, de",
    b"",
    b" ",
    b"*",
    b"en-XA",
    b"xx-!!",
    b"de;q=abc",
    b",,,",
    b"\xe9\xff",
    b"zz, es",
)
ACCEPTS = (
    b"application/json",
    b"application/graphql-response+json",
    b"APPLICATION/GRAPHQL-RESPONSE+JSON",
    b"*/*",
    b"text/html",
    b"",
    b"application/json;q=0.1, application/graphql-response+json",
)
MATCHES = (b"*", b'"nope"', b'W/"x", "y"', b"", b"garbage")
SINGLETONS = (
    (b"content-type", b"application/json"),
    (b"content-type", b"text/plain"),
    (b"origin", b"https://a.example"),
)

#: one request: method, document index, operation name, and the header lines
Request = tuple[str, int, bool, Headers]


def header_lines() -> st.SearchStrategy[Headers]:
    """Zero or more lines of each header, in any order, the singletons sometimes twice."""
    line = st.one_of(
        st.tuples(st.just(b"accept-language"), st.sampled_from(LANGUAGES)),
        st.tuples(st.just(b"accept"), st.sampled_from(ACCEPTS)),
        st.tuples(st.just(b"if-none-match"), st.sampled_from(MATCHES)),
        st.tuples(st.just(b"x-other"), st.binary(max_size=8)),
    )
    extra = st.lists(st.sampled_from(SINGLETONS), max_size=2)
    return st.tuples(st.lists(line, max_size=6), extra).map(lambda pair: pair[0] + pair[1])


requests = st.tuples(
    st.sampled_from(("GET", "POST", "APQ-GET", "APQ-POST")),
    st.integers(0, len(QUERIES) - 1),
    st.booleans(),
    header_lines(),
)


def scope_and_body(request: Request) -> tuple[dict[str, Any], bytes]:
    """The ASGI scope and body of a request (header names are lower case, as in ASGI)."""
    method, index, named, headers = request
    query = QUERIES[index]
    params: dict[str, Any] = {"query": query}
    if named:
        params["operationName"] = "Q"
    if method.startswith("APQ"):
        params["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
        if index % 2:
            del params["query"]  # hash only: not found until registered
    body = b""
    query_string = b""
    if method.endswith("GET"):
        flat = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        query_string = urlencode(flat).encode()
    else:
        body = json.dumps(params).encode()
        if not any(name == b"content-type" for name, _ in headers):
            headers = [*headers, (b"content-type", b"application/json")]
        headers = [*headers, (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET" if method.endswith("GET") else "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": query_string,
        "root_path": "",
        "headers": [(b"host", b"test"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
    }
    return scope, body


async def call(app: ASGIApp, request: Request) -> tuple[int, dict[str, str], bytes]:
    """Send one request straight to the ASGI app; the status, headers and body."""
    scope, body = scope_and_body(request)
    sent = False
    out: list[Message] = []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        out.append(message)

    await app(scope, receive, send)
    start = out[0]
    headers = {k.decode().lower(): v.decode("latin-1") for k, v in start["headers"]}
    content = b"".join(m.get("body", b"") for m in out[1:])
    return start["status"], headers, content


CACHED = create_app(Settings())
UNCACHED = create_app(Settings(cache_entries=0))


def by_locale() -> dict[tuple[int, str], bytes]:
    """The body of each runnable document in each locale, asked for by name alone."""
    bodies = {}
    app = create_app(Settings(cache_entries=0))
    for index in (0, 1):
        for locale in ("en", "de", "es", "fr"):
            request: Request = ("POST", index, False, [(b"accept-language", locale.encode())])
            status, headers, body = asyncio.run(call(app, request))
            assert (status, headers["content-language"]) == (200, locale)
            bodies[index, locale] = body
    return bodies


BY_LOCALE = by_locale()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(requests, min_size=1, max_size=12))
def test_cached_answers_equal_uncached_answers(sequence: list[Request]) -> None:
    async def run() -> None:
        # each request twice on the caching app: the second is the fast path's to answer
        for request in sequence:
            expected = await call(UNCACHED, request)
            for _ in range(2):
                got = await call(CACHED, request)
                status, headers, body = got
                assert status == expected[0], (request, body, expected[2])
                assert body == expected[2], request
                for name in ("content-language", "etag", "content-type", "vary"):
                    assert headers.get(name) == expected[1].get(name), (name, request)
                assert b"Traceback" not in body
                assert b"/work/" not in body
                _, index, named, lines = request
                singletons = [n for n, _ in lines if n in (b"content-type", b"origin")]
                runnable = status == 200 and index in (0, 1) and not named
                if runnable and not singletons and b'"data"' in body:
                    # the body is in the locale the header names
                    assert body == BY_LOCALE[index, headers["content-language"]]

    asyncio.run(run())
