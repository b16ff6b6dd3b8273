"""Query cost limits (depth, aliases, tokens) and the request body limit.

Every rejection must name the limit it hit, and the app must keep answering afterwards.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.types import Message

from pdcontent_api.middleware import BodyLimit

from .conftest import Api, make_api

MAX_BODY = 100_000


def nested(levels: int) -> str:
    """A query ``levels`` fields deep: technique → principles → techniques → … → id."""
    inner = ["principles", "techniques"]
    chain = ['technique(id: "interpretation")'] + [inner[i % 2] for i in range(levels - 2)]
    return "{ " + " { ".join(chain) + " { id" + " }" * (len(chain) + 1)


def aliases(count: int, selection: str = "__typename") -> str:
    """``count`` aliased copies of ``selection``."""
    return " ".join(f"a{i}: {selection}" for i in range(count))


@pytest.fixture(scope="module")
def uncosted() -> Api:
    """The app without a practical cost limit: deep chains of lists are what cost refuses,
    and these tests are about the depth limit alone."""
    return make_api(max_cost=10**30)


# --- depth --------------------------------------------------------------------------------


def test_depth_20_is_rejected(uncosted: Api) -> None:
    api = uncosted
    body = api.result(nested(20))
    assert "data" not in body  # rejected before execution: no data entry (GraphQL spec)
    (error,) = body["errors"]
    assert "depth" in error["message"]
    assert "10" in error["message"]
    api.alive()


def test_depth_limit_boundary(uncosted: Api) -> None:
    api = uncosted
    # depth counts from 0 at the root field, so max_depth 10 allows 11 levels of fields
    assert api.data(nested(11))["technique"]["principles"]
    assert "depth" in api.error(nested(12))["message"]


def test_depth_hidden_in_fragments_is_counted(uncosted: Api) -> None:
    api = uncosted
    query = (
        '{ technique(id: "interpretation") { ...P } }'
        " fragment P on Technique { principles { ...T } }"
        " fragment T on Principle { techniques { ...Q } }"
        " fragment Q on Technique { principles { techniques { principles { techniques {"
        " principles { techniques { principles { techniques { id } } } } } } } } }"
    )
    assert "depth" in api.error(query)["message"]
    api.alive()


# --- aliases ------------------------------------------------------------------------------


def test_500_aliases_are_rejected(api: Api) -> None:
    error = api.error("{ " + aliases(500) + " }")
    assert "aliases" in error["message"]
    assert "30" in error["message"]
    api.alive()


def test_500_heavy_aliases_are_rejected(api: Api) -> None:
    # so many that the token limit trips first; rejected either way
    error = api.error("{ " + aliases(500, "approach { id }") + " }")
    assert "aliases" in error["message"] or "tokens" in error["message"]
    api.alive()


def test_alias_limit_boundary(api: Api) -> None:
    assert len(api.data("{ " + aliases(30) + " }")) == 30
    assert "aliases" in api.error("{ " + aliases(31) + " }")["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ ...F } fragment F on Query { " + aliases(40, "approach { id }") + " }",
        "{ ...F } fragment F on Query { ...G } fragment G on Query { "
        + aliases(40, "approach { id }")
        + " }",
        "{ ... on Query { " + aliases(40, "approach { id }") + " } }",
        "{ approach { " + aliases(40, "id") + " } }",
        "{ "
        + aliases(20)
        + " ...F } fragment F on Query { b0: approach { "
        + aliases(20, "id")
        + " } }",
    ],
    ids=["fragment", "nested-fragments", "inline-fragment", "nested-field", "split"],
)
def test_aliases_hidden_in_fragments_are_counted(api: Api, query: str) -> None:
    error = api.error(query)
    assert "aliases" in error["message"]
    api.alive()


# --- tokens -------------------------------------------------------------------------------


def test_huge_token_count_is_rejected(api: Api) -> None:
    query = "{ approach { " + "id " * 3000 + "} }"
    assert len(query.encode()) < MAX_BODY
    error = api.error(query)
    assert "tokens" in error["message"]
    assert "2000" in error["message"]
    api.alive()


def test_token_limit_counts_before_validation(api: Api) -> None:
    # nonsense that would give thousands of validation errors is stopped at parse time
    error = api.error("{ " + "x " * 5000 + "}")
    assert "tokens" in error["message"]


# --- settings change the limits -----------------------------------------------------------


def test_limits_follow_settings() -> None:
    strict = make_api(max_depth=3, max_aliases=2, max_tokens=40, max_body_bytes=300)
    assert strict.data(nested(4))
    assert "depth of 3" in strict.error(nested(5))["message"]
    assert strict.data("{ " + aliases(2) + " }")
    assert "Allowed: 2" in strict.error("{ " + aliases(3) + " }")["message"]
    assert "tokens" in strict.error("{ approach { " + "id " * 40 + "} }")["message"]
    response = strict.post("{ approach { id } }" + " " * 300)
    assert response.status_code == 413
    assert "300 bytes" in response.json()["errors"][0]["message"]
    strict.alive()


# --- body size ----------------------------------------------------------------------------


def _assert_too_large(response: Any) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert f"{MAX_BODY} bytes" in error["message"]


def _payload(size: int) -> bytes:
    """A valid GraphQL JSON body of exactly ``size`` bytes (padded with ignored spaces)."""
    base = json.dumps({"query": "{ approach { id } }"}).encode()
    pad = size - len(base)
    assert pad >= 0
    return json.dumps({"query": "{ approach { id } }" + " " * pad}).encode()


def test_2mb_body_is_413(api: Api) -> None:
    body = json.dumps({"query": "{ approach { id } }", "pad": "x" * 2_000_000}).encode()
    response = api.request(
        "POST", "/graphql", content=body, headers={"content-type": "application/json"}
    )
    _assert_too_large(response)
    api.alive()


def test_body_at_the_limit_passes(api: Api) -> None:
    body = _payload(MAX_BODY)
    assert len(body) == MAX_BODY
    response = api.request(
        "POST", "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"approach": {"id": "psychodynamic-therapy"}}}


def test_body_one_byte_over_the_limit_is_413(api: Api) -> None:
    body = _payload(MAX_BODY + 1)
    assert len(body) == MAX_BODY + 1
    response = api.request(
        "POST", "/graphql", content=body, headers={"content-type": "application/json"}
    )
    _assert_too_large(response)
    api.alive()


def test_body_just_under_the_limit_with_a_bad_query_is_a_graphql_error(api: Api) -> None:
    body = json.dumps({"query": "{ nope " + " " * (MAX_BODY - 100) + "}"}).encode()
    assert MAX_BODY - 200 < len(body) <= MAX_BODY
    response = api.request(
        "POST", "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["errors"]


async def _chunks(total: int, size: int = 10_000) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        chunk = b" " * min(size, total - sent)
        sent += len(chunk)
        yield chunk


def test_chunked_body_over_the_limit_is_413(api: Api) -> None:
    response = api.request(
        "POST",
        "/graphql",
        content=_chunks(2_000_000),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    _assert_too_large(response)
    api.alive()


def test_chunked_body_under_the_limit_passes(api: Api) -> None:
    payload = _payload(50_000)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 7_000):
            yield payload[start : start + 7_000]

    response = api.request(
        "POST", "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 200
    assert response.json() == {"data": {"approach": {"id": "psychodynamic-therapy"}}}


# --- the middleware on raw ASGI messages --------------------------------------------------


def _run_middleware(
    headers: list[tuple[bytes, bytes]], messages: list[Message], limit: int = 100
) -> tuple[list[Message], bytes | None]:
    """Drive :class:`BodyLimit` directly; return what it sent and what the app received."""
    sent: list[Message] = []
    seen: dict[str, bytes] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        seen["body"] = message["body"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    queue = list(messages)

    async def receive() -> Message:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": headers}
    asyncio.run(BodyLimit(app, max_bytes=limit)(scope, receive, send))
    return sent, seen.get("body")


def _body(data: bytes, more: bool = False) -> Message:
    return {"type": "http.request", "body": data, "more_body": more}


def test_middleware_counts_bytes_even_when_the_declared_length_lies() -> None:
    sent, received = _run_middleware(
        [(b"content-length", b"10")], [_body(b"x" * 60, more=True), _body(b"x" * 60)]
    )
    assert received is None
    assert sent[0]["status"] == 413


@pytest.mark.parametrize("declared", [b"abc", b"-1", b"1e9", b"101", b" 5"])
def test_middleware_rejects_bad_or_large_declared_lengths(declared: bytes) -> None:
    sent, received = _run_middleware([(b"content-length", declared)], [_body(b"{}")])
    assert received is None
    assert sent[0]["status"] == 413


def test_middleware_replays_a_body_within_the_limit() -> None:
    sent, received = _run_middleware(
        [], [_body(b"a" * 40, more=True), _body(b"b" * 40, more=True), _body(b"c" * 20)]
    )
    assert received == b"a" * 40 + b"b" * 40 + b"c" * 20
    assert sent[0]["status"] == 200


def test_middleware_stops_quietly_on_disconnect() -> None:
    sent, received = _run_middleware([], [_body(b"a" * 10, more=True)])
    assert sent == []
    assert received is None
