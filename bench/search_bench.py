"""Search latency and index build time per locale, against the old unstemmed FTS5 index.

``python -m bench.search_bench``. The baseline is the index search had before stemming
(one FTS5 table, ``unicode61 remove_diacritics 2``, every word AND-ed, the last one as a
prefix), kept here as it was, and measured in the same run on the same content and the
same queries: the relevance set's queries of the locale's language (tests/api/
search_relevance.yaml). Builds are timed cold (the analyzer's word cache emptied); queries
warm (each asked once before timing), in rounds that alternate the two indexes so a noisy
neighbour slows both alike. The relevance figures (MRR, recall@3) of both are reported
too, so the price in time is read beside what it buys. Results go to stdout and
bench/search_results.json.
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import yaml

import pdcontent
from pdcontent.content import Content
from pdcontent.models import KINDS
from pdcontent_api import search_text
from pdcontent_api.content_ref import entry_type
from pdcontent_api.rendering import to_plain
from pdcontent_api.search import SearchIndex, index_for
from pdcontent_api.search_text import language_of

from .common import BENCH_DIR, ROOT, log

LOCALES = ("en", "de", "es", "fr")
RELEVANCE = ROOT / "tests" / "api" / "search_relevance.yaml"
#: extra everyday queries, so each locale has typed words as well as the set's
EVERYDAY = {
    "en": ("therapy", "insight", "how long", "trans"),
    "de": ("Therapie", "Einsicht", "wie lange", "Über"),
    "es": ("terapia", "insight", "cuánto", "trans"),
    "fr": ("thérapie", "prise de conscience", "combien", "trans"),
}
FIRST = 10


class BaselineIndex:
    """The index as it was before stemming (api/pdcontent_api/search.py, issue 11)."""

    _WORD = re.compile(r"\w+", re.UNICODE)

    def __init__(self, content: Content) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "type UNINDEXED, id UNINDEXED, title, also_called, summary, body,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        rows = []
        for kind in KINDS:
            if not kind.searchable:
                continue
            for item in content.items(kind):
                body = getattr(item, "body", None)
                names = "\n".join(getattr(item, "also_called", ()))
                plain = to_plain(body) if body else ""
                rows.append(
                    (entry_type(item).name, item.id, item.title, names, item.summary, plain)
                )
        self._db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)

    def search(self, query: str, first: int) -> list[tuple[str, str, str]]:
        """(type, id, snippet) of the best matches, as the old index answered."""
        words = self._WORD.findall(query)[:12]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        sql = (
            "SELECT type, id, snippet(docs, -1, '\x02', '\x03', '…', 16),"
            " bm25(docs, 0, 0, 10.0, 10.0, 4.0, 1.0) AS score"
            " FROM docs WHERE docs MATCH ? ORDER BY score LIMIT ?"
        )
        rows = self._db.execute(sql, [match, first]).fetchall()
        return [(t, i, html.escape(s).replace("\x02", "<mark>")) for t, i, s, _ in rows]


def _cases() -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = data["queries"]
    return cases


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed_builds(build: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a cold build.

    CPU time is reported beside wall time because the machine is shared: a neighbour
    stretches the wall time of a build that never waits for anything.
    """
    wall, cpu = [], []
    for _ in range(repeats):
        search_text.analyzer.cache_clear()  # the word cache would make later builds free
        started, started_cpu = time.perf_counter(), time.process_time()
        build()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _relevance(
    ranked: Callable[[dict[str, Any]], list[str]], cases: list[dict[str, Any]]
) -> dict[str, float]:
    reciprocal, recall = [], []
    for case in cases:
        got = ranked(case)
        expected = set(case["expected"])
        rank = next((i + 1 for i, r in enumerate(got) if r in expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        recall.append(len(set(got[:3]) & expected) / len(expected))
    return {
        "mrr": round(sum(reciprocal) / len(reciprocal), 3),
        "recall_at_3": round(sum(recall) / len(recall), 3),
    }


def _samples(run: Callable[[str], object], queries: list[str], rounds: int) -> Iterator[float]:
    for query in queries:
        started = time.perf_counter()
        for _ in range(rounds):
            run(query)
        yield (time.perf_counter() - started) / rounds


def _locale(locale: str, cases: list[dict[str, Any]], rounds: int, builds: int) -> dict[str, Any]:
    content = pdcontent.load(locale)
    # once untimed: Markdown rendered to plain text is cached, and both builds use it
    SearchIndex(content)
    BaselineIndex(content)
    ours_build = _timed_builds(lambda: SearchIndex(content), builds)
    base_build = _timed_builds(lambda: BaselineIndex(content), builds)
    ours, base = SearchIndex(content), BaselineIndex(content)
    mine = [c for c in cases if language_of(c["locale"]) == locale]
    queries = [str(c["query"]) for c in mine] + list(EVERYDAY[locale])

    def ask_ours(query: str) -> object:
        return ours.search(query, None, FIRST, locale=locale)

    def ask_base(query: str) -> object:
        return base.search(query, FIRST)

    for query in queries:  # warm: every query asked once before timing
        ask_ours(query)
        ask_base(query)
    ours_ms: list[float] = []
    base_ms: list[float] = []
    for _ in range(3):  # alternate, so a noisy neighbour slows both alike
        ours_ms += [s * 1000 for s in _samples(ask_ours, queries, rounds)]
        base_ms += [s * 1000 for s in _samples(ask_base, queries, rounds)]

    def ranked_ours(case: dict[str, Any]) -> list[str]:
        index = index_for(pdcontent.load(case["locale"]))
        hits = index.search(
            str(case["query"]), None, FIRST, region=case.get("region"), locale=case["locale"]
        )
        return [f"{h.type.name}:{h.id}" for h in hits]

    def ranked_base(case: dict[str, Any]) -> list[str]:
        return [f"{t}:{i}" for t, i, _ in base.search(str(case["query"]), FIRST)]

    result = {
        "queries": len(queries),
        "build_ms": {
            "ours": round(ours_build[0] * 1000, 2),
            "baseline": round(base_build[0] * 1000, 2),
        },
        "build_cpu_ms": {
            "ours": round(ours_build[1] * 1000, 2),
            "baseline": round(base_build[1] * 1000, 2),
        },
        "query_ms": {
            name: {
                "p50": round(_percentile(values, 0.5), 3),
                "p95": round(_percentile(values, 0.95), 3),
                "max": round(max(values), 3),
            }
            for name, values in (("ours", ours_ms), ("baseline", base_ms))
        },
        "relevance": {
            "ours": _relevance(ranked_ours, mine),
            "baseline": _relevance(ranked_base, mine),
        },
    }
    result["ratio_p50"] = round(
        result["query_ms"]["ours"]["p50"] / result["query_ms"]["baseline"]["p50"], 2
    )
    result["ratio_p95"] = round(
        result["query_ms"]["ours"]["p95"] / result["query_ms"]["baseline"]["p95"], 2
    )
    result["ratio_build"] = round(ours_build[0] / base_build[0], 2)
    result["ratio_build_cpu"] = round(ours_build[1] / max(base_build[1], 1e-6), 2)
    return result


def run(quick: bool | None = None) -> dict[str, Any]:
    """Measure every locale; return the report."""
    if quick is None:
        quick = os.environ.get("BENCH_QUICK") == "1"
    rounds, builds = (5, 3) if quick else (20, 5)
    cases = _cases()
    report: dict[str, Any] = {"rounds_per_query": rounds, "builds": builds, "first": FIRST}
    report["locales"] = {locale: _locale(locale, cases, rounds, builds) for locale in LOCALES}
    return report


def rows(report: dict[str, Any]) -> Iterator[tuple[str, str, str, float]]:
    """(measure, ours, baseline, ratio) lines of the report, for the table of make bench."""
    for locale, x in report["locales"].items():
        q, b = x["query_ms"], x["build_ms"]
        for p in ("p50", "p95"):
            yield (
                f"search {locale}: query latency {p}, warm ({x['queries']} queries)",
                f"{q['ours'][p]:.3f} ms",
                f"{q['baseline'][p]:.3f} ms unstemmed",
                x[f"ratio_{p}"],
            )
        yield (
            f"search {locale}: index build, cold, wall",
            f"{b['ours']:.1f} ms",
            f"{b['baseline']:.1f} ms unstemmed",
            x["ratio_build"],
        )
        c = x["build_cpu_ms"]
        yield (
            f"search {locale}: index build, cold, CPU",
            f"{c['ours']:.1f} ms",
            f"{c['baseline']:.1f} ms unstemmed",
            x["ratio_build_cpu"],
        )
        r = x["relevance"]
        yield (
            f"search {locale}: MRR of the relevance set (recall@3 {r['ours']['recall_at_3']}"
            f" vs {r['baseline']['recall_at_3']})",
            f"{r['ours']['mrr']}",
            f"{r['baseline']['mrr']} unstemmed",
            round(r["ours"]["mrr"] / r["baseline"]["mrr"], 2) if r["baseline"]["mrr"] else 0.0,
        )


def main() -> int:
    """Run the bench, print the report and write bench/search_results.json."""
    report = run()
    (BENCH_DIR / "search_results.json").write_text(json.dumps(report, indent=2) + "\n")
    width = max(len(r[0]) for r in rows(report))
    for measure, ours, baseline, ratio in rows(report):
        log(f"{measure.ljust(width)}  {ours:>10}  {baseline:>20}  {ratio:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
