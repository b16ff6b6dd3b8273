"""The relevance set of search: MRR and recall@3 over what readers type, in four locales.

The queries and the entries a good answer puts first are data (``search_relevance.yaml``
beside this file). The test prints every miss and both figures, and fails below an MRR
of 0.8 (issue 11). ``pytest -s tests/api/test_search_relevance.py`` shows the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import pdcontent
from pdcontent_api.search import index_for
from pdcontent_api.search_intent import digits, is_crisis_query
from pdcontent_api.search_text import language_of

DATA = Path(__file__).with_name("search_relevance.yaml")
MIN_MRR = 0.8
#: ranks beyond this count as not found
DEPTH = 10


@dataclass(frozen=True)
class Case:
    query: str
    locale: str
    region: str | None
    expected: tuple[str, ...]


def _cases() -> list[Case]:
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return [
        Case(str(q["query"]), q["locale"], q.get("region"), tuple(q["expected"]))
        for q in raw["queries"]
    ]


CASES = _cases()


def _results(case: Case) -> list[str]:
    index = index_for(pdcontent.load(case.locale))
    hits = index.search(case.query, None, DEPTH, region=case.region, locale=case.locale)
    return [f"{h.type.name}:{h.id}" for h in hits]


def test_the_set_is_big_enough_and_covers_four_languages() -> None:
    assert len(CASES) >= 40
    languages = Counter(language_of(c.locale) for c in CASES)
    assert set(languages) == {"en", "de", "es", "fr"}
    assert min(languages.values()) >= 10, languages
    assert all(1 <= len(c.expected) <= 3 for c in CASES)


def test_every_expected_entry_exists() -> None:
    content = pdcontent.load("en")
    known = {
        f"{kind.entry_type}:{item.id}"
        for kind in pdcontent.models.KINDS
        if kind.searchable
        for item in content.items(kind)
    }
    missing = [(c.query, e) for c in CASES for e in c.expected if e not in known]
    assert not missing


def test_mean_reciprocal_rank_and_recall_at_3() -> None:
    reciprocal: list[float] = []
    recall: list[float] = []
    misses: list[str] = []
    for case in CASES:
        results = _results(case)
        rank = next((i + 1 for i, r in enumerate(results) if r in case.expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        recall.append(len(set(results[:3]) & set(case.expected)) / len(case.expected))
        if rank != 1:
            where = f"rank {rank}" if rank else f"not in the first {DEPTH}"
            misses.append(f"  {case.locale:6} {case.query!r}: {where}; got {results[:3]}")
    mrr = sum(reciprocal) / len(reciprocal)
    recall_at_3 = sum(recall) / len(recall)
    print(
        f"\nsearch relevance over {len(CASES)} queries: MRR {mrr:.3f}, recall@3 {recall_at_3:.3f}"
    )
    print("\n".join(misses) or "  every query has an expected entry first")
    assert mrr >= MIN_MRR, "\n".join(misses)


def test_only_the_crisis_queries_of_the_set_are_crisis_intent() -> None:
    content = pdcontent.load("en")
    numbers = {digits(c.number) for line in content.crisis_resources for c in line.contacts}
    numbers |= {n for line in content.crisis_resources for n in line.emergency_numbers}
    wrong = [
        case.query
        for case in CASES
        if is_crisis_query(case.query, numbers)
        != any(e.startswith("CRISIS_RESOURCE:") for e in case.expected)
    ]
    assert not wrong
