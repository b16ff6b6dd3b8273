"""HTTP benchmarks: repeated queries (ours vs a bare app), cache misses (ours vs plain
Strawberry, with and without its caches) and a load run, all against uvicorn servers on
127.0.0.1 with one worker.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

from .common import (
    BENCH_DIR,
    PYTHON,
    LoadGenerator,
    LoadResult,
    Plan,
    Server,
    Template,
    check_ok,
    free_port,
    log,
    median,
    scratch_dir,
    send,
    uvicorn_server,
)
from .profiling import format_profile, profile
from .queries import (
    TECHNIQUE_LIST,
    apq_register,
    glossary_ids,
    miss_plan,
    mixed_plan,
    repeated_get_plan,
    repeated_post_plan,
    unique_plan,
)

OURS_APP = "pdcontent_api.app:app_from_env"
COPIED_HEADERS = ("vary", "etag", "content-language", "cache-control")


def ours_server(name: str = "ours") -> Server:
    return uvicorn_server(name, OURS_APP, factory=True)


def _summary(results: list[LoadResult]) -> dict[str, Any]:
    return {
        "rps_rounds": [round(r.rps, 1) for r in results],
        "rps_median": round(median([r.rps for r in results]), 1),
        "cpu_us_per_request_rounds": [round(r.server_cpu_us, 1) for r in results],
        "cpu_us_per_request_median": round(median([r.server_cpu_us for r in results]), 1),
        "p50_ms_median": round(median([r.p50_ms for r in results]), 2),
        "p99_ms_median": round(median([r.p99_ms for r in results]), 2),
        "errors": sum(r.error_total for r in results),
        "requests": sum(r.requests for r in results),
    }


def measure(
    gen: LoadGenerator,
    server: Server,
    plan: Plan,
    seconds: float,
    connections: int,
    latency: bool = False,
    script_path: Path | None = None,
) -> LoadResult:
    """One load run, with the server's CPU time per request read from /proc around it."""
    before = server.cpu_seconds()
    result = gen.run(
        server.url, plan, seconds, connections, latency=latency, script_path=script_path
    )
    used = server.cpu_seconds() - before
    result.server_cpu_us = used / result.requests * 1e6 if result.requests else 0.0
    return result


def alternate(
    gen: LoadGenerator,
    plan: Plan,
    a: Server,
    b: Server,
    rounds: int,
    seconds: float,
    connections: int,
    script_path: Path | None = None,
) -> dict[str, Any]:
    """A/B/A/B...: ``rounds`` runs of each server, interleaved; medians and ratios.

    ``ratio`` is A's requests per second over B's; ``cpu_ratio`` is B's server CPU time
    per request over A's, which other load on the machine disturbs much less.
    """
    runs: dict[str, list[LoadResult]] = {a.name: [], b.name: []}
    for i in range(rounds):
        for server in (a, b):
            result = measure(gen, server, plan, seconds, connections, script_path=script_path)
            runs[server.name].append(result)
            log(
                f"    round {i + 1} {plan.name:8s} {server.name:8s} {result.rps:7.0f} req/s"
                f"  server CPU {result.server_cpu_us:7.1f} µs/req"
                f"  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms"
                f"  errors {result.error_total}"
            )
    sa, sb = _summary(runs[a.name]), _summary(runs[b.name])
    paired = [x.rps / y.rps for x, y in zip(runs[a.name], runs[b.name], strict=True) if y.rps]
    cpu_a, cpu_b = sa["cpu_us_per_request_median"], sb["cpu_us_per_request_median"]
    return {
        a.name: sa,
        b.name: sb,
        "ratio": round(sa["rps_median"] / sb["rps_median"], 3) if sb["rps_median"] else 0.0,
        "paired_ratios": [round(p, 3) for p in paired],
        "cpu_ratio": round(cpu_b / cpu_a, 3) if cpu_a else 0.0,
    }


# --------------------------------------------------------------------------- in-process ASGI


