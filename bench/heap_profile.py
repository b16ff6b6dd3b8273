"""What a warm serving worker holds: a tracemalloc profile of the app after warm-up.

``python -m bench.heap_profile`` starts tracing before anything of the app is imported,
builds the app as ``pdcontent serve`` does, warms it the way the HTTP benchmarks do
(every locale, the repeated and miss queries, one of each error shape), and prints the
traced total and the top allocation sites grouped by package and by line. tracemalloc
counts Python allocations only: RSS adds the interpreter, C extensions' own memory
(pydantic-core validators, orjson) and allocator slack, so the traced total is well
under the RSS that ``make bench`` reports.
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from collections import defaultdict
from typing import Any

FRAMES = 25


def _package(filename: str) -> str:
    """The package an allocation site belongs to, for the summary by package."""
    for marker in ("site-packages/", "/src/", "/api/"):
        if marker in filename:
            rest = filename.split(marker, 1)[1]
            return rest.split("/", 1)[0].removesuffix(".py")
    if "/lib/python3" in filename:
        return "stdlib"
    return filename.rsplit("/", 1)[-1]


def _warm() -> None:
    from .http_bench import _ours_app, run_in_process
    from .queries import glossary_ids, miss_plan, repeated_post_plan, unique_plan

    app = _ours_app()
    ids = glossary_ids()
    for plan in (repeated_post_plan(), miss_plan(ids), unique_plan(ids)):
        run_in_process(app, plan, 200)
    import pdcontent

    for tag in ("en", "de", "es", "fr", "en-XA"):
        pdcontent.load(tag)
    globals()["_APP"] = app  # keep it alive for the snapshot


def run(top: int = 25) -> dict[str, Any]:
    """Trace an app from import to warm; the top allocation sites of what stays."""
    tracemalloc.start(FRAMES)
    _warm()
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    snapshot = snapshot.filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
    stats = snapshot.statistics("lineno")
    total = sum(s.size for s in stats)
    by_package: dict[str, int] = defaultdict(int)
    for stat in stats:
        by_package[_package(stat.traceback[0].filename)] += stat.size
    # the same, by the first frame of the project, so content and caches are told apart
    by_project: dict[str, int] = defaultdict(int)
    for stat in snapshot.statistics("traceback"):
        # frames run from the oldest to the most recent: the innermost is the last
        frame = next(
            (f for f in reversed(stat.traceback) if "/pdcontent" in f.filename),
            None,
        )
        where = "outside any project frame" if frame is None else _short(frame)
        by_project[where] += stat.size
    return {
        "traced_bytes": total,
        "by_package": sorted(by_package.items(), key=lambda kv: -kv[1])[:top],
        "by_project_frame": sorted(by_project.items(), key=lambda kv: -kv[1])[:top],
        "top_lines": [
            {"where": _short(s.traceback[0]), "bytes": s.size, "blocks": s.count}
            for s in stats[:top]
        ],
    }


def _short(frame: tracemalloc.Frame) -> str:
    name = frame.filename
    for marker in ("site-packages/", "/src/", "/api/", "/lib/python3.11/"):
        if marker in name:
            name = name.split(marker, 1)[1]
            break
    return f"{name}:{frame.lineno}"


def format_profile(result: dict[str, Any]) -> str:
    """The profile as lines for the bench log."""
    mib = 1024 * 1024
    lines = [
        f"  heap of a warm worker (tracemalloc): {result['traced_bytes'] / mib:.1f} MiB traced"
    ]
    lines.append("    by package of the allocating line:")
    lines += [f"      {size / mib:7.2f} MiB  {name}" for name, size in result["by_package"][:12]]
    lines.append("    by the innermost project frame that allocated:")
    lines += [
        f"      {size / mib:7.2f} MiB  {name}" for name, size in result["by_project_frame"][:12]
    ]
    lines.append("    top lines:")
    lines += [
        f"      {x['bytes'] / mib:7.2f} MiB  {x['blocks']:7d} blocks  {x['where']}"
        for x in result["top_lines"][:12]
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    result = run()
    print(format_profile(result), file=sys.stderr)
    print(json.dumps(result, indent=2))
