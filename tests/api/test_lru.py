"""The one LRU that bounds every memory of client input."""

from __future__ import annotations

import threading

import pytest

from pdcontent_api.lru import Lru


def test_lru_forgets_the_least_recently_used() -> None:
    lru: Lru[str, int] = Lru(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # b is now the oldest
    lru.put("c", 3)
    assert ("a" in lru, "b" in lru, "c" in lru) == (True, False, True)
    assert lru.peek("b") is None
    assert (lru.hits, lru.misses) == (1, 0)  # peek counts nothing


def test_lru_bounded_by_weight() -> None:
    lru: Lru[str, str] = Lru(10, weigh=len, max_weight=10)
    lru.put("a", "x" * 4)
    lru.put("b", "x" * 4)
    assert lru.weight == 8
    lru.put("a", "x" * 6)  # a replaced value is weighed anew: 6 + 4
    assert (lru.weight, len(lru)) == (10, 2)
    lru.put("c", "x")  # over the budget: the oldest (b) goes
    assert ("a" in lru, "b" in lru, "c" in lru) == (True, False, True)
    assert lru.weight == 7
    lru.put("d", "x" * 11)  # heavier than the whole budget: refused, the rest stays
    assert (len(lru), lru.weight, "d" in lru) == (2, 7, False)


def test_lru_counts_key_weight_too() -> None:
    lru: Lru[str, str] = Lru(10, weigh=len, weigh_key=len, max_weight=10)
    lru.put("aaaa", "x")  # 4 + 1
    lru.put("bb", "xx")  # 2 + 2
    assert lru.weight == 9
    lru.put("c", "x")  # 11 > 10: the oldest goes
    assert ("aaaa" in lru, lru.weight) == (False, 6)
    lru.put("bb", "x")  # replaced: weighed anew, 3 + 2
    assert lru.weight == 5


def test_lru_of_size_zero_stores_nothing() -> None:
    lru: Lru[str, int] = Lru(0)
    lru.put("a", 1)
    assert (len(lru), lru.get("a")) == (0, None)


def test_lru_weigh_needs_a_budget() -> None:
    with pytest.raises(ValueError, match="together"):
        Lru(1, weigh=len)


def test_lru_keeps_its_bounds_under_threads() -> None:
    lru: Lru[int, str] = Lru(8, weigh=len, max_weight=20)
    barrier = threading.Barrier(4)

    def hammer(seed: int) -> None:
        barrier.wait()
        for i in range(3000):
            lru.put((seed * 31 + i) % 50, "x" * (i % 5 + 1))
            lru.get(i % 50)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(lru) <= 8
    assert lru.weight == sum(len(lru.peek(k) or "") for k in range(50)) <= 20
