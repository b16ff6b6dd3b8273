"""The one bounded memory of client input: a thread-safe LRU mapping.

Everything the server remembers about requests (responses, documents, persisted
queries, Accept-Language negotiations) is keyed by what clients send, so every such
memory must be bounded; they all use this class, so bounds and eviction are one piece
of code. Entries are bounded by count, and optionally by total weight: ``weigh`` gives
each value a cost (its size in bytes, say), ``weigh_key`` adds the key's, and the oldest
entries go once the costs exceed ``max_weight``. The weight budgets of all these
memories are shares of one setting (see :mod:`.memory_budget`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most ``max_entries`` values (and ``max_weight`` of weight), least recently used go.

    ``max_entries <= 0`` stores nothing: a memory that is switched off.
    """

    def __init__(
        self,
        max_entries: int,
        *,
        weigh: Callable[[V], int] | None = None,
        max_weight: int | None = None,
        weigh_key: Callable[[K], int] | None = None,
    ) -> None:
        if (weigh is None) != (max_weight is None):
            raise ValueError("weigh and max_weight go together")
        if weigh_key is not None and weigh is None:
            raise ValueError("weigh_key needs weigh and max_weight")
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._weigh = weigh
        self._weigh_key = weigh_key
        self._weight = 0
        self._entries: OrderedDict[K, V] = OrderedDict()
        # each entry's weight as counted when it was put, so removal subtracts the same
        self._weights: dict[K, int] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        """The value for ``key``, marking it recently used; counted as a hit or a miss."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def peek(self, key: K) -> V | None:
        """The value for ``key`` without the lock, the recency update or the counters.

        For the hottest paths: a dict read is atomic in CPython, and an entry read only
        through here ages out first, which is harmless for a cache.
        """
        return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` as the most recent; drop the oldest entries beyond the bounds."""
        if self.max_entries <= 0:
            return
        weight = 0
        if self._weigh is not None:
            weight = self._weigh(value)
            if self._weigh_key is not None:
                weight += self._weigh_key(key)
            if self.max_weight is not None and weight > self.max_weight:
                # heavier than the whole budget: storing it would flush everything else,
                # which one hostile request must not be able to do
                return
        with self._lock:
            if self._weigh is not None:
                self._weight += weight - self._weights.get(key, 0)
                self._weights[key] = weight
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries or self._over_weight():
                dropped, _ = self._entries.popitem(last=False)
                if self._weigh is not None:
                    self._weight -= self._weights.pop(dropped)

    def _over_weight(self) -> bool:
        return self.max_weight is not None and self._weight > self.max_weight

    @property
    def weight(self) -> int:
        """The total weight of the values held (0 without ``weigh``)."""
        return self._weight

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)
