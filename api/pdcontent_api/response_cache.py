"""A bounded, thread-safe LRU cache of serialized GraphQL responses.

Content is immutable between releases, so a response depends only on the request and
the content version: the same document, variables, operation and resolved locale give
the same bytes. Caching those bytes turns repeated queries into a dictionary read.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """A response body with the headers that belong to it."""

    body: bytes
    etag: str
    content_language: str

    @classmethod
    def of(cls, body: bytes, content_language: str) -> CachedResponse:
        """Build one, computing the strong ETag from the body."""
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        return cls(body, f'"{digest}"', content_language)


def etag_matches(header: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` value matches ``etag`` (RFC 9110: weak comparison).

    The header may list several tags, and a proxy that compresses responses may have
    turned ours into a weak one (``W/"…"``); both still mean the client has this body.
    """
    wanted = etag.removeprefix("W/")
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


class LruDict(Generic[K, V]):
    """A small thread-safe mapping that forgets its least recently used keys."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value for ``key``, marking it recently used."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Remember ``value``; drop the oldest entries beyond the bound."""
        if self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class ResponseCache:
    """At most ``max_entries`` responses of at most ``max_entry_bytes`` each, LRU-evicted."""

    def __init__(self, max_entries: int, max_entry_bytes: int = 1_000_000) -> None:
        self.max_entries = max_entries
        self.max_entry_bytes = max_entry_bytes
        self._entries: OrderedDict[object, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: object) -> CachedResponse | None:
        """The cached response for ``key``, marking it recently used."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def peek(self, key: object) -> CachedResponse | None:
        """Like :meth:`get`, for the fast path: no lock, no LRU update, no counters.

        A dict read is atomic in CPython, and skipping the recency update means an
        entry hit only through the fast path ages out first, which is harmless.
        """
        return self._entries.get(key)

    def put(self, key: object, entry: CachedResponse) -> None:
        """Store ``entry`` (unless the cache is off or it is too large)."""
        if self.max_entries <= 0 or len(entry.body) > self.max_entry_bytes:
            return
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
