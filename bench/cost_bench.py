"""The costliest query the default cost limit allows: how long it takes, how large it answers.

``python -m bench.cost_bench``. Several families of hostile documents (aliased pages with
rich text, nested ``seeAlso`` chains, every collection at once) are each grown until the
next step would exceed ``PDCONTENT_MAX_COST``; the largest answer among them is "the
costliest allowed query". It is sent to a real server (one uvicorn worker, default
settings) with a fresh document each time, so every run parses, validates and executes.
Targets (issue 9): under 1 MB and under 50 ms. When a target is missed, a cProfile of
the in-process execution is included. Results go to stdout and bench/cost_results.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from graphql import parse

from pdcontent_api import Settings, create_app
from pdcontent_api.cost import document_cost
from pdcontent_api.endpoint import HeaderSink
from pdcontent_api.request_headers import request_headers

from .common import BENCH_DIR, log, median, uvicorn_server
from .profiling import profile

TARGET_BYTES = 1_000_000
TARGET_SECONDS = 0.050
RUNS = 7
ROOTS = (
    "principles",
    "techniques",
    "conditions",
    "phases",
    "qualifications",
    "considerations",
    "glossary",
)
RICH = "id title body(format: HTML)"


def _aliased(n: int, selection: Callable[[int], str], tag: str) -> str:
    return "{ " + " ".join(f"{tag}{i}: {selection(i)}" for i in range(n)) + " }"


def _glossary_pages(n: int, tag: str) -> str:
    return _aliased(n, lambda _: f"glossary(limit: 100) {{ items {{ {RICH} }} }}", tag)


def _every_collection(n: int, tag: str) -> str:
    return _aliased(
        n, lambda i: f"{ROOTS[i % len(ROOTS)]}(limit: 100) {{ items {{ {RICH} }} }}", tag
    )


def _see_also_pages(n: int, tag: str) -> str:
    page = f"glossary(limit: 100) {{ items {{ {RICH} seeAlso {{ {RICH} }} }} }}"
    return _aliased(n, lambda _: page, tag)


def _see_also_chain(n: int, tag: str) -> str:
    # a short page, nested as deep as the limit allows
    inner = RICH
    for _ in range(n):
        inner = f"id seeAlso {{ {inner} }}"
    return f"{{ {tag}: glossary(limit: 5) {{ items {{ {inner} }} }} }}"


FAMILIES: dict[str, Callable[[int, str], str]] = {
    "aliased glossary pages, HTML bodies": _glossary_pages,
    "every collection, aliased, HTML bodies": _every_collection,
    "glossary pages with seeAlso, HTML bodies": _see_also_pages,
    "short glossary page, seeAlso chain": _see_also_chain,
}


def _largest_allowed(family: Callable[[int, str], str], schema: Any, max_cost: int) -> int:
    """The largest ``n`` (at most 30, the alias limit) whose document stays within ``max_cost``."""
    best = 0
    for n in range(1, 31):
        if document_cost(schema, parse(family(n, "a"))) > max_cost:
            break
        best = n
    return best


def _measure(url: str, family: Callable[[int, str], str], n: int) -> dict[str, Any]:
    """Send a fresh copy of the document RUNS times; the median time and the answer size."""
    times: list[float] = []
    size = 0
    errors: list[Any] = []
    with httpx.Client(timeout=60.0) as client:
        for run in range(RUNS):
            document = family(n, f"r{run}x")  # new alias names: a cache miss every time
            started = time.perf_counter()
            response = client.post(url, json={"query": document})
            times.append(time.perf_counter() - started)
            size = len(response.content)
            errors = response.json().get("errors", [])
    return {"seconds": median(times), "bytes": size, "errors": errors[:1]}


def run() -> dict[str, Any]:
    """Find and measure the costliest allowed query; return the report."""
    settings = Settings()
    app = create_app(settings)
    schema = app.state.graphql.schema._schema
    families: list[dict[str, Any]] = []
    with uvicorn_server("cost", "pdcontent_api.app:app_from_env", factory=True) as server:
        server.start()
        for name, family in FAMILIES.items():
            n = _largest_allowed(family, schema, settings.max_cost)
            if n == 0:
                families.append({"family": name, "n": 0, "note": "not even one step allowed"})
                continue
            document = family(n, "a")
            measured = _measure(server.url, family, n)
            cost = document_cost(schema, parse(document))
            families.append(
                {"family": name, "n": n, "cost": cost, "document_bytes": len(document), **measured}
            )
            log(
                f"{name}: n={n} cost={cost} answer={measured['bytes']} B"
                f" time={measured['seconds'] * 1000:.1f} ms"
            )
    measured_families = [f for f in families if f.get("n")]
    worst = max(measured_families, key=lambda f: (f["bytes"], f["seconds"]))
    slowest = max(measured_families, key=lambda f: f["seconds"])
    report: dict[str, Any] = {
        "max_cost": settings.max_cost,
        "targets": {"bytes": TARGET_BYTES, "seconds": TARGET_SECONDS},
        "families": families,
        "largest_answer": worst,
        "slowest": slowest,
        "met": worst["bytes"] < TARGET_BYTES and slowest["seconds"] < TARGET_SECONDS,
    }
    if not report["met"]:
        family = FAMILIES[slowest["family"]]
        document = family(slowest["n"], "p")
        graphql = app.state.graphql
        context = {
            "headers": request_headers({"type": "http", "headers": []}),
            "response": HeaderSink(),
            "source": graphql.source,
        }
        report["profile"] = profile(
            lambda: graphql.schema.execute_sync(document, context_value=context)
        )
    return report


def main() -> int:
    """Run the bench, print the report and write bench/cost_results.json."""
    report = run()
    (BENCH_DIR / "cost_results.json").write_text(json.dumps(report, indent=2) + "\n")
    largest, slowest = report["largest_answer"], report["slowest"]
    log(
        f"costliest allowed query (max_cost {report['max_cost']}): largest answer"
        f" {largest['bytes']} B ({largest['family']}), slowest"
        f" {slowest['seconds'] * 1000:.1f} ms ({slowest['family']});"
        f" targets < {TARGET_BYTES} B and < {TARGET_SECONDS * 1000:.0f} ms:"
        f" {'met' if report['met'] else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
