"""Transport limits and the event loop, against a real uvicorn process over loopback.

A costly document runs in a worker thread, so health checks are answered while it runs;
idle connections are closed, oversized request heads are refused, and a flood of
connections gets 503 instead of queueing without bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .real_server import connect, read_until_closed, serving_with
from .test_server import Server

#: a glossary page whose terms nest seeAlso six deep: about 3.7 MB and half a second here
SLOW_QUERY = (
    "{ glossary(limit: 100) { items { "
    + "id seeAlso { " * 6
    + "id body(format: HTML)"
    + " }" * 6
    + " } } }"
)
HEALTHY = {"status": "ok"}


@pytest.fixture(scope="module")
def permissive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose cost and size limits let the slow query run, with tight transport limits."""
    settings = {
        "max_cost": str(10**15),
        "max_response_bytes": str(10**9),
        "timeout_keep_alive": "1",
        "limit_concurrency": "8",
        "max_incomplete_event_bytes": "8192",
    }
    with serving_with(tmp_path_factory.mktemp("transport"), settings) as running:
        yield running


@pytest.mark.slow
def test_healthz_is_answered_while_the_costliest_query_runs(permissive: Server) -> None:
    finished: list[str] = []
    started = threading.Event()
    answers: dict[str, httpx.Response] = {}

    def run_query() -> None:
        with httpx.Client(base_url=permissive.url, timeout=60.0) as client:
            started.set()
            answers["query"] = client.post("/graphql", json={"query": SLOW_QUERY})
            finished.append("query")

    worker = threading.Thread(target=run_query)
    worker.start()
    started.wait(5)
    time.sleep(0.2)  # let the server start executing; the assertion is on order, not time
    with httpx.Client(base_url=permissive.url, timeout=60.0) as client:
        answers["healthz"] = client.get("/healthz")
        finished.append("healthz")
    worker.join(60)
    assert finished == ["healthz", "query"]
    assert answers["healthz"].json() == HEALTHY
    body = answers["query"].json()
    assert "errors" not in body
    assert len(body["data"]["glossary"]["items"]) > 10


@pytest.mark.slow
def test_cached_answers_are_served_while_the_costliest_query_runs(permissive: Server) -> None:
    cheap = {"query": "{ approach { id } }"}
    with httpx.Client(base_url=permissive.url, timeout=60.0) as client:
        assert client.post("/graphql", json=cheap).status_code == 200  # now cached
    finished: list[str] = []

    def run_query() -> None:
        with httpx.Client(base_url=permissive.url, timeout=60.0) as client:
            client.post("/graphql", json={"query": SLOW_QUERY, "variables": {"v": 1}})
            finished.append("query")

    worker = threading.Thread(target=run_query)
    worker.start()
    time.sleep(0.2)
    with httpx.Client(base_url=permissive.url, timeout=60.0) as client:
        for _ in range(5):
            assert client.post("/graphql", json=cheap).status_code == 200
        finished.append("cached")
    worker.join(60)
    assert finished == ["cached", "query"]


@pytest.mark.slow
def test_an_idle_keep_alive_connection_is_closed(permissive: Server) -> None:
    with connect(permissive, timeout=10.0) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        received = read_until_closed(sock)  # the server closes after its 1 s keep-alive
        waited = time.monotonic() - started
    assert received.startswith(b"HTTP/1.1 200")
    assert waited < 8.0


@pytest.mark.slow
def test_an_oversized_incomplete_request_head_is_refused(permissive: Server) -> None:
    # h11 bounds the head it buffers while waiting for the blank line that ends it: a
    # client trickling a huge head never gets to hold more than the limit
    with connect(permissive) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000)
        received = read_until_closed(sock)
    assert received.startswith(b"HTTP/1.1 400")
    assert b"Traceback" not in received
    assert httpx.get(permissive.url + "/healthz").json() == HEALTHY


@pytest.mark.slow
def test_a_head_within_the_limit_passes(permissive: Server) -> None:
    response = httpx.get(permissive.url + "/healthz", headers={"x-fill": "a" * 4_000})
    assert response.json() == HEALTHY


@pytest.mark.slow
def test_a_flood_of_connections_gets_503_and_the_server_recovers(permissive: Server) -> None:
    idle = [connect(permissive) for _ in range(8)]
    try:
        time.sleep(0.2)  # let the server accept them all
        with connect(permissive) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            received = read_until_closed(sock)
        assert received.startswith(b"HTTP/1.1 503")
    finally:
        for sock in idle:
            sock.close()
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        if httpx.get(permissive.url + "/healthz").status_code == 200:
            break
        time.sleep(0.05)
    assert httpx.get(permissive.url + "/healthz").json() == HEALTHY


@pytest.mark.slow
def test_real_preflight_allows_what_real_clients_send(permissive: Server) -> None:
    requested = (
        "content-type, if-none-match, apollographql-client-name, apollographql-client-version"
    )
    headers = {
        "origin": "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": requested,
    }
    response = httpx.options(permissive.url + "/graphql", headers=headers)
    assert response.status_code == 200
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert set(requested.split(", ")) <= allowed


@pytest.mark.slow
def test_real_responses_expose_etag_and_content_language(
    permissive: Server, tmp_path: Path
) -> None:
    response = httpx.get(
        permissive.url + "/graphql",
        params={"query": "{ approach { id } }"},
        headers={"origin": "https://app.example"},
    )
    assert response.status_code == 200
    exposed = {h.strip() for h in response.headers["access-control-expose-headers"].split(",")}
    assert exposed == {"ETag", "Content-Language"}
    assert response.headers["etag"]
    assert response.headers["content-language"] == "en"
