"""``make bench``: every benchmark, a table of ratios, and bench/results.json.

Every figure is a ratio against a baseline measured in the same run, because the machine
is shared and noisy. Knobs (environment): BENCH_SECONDS (10) per load round,
BENCH_ROUNDS (2) per server, BENCH_LOAD_SECONDS (20) for the load run, BENCH_QUICK=1
for a short smoke run, BENCH_CLIENT=httpx to force the fallback load generator.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any

from . import (
    cost_bench,
    file_bytes_bench,
    heap_profile,
    http_bench,
    loading_bench,
    memory_bench,
    search_bench,
    startup_bench,
    validation_bench,
)
from .common import BENCH_DIR, ROOT, LoadGenerator, log, remove_scratch, stop_all_servers

#: issue 14's targets, each against a baseline measured in the same run
TARGETS = {
    "repeated": 1.0,  # ours/bare Starlette requests per second, at least
    "unique": 1.5,  # ours/plain Strawberry req/s, a new document each request, at least
    "known": 2.0,  # ours/Strawberry with ParserCache+ValidationCache, new variables, at least
    "loading": 3.0,  # load()/json.loads time, at most
    "import_load_ms": 50.0,  # fresh process: import pdcontent + load("de"), at most
    "first_query": 2.0,  # spawn to first answer, pdcontent serve/bare Starlette, at most
    "rss": 1.5,  # serving RSS after warm-up, ours/bare Starlette, at most
    "validation": 1.25,  # time per item vs the real tree, at most ("about constant")
}


def _config() -> dict[str, Any]:
    quick = os.environ.get("BENCH_QUICK") == "1"
    return {
        "quick": quick,
        # more, shorter rounds interleave A and B more finely against a noisy neighbour
        "seconds": float(os.environ.get("BENCH_SECONDS", "3" if quick else "5")),
        "rounds": int(os.environ.get("BENCH_ROUNDS", "2" if quick else "4")),
        "load_seconds": float(os.environ.get("BENCH_LOAD_SECONDS", "5" if quick else "20")),
        "warmup": 1.0 if quick else 2.0,
        "load_repeats": 2 if quick else 3,
        "factors": (1, 10) if quick else (1, 10, 100),
        # the flood: 10,000 distinct documents of ~90 KB (about 6 minutes)
        "memory_documents": int(
            os.environ.get("BENCH_MEMORY_DOCUMENTS", "1000" if quick else "10000")
        ),
    }


def machine_facts(generator: str) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kib = int(next(x for x in meminfo if x.startswith("MemTotal:")).split()[1])
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    packages = {}
    for name in (
        "strawberry-graphql",
        "graphql-core",
        "starlette",
        "uvicorn",
        "pydantic",
        "orjson",
    ):
        try:
            packages[name] = version(name)
        except Exception:  # a missing distribution is a fact too
            packages[name] = "missing"
    git = {}
    for key, cmd in (
        ("commit", ["git", "rev-parse", "--short", "HEAD"]),
        ("changed", ["git", "status", "--porcelain", "--", "api", "src", "pyproject.toml"]),
    ):
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        git[key] = done.stdout.strip() if key == "commit" else done.stdout.splitlines()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": git,
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "packages": packages,
        "load_generator": generator,
        "http_parser": "uvicorn default (h11 unless httptools is installed), asyncio loop",
    }


def _row(
    section: str,
    what: str,
    ours: str,
    baseline: str,
    ratio: float | None,
    target: str = "",
    met: bool | None = None,
) -> dict[str, Any]:
    return {
        "section": section,
        "measure": what,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "met": None if met is None else bool(met),
    }


def table(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    r = results.get("repeated")
    if r:
        t = TARGETS["repeated"]
        for key, name in (("post", "repeated POST, req/s"), ("get_apq", "repeated APQ GET, req/s")):
            x = r[key]
            rows.append(
                _row(
                    "1 repeated",
                    f"{name} (ours/bare; paired rounds {x['paired_ratios']})",
                    f"{x['ours']['rps_median']:.0f}",
                    f"{x['bare']['rps_median']:.0f} bare",
                    x["ratio"],
                    f">= {t}",
                    x["ratio"] >= t,
                )
            )
            rows.append(
                _row(
                    "1 repeated",
                    f"  the same: server CPU µs/request (bare/ours), {key}",
                    f"{x['ours']['cpu_us_per_request_median']:.1f} µs",
                    f"{x['bare']['cpu_us_per_request_median']:.1f} µs bare",
                    x["cpu_ratio"],
                    "info",
                )
            )
        if "shipped" in r:
            x = r["shipped"]
            rows.append(
                _row(
                    "1 repeated",
                    "POST via `pdcontent serve` as shipped (access log on), req/s",
                    f"{x['shipped_rps']:.0f}",
                    f"{x['bare_rps']:.0f} bare",
                    x["ratio"],
                    "info",
                )
            )
            rows.append(
                _row(
                    "1 repeated",
                    "  the same: server CPU µs/request (bare/ours)",
                    f"{x['shipped_cpu_us']:.1f} µs",
                    f"{x['bare_cpu_us']:.1f} µs bare",
                    x["cpu_ratio"],
                    "info",
                )
            )
    for key, what in (
        ("misses_unique", "unique documents (a new alias each), req/s, ours/plain Strawberry"),
        ("misses_known", "known document, new variables, req/s, ours/Strawberry+caches"),
    ):
        m = results.get(key)
        if not m:
            continue
        t = TARGETS[key.removeprefix("misses_")]
        name = "plain" if key == "misses_unique" else "cached"
        rows.append(
            _row(
                "2 misses",
                f"{what} (paired {m['paired_ratios']})",
                f"{m['ours']['rps_median']:.0f}",
                f"{m[name]['rps_median']:.0f} {name}",
                m["ratio"],
                f">= {t}",
                m["ratio"] >= t,
            )
        )
        rows.append(
            _row(
                "2 misses",
                "  the same: server CPU µs/request (baseline/ours)",
                f"{m['ours']['cpu_us_per_request_median']:.0f} µs",
                f"{m[name]['cpu_us_per_request_median']:.0f} µs {name}",
                m["cpu_ratio"],
                "info",
            )
        )
        x = m["in_process_us_per_request"]
        rows.append(
            _row(
                "2 misses",
                "  the same in-process, no HTTP server, µs/request (baseline/ours)",
                f"{x['ours']:.0f} µs",
                f"{x['baseline']:.0f} µs {name}",
                x["ratio_baseline_over_ours"],
                "info",
            )
        )
    ld = results.get("loading")
    if ld:
        t = TARGETS["loading"]
        for locale, x in ld["locales"].items():
            rows.append(
                _row(
                    "3 loading",
                    f"pdcontent.load({locale!r}) cold vs json.loads, ms",
                    f"{x['load_ms']:.1f} ms",
                    f"{x['json_loads_ms']:.2f} ms json",
                    x["ratio"],
                    f"<= {t}",
                    x["ratio"] <= t,
                )
            )
            rows.append(
                _row(
                    "3 loading",
                    f"  the same with snapshots off (the validating path), {locale!r}",
                    f"{x['validating_load_ms']:.1f} ms",
                    f"{x['json_loads_ms']:.2f} ms json",
                    x["validating_ratio"],
                    "info",
                )
            )
    st = results.get("startup")
    if st:
        x = st["import_and_load"]
        t = TARGETS["import_load_ms"]
        rows.append(
            _row(
                "3 loading",
                "fresh process: import pdcontent + first load('de'), from the snapshot, ms",
                f"{x['snapshot']['median_ms']:.0f} ms",
                "-",
                None,
                f"<= {t:g} ms",
                x["snapshot"]["median_ms"] <= t,
            )
        )
        rows.append(
            _row(
                "3 loading",
                "  the same with snapshots off (the validating path), ms",
                f"{x['validating']['median_ms']:.0f} ms",
                "-",
                None,
                "info",
            )
        )
        x = st["first_query"]
        t = TARGETS["first_query"]
        rows.append(
            _row(
                "3 loading",
                "fresh process to first answered query: `pdcontent serve` vs bare Starlette",
                f"{x['ours_ms']:.0f} ms",
                f"{x['bare_ms']:.0f} ms bare",
                x["ratio"],
                f"<= {t}",
                x["ratio"] <= t,
            )
        )
    rss = (results.get("repeated") or {}).get("rss_after_warmup_kib")
    if rss:
        t = TARGETS["rss"]
        ratio = round(rss["ours"] / rss["bare"], 2)
        rows.append(
            _row(
                "3 loading",
                "RSS of the serving process after warm-up (ours/bare)",
                f"{rss['ours'] / 1024:.1f} MiB",
                f"{rss['bare'] / 1024:.1f} MiB bare",
                ratio,
                f"<= {t}",
                ratio <= t,
            )
        )
    v = results.get("validation")
    if v:
        t = TARGETS["validation"]
        base = v["trees"]["1x"]
        for name, x in v["trees"].items():
            if name == "1x":
                continue
            rows.append(
                _row(
                    "4 validation",
                    f"validate_tree CPU per item, {name} ({x['items']} items) vs real tree",
                    f"{x['ms_per_item']:.3f} ms",
                    f"{base['ms_per_item']:.3f} ms 1x",
                    x["per_item_ratio_vs_1x"],
                    f"<= {t}",
                    x["per_item_ratio_vs_1x"] <= t,
                )
            )
        if "gc_off" in v:
            g = v["gc_off"]
            big = next(k for k in g if k.startswith("ms_per_item_") and not k.endswith("_1x"))
            rows.append(
                _row(
                    "4 validation",
                    f"the same, largest tree, cyclic GC off ({big.removeprefix('ms_per_item_')})",
                    f"{g[big]:.3f} ms",
                    f"{g['ms_per_item_1x']:.3f} ms 1x",
                    g["per_item_ratio"],
                    "info",
                )
            )
        for name, seconds in v["cli_seconds"].items():
            inproc = v["trees"][name]["wall_seconds"]
            rows.append(
                _row(
                    "4 validation",
                    f"CLI `pdcontent validate` on {name} vs in-process, s",
                    f"{seconds:.2f} s",
                    f"{inproc:.2f} s in-process (wall)",
                    round(seconds / inproc, 2),
                    "info",
                )
            )
    lr = results.get("load_run")
    if lr:
        o, b = lr["ours"], lr["bare"]
        errors = sum(o["errors"].values())
        rows.append(
            _row(
                "5 load run",
                f"errors (non-2xx + socket) in {o['requests']} requests",
                str(errors),
                f"{sum(b['errors'].values())} bare",
                None,
                "= 0",
                errors == 0,
            )
        )
        rows.append(
            _row(
                "5 load run",
                "req/s at 64 connections (ours/bare)",
                f"{o['rps']:.0f}",
                f"{b['rps']:.0f} bare",
                lr["ratio_rps"],
                "info",
            )
        )
        rows.append(
            _row(
                "5 load run",
                "server CPU µs/request (bare/ours)",
                f"{o['server_cpu_us']:.0f} µs",
                f"{b['server_cpu_us']:.0f} µs bare",
                lr["cpu_ratio"],
                "info",
            )
        )
        for p in ("p50", "p90", "p99"):
            rows.append(
                _row(
                    "5 load run",
                    f"latency {p} (ours/bare)",
                    f"{o[p + '_ms']:.2f} ms",
                    f"{b[p + '_ms']:.2f} ms bare",
                    lr[f"ratio_{p}"],
                    "info",
                )
            )
        rows.append(
            _row(
                "5 load run",
                "RSS of our server, after/before the run",
                f"{lr['rss_after_kib'] / 1024:.1f} MiB",
                f"{lr['rss_before_kib'] / 1024:.1f} MiB before",
                lr["rss_ratio"],
                "info",
            )
        )
    return rows


def extra_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of the sections measured against a target rather than a baseline server."""
    rows: list[dict[str, Any]] = []
    per_byte = results.get("file_bytes")
    if per_byte:
        for name, scales in per_byte.items():
            growth = scales["100x"] / scales["1x"]
            rows.append(
                _row(
                    "bytes",
                    f"validation µs per input byte, {name}: 1x / 10x / 100x",
                    f"{scales['1x']} / {scales['10x']} / {scales['100x']}",
                    "1x",
                    round(growth, 2),
                    "flat",
                    growth <= 1.5,
                )
            )
    cost = results.get("cost")
    if cost:
        slowest, largest = cost["slowest"], cost["largest_answer"]
        rows.append(
            _row(
                "cost",
                f"costliest allowed query ({slowest['family']}), ms",
                f"{slowest['seconds'] * 1000:.0f} ms",
                "50 ms",
                round(slowest["seconds"] / 0.05, 2),
                "< 50 ms",
                slowest["seconds"] < 0.05,
            )
        )
        rows.append(
            _row(
                "cost",
                f"largest allowed answer ({largest['family']}), bytes",
                f"{largest['bytes']:,} B",
                "1 MB",
                round(largest["bytes"] / 1_000_000, 3),
                "< 1 MB",
                largest["bytes"] < 1_000_000,
            )
        )
    memory = results.get("memory")
    if memory:
        mib = 1024 * 1024
        rows.append(
            _row(
                "memory",
                f"peak RSS under {memory['documents']:,} distinct documents"
                f" ({memory['sent_bytes'] // mib} MiB sent, budget"
                f" {memory['budget_bytes'] // mib} MiB)",
                f"{memory['peak_rss_bytes'] / mib:.0f} MiB",
                f"{memory['baseline_rss_bytes'] / mib:.0f} MiB before",
                round(memory["peak_rss_bytes"] / memory["baseline_rss_bytes"], 2),
                "< 150 MB",
                memory["met"],
            )
        )
    search = results.get("search")
    if search:
        for measure, ours, baseline, ratio in search_bench.rows(search):
            rows.append(_row("search", measure, ours, baseline, ratio, "info"))
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    header = ("section", "measure", "ours", "baseline", "ratio", "target", "met")
    cells = [
        (
            r["section"],
            r["measure"],
            r["ours"],
            r["baseline"],
            "-" if r["ratio"] is None else f"{r['ratio']:g}",
            r["target"],
            "" if r["met"] is None else ("yes" if r["met"] else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(str(c[i])) for c in [header, *cells]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(out)


def _heap() -> dict[str, Any]:
    """The heap profile, in a fresh interpreter so that tracing sees every import."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.heap_profile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    log(heap_profile.format_profile(result))
    return result


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    cfg = _config()
    began = time.monotonic()
    results: dict[str, Any] = {}
    failures: dict[str, str] = {}
    try:
        gen = LoadGenerator()
        facts = machine_facts(gen.describe())
        knobs = {k: v for k, v in os.environ.items() if k.startswith("BENCH_")}
        facts["command"] = " ".join(["make bench ->", sys.executable, "-m", "bench.run_all"])
        facts["knobs"] = knobs
        log(f"command: {facts['command']} (knobs: {knobs or 'none'})")
        log(f"load generator: {facts['load_generator']}")
        log(
            f"machine: {facts['nproc']} CPUs ({facts['cpu_model']}), {facts['memory_gib']} GiB,"
            f" Python {facts['python']}, load average {' '.join(facts['loadavg_at_start'])}"
        )
        changed = ", ".join(x.strip() for x in facts["git"]["changed"]) or "none"
        log(f"code: commit {facts['git']['commit']}; uncommitted changes measured too: {changed}")
        log(
            f"servers: uvicorn, 1 worker each, --log-level warning --no-access-log; ours is"
            f" `uvicorn {http_bench.OURS_APP} --factory` because `pdcontent serve` has no flag"
            " to turn its access log off"
        )

        def section(name: str, title: str, fn: Any) -> None:
            """Run one section; a failure is recorded and the other sections still run."""
            log(f"\n== {title}")
            t0 = time.monotonic()
            try:
                results[name] = fn()
            except Exception as exc:  # reported in the table and the JSON, not fatal
                failures[name] = f"{type(exc).__name__}: {exc}"
                log(f"   FAILED: {failures[name]}")
                stop_all_servers()
            log(f"   ({time.monotonic() - t0:.0f} s)")

        s, rounds, w = cfg["seconds"], cfg["rounds"], cfg["warmup"]
        section(
            "repeated",
            f"1. repeated queries: ours vs bare Starlette, {rounds} rounds x {s:g} s,"
            " 32 connections, 2 threads",
            lambda: http_bench.repeated_queries(gen, s, rounds, w, shipped=True),
        )
        rep = results.get("repeated")
        if rep and min(rep["post"]["ratio"], rep["get_apq"]["ratio"]) < TARGETS["repeated"]:
            rep["profile"] = http_bench.repeated_profile()
        section(
            "misses_unique",
            f"2a. unique documents: ours vs plain Strawberry, {rounds} rounds x {s:g} s",
            lambda: http_bench.cache_misses(gen, "unique", s, rounds, w, TARGETS["unique"]),
        )
        section(
            "misses_known",
            f"2b. known document, new variables: ours vs Strawberry with its caches,"
            f" {rounds} rounds x {s:g} s",
            lambda: http_bench.cache_misses(gen, "known", s, rounds, w, TARGETS["known"]),
        )
        section(
            "loading",
            "3. loading: pdcontent.load() cold in a fresh process vs json.loads"
            " (imports excluded from both)",
            lambda: loading_bench.run(cfg["load_repeats"], TARGETS["loading"]),
        )
        section(
            "startup",
            "3b. cold starts: import + load('de'), and spawn to first answered query",
            lambda: startup_bench.run(cfg["load_repeats"]),
        )
        section("heap", "3c. heap of a warm worker (tracemalloc)", _heap)
        factors = cfg["factors"]
        section(
            "validation",
            f"4. validation scaling: validate_tree on trees {', '.join(f'{f}x' for f in factors)}",
            lambda: validation_bench.run(factors, {1: 5, 10: 2}, (1, 10), TARGETS["validation"]),
        )
        section(
            "load_run",
            f"5. load run: {cfg['load_seconds']:g} s at 64 connections, ours then bare",
            lambda: http_bench.load_run(gen, cfg["load_seconds"], w),
        )
        section(
            "file_bytes",
            "6. validation time per input byte at 1x, 10x, 100x: a clean file, 4,000 problems,"
            " pathological lines",
            file_bytes_bench.run,
        )
        section(
            "cost",
            "7. the costliest query the default cost limit allows: time and answer size",
            cost_bench.run,
        )
        section(
            "memory",
            f"8. memory: one worker flooded with {cfg['memory_documents']:,} distinct ~90 KB"
            " documents at the default budget",
            lambda: memory_bench.run(cfg["memory_documents"]),
        )
        section(
            "search",
            "9. search: warm query latency and cold index build per locale, vs the old"
            " unstemmed index",
            lambda: search_bench.run(cfg["quick"]),
        )
    finally:
        stop_all_servers()
        remove_scratch()
    rows = table(results) + extra_rows(results)
    for name, error in failures.items():
        rows.append(_row(name, f"FAILED: {error[:150]}", "-", "-", None, "runs", False))
    elapsed = time.monotonic() - began
    log(f"\n== results ({elapsed:.0f} s in all; every ratio is against a baseline of this run)")
    log(format_table(rows))
    load_end = Path("/proc/loadavg").read_text().split()[:3]
    log(
        f"machine: {facts['nproc']} CPUs ({facts['cpu_model']}), Python {facts['python']};"
        f" load average {' '.join(facts['loadavg_at_start'])} at the start,"
        f" {' '.join(load_end)} at the end; command: {facts['command']}"
    )
    facts["loadavg_at_end"] = load_end
    payload = {
        "machine": facts,
        "config": {**cfg, "factors": list(cfg["factors"]), "targets": TARGETS},
        "elapsed_s": round(elapsed, 1),
        "table": rows,
        "sections": results,
        "failures": failures,
    }
    path = BENCH_DIR / "results.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"\nwrote {path.relative_to(BENCH_DIR.parent)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
