"""cProfile helpers: run a callable under the profiler and keep the top functions."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from typing import Any

PROJECT_MARKERS = ("/pdcontent/", "/pdcontent_api/")


def _where(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    for marker in ("site-packages/", "/src/", "/api/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    if filename == "~":
        return func  # a built-in
    return f"{func} ({filename}:{line})"


def profile(fn: Callable[[], Any], top: int = 15) -> dict[str, Any]:
    """Profile ``fn()``: the ``top`` functions by own time, and our own by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    table: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in table.values()) or 1.0

    def row(key: tuple[str, int, str]) -> dict[str, Any]:
        _cc, calls, own, cumulative, _callers = table[key]
        return {
            "function": _where(key),
            "calls": calls,
            "own_ms": round(own * 1000, 1),
            "own_pct": round(100 * own / total, 1),
            "cumulative_ms": round(cumulative * 1000, 1),
        }

    by_own = sorted(table, key=lambda k: table[k][2], reverse=True)[:top]
    ours = [k for k in table if any(m in k[0] for m in PROJECT_MARKERS)]
    by_cumulative = sorted(ours, key=lambda k: table[k][3], reverse=True)[:top]
    return {
        "total_ms": round(total * 1000, 1),
        "top_own_time": [row(k) for k in by_own],
        "top_project_cumulative": [row(k) for k in by_cumulative],
    }


def format_profile(result: dict[str, Any], title: str) -> str:
    lines = [f"  profile: {title} (total {result['total_ms']:.0f} ms under cProfile)"]
    lines.append("    top functions by own time:")
    lines.append(f"    {'own ms':>9} {'own %':>6} {'cum ms':>9} {'calls':>8}  function")
    for r in result["top_own_time"]:
        lines.append(
            f"    {r['own_ms']:9.1f} {r['own_pct']:6.1f} {r['cumulative_ms']:9.1f}"
            f" {r['calls']:8d}  {r['function']}"
        )
    lines.append("    project functions by cumulative time:")
    for r in result["top_project_cumulative"]:
        lines.append(
            f"    {r['own_ms']:9.1f} {r['own_pct']:6.1f} {r['cumulative_ms']:9.1f}"
            f" {r['calls']:8d}  {r['function']}"
        )
    return "\n".join(lines)