async def _asgi(app: Any, template: Template, thread: int, n: int) -> tuple[int, bytes]:
    path, _, query = template.path.partition("?")
    body = (template.body_for(thread, n) or "").encode()
    headers = [(k.lower().encode(), v.encode()) for k, v in template.headers]
    headers += [(b"host", b"bench"), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": template.method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send_(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send_)
    return status, b"".join(chunks)


def run_in_process(app: Any, plan: Plan, count: int, first: int = 0) -> float:
    """Send ``count`` requests of ``plan`` straight to the ASGI app; seconds per request."""

    async def go() -> float:
        began = time.perf_counter()
        for n in range(first, first + count):
            status, body = await _asgi(app, plan.request(1, n), 1, n)
            if status != 200 or b'"errors"' in body:
                raise RuntimeError(f"in-process request failed: {status} {body[:200]!r}")
        return (time.perf_counter() - began) / count

    return asyncio.run(go())


def _ours_app() -> Any:
    from pdcontent_api.app import create_app
    from pdcontent_api.settings import Settings

    return create_app(Settings())


def _baseline_app(name: str) -> Any:
    """An app of bench.plain_strawberry: ``app`` (no caches) or ``cached_app``."""
    from . import plain_strawberry

    return getattr(plain_strawberry, name)


# --------------------------------------------------------------------------- 1. repeated


def start_bare(ours: Server) -> Server:
    """Start the bare app, serving the bytes our (running) server answers to the repeated
    POST and APQ GET, and check both servers now answer those requests identically."""
    plans = (("post", repeated_post_plan()), ("get", repeated_get_plan()))
    check_ok(ours.url, apq_register(TECHNIQUE_LIST, "TechniqueList"))
    stored: dict[str, Any] = {}
    for key, plan in plans:
        check_ok(ours.url, plan.templates[0])
        response = send(ours.url, plan.templates[0])
        headers = {h: response.headers[h] for h in COPIED_HEADERS if h in response.headers}
        stored[key] = {"body": response.text, "headers": headers}
        stored["media_type"] = response.headers["content-type"]
    path = scratch_dir() / f"bare-response-{ours.port}.json"
    path.write_text(json.dumps(stored), encoding="utf-8")
    bare = uvicorn_server("bare", "bench.bare_app:app", env={"BENCH_BARE_RESPONSE": str(path)})
    bare.start()
    try:
        for key, plan in plans:
            a, b = send(ours.url, plan.templates[0]), send(bare.url, plan.templates[0])
            if a.content != b.content or a.headers["content-type"] != b.headers["content-type"]:
                raise RuntimeError(f"the bare app's {key} answer differs from ours")
    except BaseException:
        bare.stop()
        raise
    return bare


def repeated_queries(
    gen: LoadGenerator, seconds: float, rounds: int, warmup: float, shipped: bool
) -> dict[str, Any]:
    """Our server vs a bare Starlette route sending the same bytes: POST, then APQ GET."""
    post_plan, get_plan = repeated_post_plan(), repeated_get_plan()
    ours = ours_server()
    bare: Server | None = None
    out: dict[str, Any] = {}
    try:
        ours.start()
        bare = start_bare(ours)
        out["response_bytes"] = len(send(bare.url, post_plan.templates[0]).content)
        log(f"  ours and bare answer the same {out['response_bytes']} bytes, same headers")
        for server in (ours, bare):
            for plan in (post_plan, get_plan):
                gen.run(server.url, plan, warmup, 32)
        out["rss_after_warmup_kib"] = {"ours": ours.rss_kib(), "bare": bare.rss_kib()}
        out["post"] = alternate(
            gen, post_plan, ours, bare, rounds, seconds, 32, BENCH_DIR / "post.lua"
        )
        out["get_apq"] = alternate(gen, get_plan, ours, bare, rounds, seconds, 32)
        if shipped:
            out["shipped"] = _shipped(gen, bare, post_plan, seconds, warmup)
    finally:
        ours.stop()
        if bare is not None:
            bare.stop()
    return out


def _shipped(
    gen: LoadGenerator, bare: Server, plan: Plan, seconds: float, warmup: float
) -> dict[str, Any]:
    """`pdcontent serve` as shipped (info log level, access log on, to /dev/null) vs bare."""
    port = free_port()
    args = [PYTHON, "-m", "pdcontent", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = Server("shipped", args, port)
    try:
        server.start(stdout_devnull=True)
        check_ok(server.url, plan.templates[0])
        gen.run(server.url, plan, warmup, 32)
        a = measure(gen, server, plan, seconds, 32)
        b = measure(gen, bare, plan, seconds, 32)
    finally:
        server.stop()
    log(
        f"    pdcontent serve (access log on) {a.rps:7.0f} req/s, {a.server_cpu_us:.1f} µs/req;"
        f" bare just after {b.rps:7.0f} req/s, {b.server_cpu_us:.1f} µs/req"
    )
    return {
        "shipped_rps": round(a.rps, 1),
        "bare_rps": round(b.rps, 1),
        "ratio": round(a.rps / b.rps, 3),
        "shipped_cpu_us": round(a.server_cpu_us, 1),
        "bare_cpu_us": round(b.server_cpu_us, 1),
        "cpu_ratio": round(b.server_cpu_us / a.server_cpu_us, 3),
    }


# --------------------------------------------------------------------------- 2. cache misses

#: the two miss plans, each against the baseline its target names (bench/plain_strawberry.py)
MISS_BASELINES = {
    # a new document each request, against plain Strawberry as a user would write it
    "unique": ("plain", "app", "a plain Strawberry schema, default settings (no caches)"),
    # a known document with new variables, against the same with Strawberry's caches on
    "known": ("cached", "cached_app", "the same with Strawberry's ParserCache+ValidationCache"),
}


def cache_misses(
    gen: LoadGenerator, kind: str, seconds: float, rounds: int, warmup: float, target: float
) -> dict[str, Any]:
    """Every request a response-cache miss: ours vs its baseline, over HTTP and in-process.

    ``kind`` is ``unique`` (a new alias in every document) or ``known`` (one document,
    new variables each time).
    """
    ids = glossary_ids()
    plan = unique_plan(ids) if kind == "unique" else miss_plan(ids)
    name, attr, what = MISS_BASELINES[kind]
    ours = ours_server()
    baseline = uvicorn_server(name, f"bench.plain_strawberry:{attr}")
    out: dict[str, Any] = {"distinct_ids": len(ids), "baseline": what}
    try:
        ours.start()
        baseline.start()
        for n in range(len(ids)):
            a = check_ok(ours.url, plan.request(99, n), 99, n)
            b = check_ok(baseline.url, plan.request(99, n), 99, n)
            if a["data"] != b["data"]:
                raise RuntimeError(f"ours and {name} disagree for {ids[n]}")
        log(f"  both give the same data for all {len(ids)} glossary ids")
        for server in (ours, baseline):
            gen.run(server.url, plan, warmup, 32)
        out.update(alternate(gen, plan, ours, baseline, rounds, seconds, 32))
    finally:
        ours.stop()
        baseline.stop()
    ours_app, baseline_app = _ours_app(), _baseline_app(attr)
    warm = 200
    run_in_process(ours_app, plan, warm)
    run_in_process(baseline_app, plan, warm)
    count = 600
    runs = []
    for i in range(3):  # the median of three, in alternation
        first = warm + i * count
        runs.append(
            (
                run_in_process(ours_app, plan, count, first) * 1e6,
                run_in_process(baseline_app, plan, count, first) * 1e6,
            )
        )
    us_ours = median([r[0] for r in runs])
    us_base = median([r[1] for r in runs])
    out["in_process_us_per_request"] = {
        "ours": round(us_ours, 1),
        "baseline": round(us_base, 1),
        "ratio_baseline_over_ours": round(us_base / us_ours, 3),
    }
    log(
        f"  in-process (no HTTP server): ours {us_ours:.0f} µs/request,"
        f" {name} {us_base:.0f} µs/request ({us_base / us_ours:.2f}x)"
    )
    if out["ratio"] < target:
        result = profile(lambda: run_in_process(ours_app, plan, 600, 10_000))
        out["profile_ours"] = result
        log(format_profile(result, f"ours, 600 {kind} cache-miss requests in-process"))
        result = profile(lambda: run_in_process(baseline_app, plan, 600, 10_000))
        out["profile_baseline"] = result
        log(format_profile(result, f"{name}, the same 600 requests"))
    return out


def repeated_profile() -> dict[str, Any]:
    """In-process cost of a repeated (cached) POST, ours vs the bare route, with a profile."""
    ours_app = _ours_app()
    plan = repeated_post_plan()
    run_in_process(ours_app, plan, 200)
    us = run_in_process(ours_app, plan, 5000) * 1e6
    result = profile(lambda: run_in_process(ours_app, plan, 5000))
    log(f"  in-process: ours answers a cached POST in {us:.0f} µs")
    log(format_profile(result, "ours, 5000 cached POSTs in-process"))
    return {"in_process_us_per_request": round(us, 1), "profile_ours": result}


# --------------------------------------------------------------------------- 5. load run


class RssSampler:
    """Reads a process's VmRSS every ``interval`` seconds on a thread, until stopped."""

    def __init__(self, server: Server, interval: float = 0.5) -> None:
        self.server = server
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._start = 0.0

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.samples.append((time.monotonic() - self._start, self.server.rss_kib()))
            except (OSError, RuntimeError, AssertionError):
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._start = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def load_run(gen: LoadGenerator, seconds: float, warmup: float) -> dict[str, Any]:
    """64 connections against our server with a mix of cached, APQ and uncached requests;
    then the same load against the bare app, as the baseline."""
    plan = mixed_plan(glossary_ids())
    ours = ours_server()
    bare: Server | None = None
    try:
        ours.start()
        bare = start_bare(ours)
        for n, template in enumerate(plan.templates):
            check_ok(ours.url, template, 99, n)
        gen.run(ours.url, plan, warmup, 64)
        gen.run(bare.url, plan, warmup, 64)
        before = ours.rss_kib()
        with RssSampler(ours) as sampler:
            result = measure(gen, ours, plan, seconds, 64, latency=True)
        after = ours.rss_kib()
        alive = ours.proc is not None and ours.proc.poll() is None
        health = send(ours.url, Template("GET", "/healthz")).status_code
        baseline = measure(gen, bare, plan, seconds, 64, latency=True)
    finally:
        ours.stop()
        if bare is not None:
            bare.stop()
    timeline = [kib for _, kib in sampler.samples]
    quarter = [timeline[int(i * (len(timeline) - 1) / 4)] for i in range(5)] if timeline else []
    out = {
        "connections": 64,
        "threads": 2,
        "seconds": seconds,
        "mix": "6/10 repeated POST, 2/10 APQ GET, 2/10 cache-miss POST",
        "ours": result.as_dict(),
        "bare": baseline.as_dict(),
        "ratio_rps": round(result.rps / baseline.rps, 3),
        "ratio_p50": round(result.p50_ms / baseline.p50_ms, 2),
        "ratio_p90": round(result.p90_ms / baseline.p90_ms, 2),
        "ratio_p99": round(result.p99_ms / baseline.p99_ms, 2),
        "cpu_ratio": round(baseline.server_cpu_us / result.server_cpu_us, 3),
        "rss_before_kib": before,
        "rss_after_kib": after,
        "rss_ratio": round(after / before, 3),
        "rss_quartiles_kib": quarter,
        "server_alive_after": alive,
        "healthz_after": health,
    }
    for name, r in (("ours", result), ("bare", baseline)):
        if r.latency_text:
            log(f"  {name}:\n{r.latency_text}")
        log(
            f"  {name}: {r.rps:.0f} req/s, p50 {r.p50_ms:.2f} ms, p90 {r.p90_ms:.2f} ms,"
            f" p99 {r.p99_ms:.2f} ms, server CPU {r.server_cpu_us:.1f} µs/req, errors {r.errors}"
        )
    log(f"  ours RSS {before} -> {after} KiB; at 0/25/50/75/100 % of the run: {quarter}")
    return out
