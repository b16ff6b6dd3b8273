"""Misspellings within reason: the known keys one typing slip away from a key.

A slip is one letter missing, extra, replaced or two neighbours swapped ("depresion",
"theraphy", "anxeity"). Candidates come from a table of every known key with one letter
deleted (the symmetric-delete method), so a lookup costs a few dictionary reads however
large the vocabulary is, and each candidate is then checked exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

#: keys shorter than this are never corrected: "kill" and "will" are both real words
MIN_CORRECTED_LENGTH = 5
#: longer keys are not words anyone types by hand; skipping them bounds the work
MAX_CORRECTED_LENGTH = 40


def _deletes(word: str) -> set[str]:
    """``word`` with each one of its letters left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_slip(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with at most one letter deleted, inserted, replaced or swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    # b is one letter longer: a must be b without one letter
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


class Speller:
    """Corrects keys against a fixed vocabulary, preferring the more frequent key."""

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._by_delete: dict[str, set[str]] = defaultdict(set)
        for key in counts:
            if MIN_CORRECTED_LENGTH - 1 <= len(key) <= MAX_CORRECTED_LENGTH + 1:
                self._by_delete[key].add(key)
                for variant in _deletes(key):
                    self._by_delete[variant].add(key)

    def __contains__(self, key: object) -> bool:
        return key in self._counts

    def corrections(self, key: str, limit: int = 3) -> list[str]:
        """The known keys one slip from ``key`` (not ``key`` itself), most frequent first."""
        if not MIN_CORRECTED_LENGTH <= len(key) <= MAX_CORRECTED_LENGTH or key.isdigit():
            return []
        candidates: set[str] = set()
        for variant in (key, *_deletes(key)):
            candidates |= self._by_delete.get(variant, set())
        found = [c for c in candidates if c != key and within_one_slip(key, c)]
        found.sort(key=lambda c: (-self._counts.get(c, 0), c))
        return found[:limit]


def speller(keys: Iterable[str]) -> Speller:
    """A speller over ``keys``, each counted once per occurrence."""
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        counts[key] += 1
    return Speller(dict(counts))
