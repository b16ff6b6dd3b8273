"""Every memory of client input counts bytes, and all share one per-worker budget."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest

from pdcontent_api.documents import Documents
from pdcontent_api.memory_budget import DEFAULT_BUDGET_BYTES, SHARES, share
from pdcontent_api.persisted import PersistedQueries, sha256
from pdcontent_api.response_cache import CachedResponse, ResponseCache
from pdcontent_api.settings import Settings

from .conftest import make_api
from .real_server import serving_with

MIB = 1024 * 1024
PADDING = 60_000  # bytes of comment in each flood document: inside every request limit


def padded(seed: str) -> str:
    """A distinct ~60 KB document that runs: one field, then a long comment."""
    return "{ approach { id } }\n# " + seed + "x" * PADDING


def test_the_budget_is_one_setting() -> None:
    assert Settings().memory_budget_bytes == DEFAULT_BUDGET_BYTES
    env = {"PDCONTENT_MEMORY_BUDGET_BYTES": "1048576"}
    assert Settings.from_env(env).memory_budget_bytes == MIB
    graphql = make_api(memory_budget_bytes=MIB).app.state.graphql
    assert graphql.cache.max_bytes == share(MIB, "responses")
    assert graphql.persisted.max_bytes == share(MIB, "persisted")


def test_the_shares_add_up_to_the_budget() -> None:
    assert sum(share(100 * MIB, memory) for memory in SHARES) <= 100 * MIB
    assert share(100 * MIB, "responses") == 40 * MIB  # 40 %


def test_the_response_cache_counts_keys_and_bodies() -> None:
    cache = ResponseCache(1000, max_bytes=300_000)
    for n in range(20):
        cache.put(
            ("POST", b"k" * 50_000 + str(n).encode(), "application/json", "en"),
            CachedResponse.of(b"{}", "en"),
        )
    # 20 keys of 50 KB were offered; only what fits in 300 KB stays
    assert len(cache) == 5
    assert cache.weight <= 300_000


def test_documents_and_validated_set_count_bytes() -> None:
    documents = Documents(10_000, max_bytes=1 * MIB, validated_bytes=200_000)
    for n in range(100):
        canonical = documents.check(padded(str(n)), None)
        documents.mark_validated(canonical + str(n) + "#" * 50_000)  # a large canonical form
    assert documents._parsed.weight <= 1 * MIB
    assert len(documents._parsed) < 20  # 60 KB each
    assert documents._validated.weight <= 200_000
    assert len(documents._validated) == 3


def test_apq_store_counts_bytes() -> None:
    store = PersistedQueries(max_entries=10_000, max_bytes=1 * MIB)
    for n in range(100):
        query = padded(str(n))
        store.learn(sha256(query), query)
    assert store._learned.weight <= 1 * MIB
    assert store.lookup(sha256(padded("99"))) == padded("99")  # the newest stay
    assert store.lookup(sha256(padded("0"))) is None


def test_negotiations_count_bytes() -> None:
    api = make_api(memory_budget_bytes=2 * MIB)  # 5 %: ~100 KB of header values
    negotiate = api.app.state.graphql.negotiate
    for n in range(200):
        negotiate(f"de;q=0.{n % 9 + 1}, " + "x" * 2_000 + str(n))
    assert negotiate._resolved.weight <= share(2 * MIB, "negotiations")
    assert len(negotiate._resolved) < 60


def test_a_small_budget_still_serves_and_caches() -> None:
    api = make_api(memory_budget_bytes=1 * MIB)
    graphql = api.app.state.graphql
    for n in range(60):
        response = api.post(padded(str(n)))
        assert response.status_code == 200
        assert response.json() == {"data": {"approach": {"id": "psychodynamic-therapy"}}}
    assert graphql.cache.weight <= share(1 * MIB, "responses")
    assert graphql.documents._parsed.weight <= share(1 * MIB, "documents")
    first = api.post("{ approach { title } }")
    again = api.post("{ approach  { title } }")  # another spelling, the same answer
    assert again.headers["etag"] == first.headers["etag"]


# --- a real server under a flood ----------------------------------------------------------


def rss(pid: int) -> int:
    """The resident set size of a process, in bytes, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


FLOOD_BUDGET = 8 * MIB
#: what a worker grows by beyond the budget whatever the budget (measured: 8-10 MiB at
#: budgets of 2, 8 and 32 MiB): allocator arenas, freed blocks not yet reused, buffers
SLACK = 12 * MIB
FLOOD_SECONDS = 120.0


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_flood_of_distinct_large_documents_stays_in_budget(tmp_path: Path) -> None:
    # one uvicorn worker, this process's child, so its pid is the worker's
    settings = {"memory_budget_bytes": str(FLOOD_BUDGET)}
    with serving_with(tmp_path, settings) as server, server.client() as client:
        # warm up: every locale the flood asks for is loaded first (content, not client
        # input), and each request shape has run once
        for language in ("en", "de"):
            for query in ("{ approach { title } }", padded("warm")):
                warm = client.post(
                    "/graphql", json={"query": query}, headers={"accept-language": language}
                )
                assert warm.status_code == 200
        baseline = rss(server.proc.pid)
        sent = 0
        started = time.monotonic()
        peak = baseline
        n = 0
        # several times the budget, in each of the shapes that fill a different memory
        while sent < 5 * FLOOD_BUDGET:
            assert time.monotonic() - started < FLOOD_SECONDS, "the flood took too long"
            seed = f"{n}-{secrets.token_hex(8)}"
            query = padded(seed)
            if n % 3 == 0:  # POST: documents, syntax trees, response cache, raw keys
                response = client.post("/graphql", json={"query": query})
            elif n % 3 == 1:  # APQ registration: the persisted store too
                apq = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
                response = client.post("/graphql", json={"query": query, "extensions": apq})
            else:  # Accept-Language values: the negotiation cache
                response = client.post(
                    "/graphql",
                    json={"query": "{ approach { id } }"},
                    headers={"accept-language": "de, " + seed + "-" + "a" * 4000},
                )
            assert response.status_code == 200, response.text
            sent += len(query)
            n += 1
            if n % 50 == 0:
                peak = max(peak, rss(server.proc.pid))
        peak = max(peak, rss(server.proc.pid))
        assert client.get("/healthz").status_code == 200
    grown = peak - baseline
    assert grown <= FLOOD_BUDGET + SLACK, (
        f"{n} documents ({sent / MIB:.0f} MiB) grew the worker by {grown / MIB:.1f} MiB "
        f"from {baseline / MIB:.0f} MiB; budget {FLOOD_BUDGET / MIB:.0f} MiB"
    )
