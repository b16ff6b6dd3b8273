"""A bounded, thread-safe LRU cache of serialized GraphQL responses.

Content is immutable between releases, so a response depends only on the request and
the content version: the same document, variables, operation and resolved locale give
the same bytes. Caching those bytes turns repeated queries into a dictionary read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from .lru import Lru
from .memory_budget import ENTRY_OVERHEAD, key_bytes


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


class ResponseCache:
    """At most ``max_entries`` responses of at most ``max_entry_bytes`` each, LRU-evicted.

    Also bounded by ``max_bytes``, counting each entry's body and its key: fast-path keys
    hold the raw request (a whole JSON body), so they weigh as much as the answers.
    """

    def __init__(
        self, max_entries: int, max_entry_bytes: int = 1_000_000, max_bytes: int = 16 << 20
    ) -> None:
        self.max_entries = max_entries
        self.max_entry_bytes = max_entry_bytes
        self.max_bytes = max_bytes
        self._entries: Lru[object, CachedResponse] = Lru(
            max_entries, weigh=_entry_bytes, weigh_key=key_bytes, max_weight=max_bytes
        )

    @property
    def weight(self) -> int:
        """The bytes the cache counts as held."""
        return self._entries.weight

    @property
    def hits(self) -> int:
        """Lookups that found a response."""
        return self._entries.hits

    @property
    def misses(self) -> int:
        """Lookups that found none (each is a request that was executed)."""
        return self._entries.misses

    def get(self, key: object) -> CachedResponse | None:
        """The cached response for ``key``, marking it recently used."""
        return self._entries.get(key)

    def peek(self, key: object) -> CachedResponse | None:
        """Like :meth:`get`, for the fast path: no lock, no LRU update, no counters."""
        return self._entries.peek(key)

    def put(self, key: object, entry: CachedResponse) -> None:
        """Store ``entry`` (unless the cache is off or it is too large)."""
        if len(entry.body) <= self.max_entry_bytes:
            self._entries.put(key, entry)

    def __len__(self) -> int:
        return len(self._entries)


def _entry_bytes(entry: CachedResponse) -> int:
    # counted in full under each key that files it, though the object is shared: an
    # over-estimate, which only makes the bound safer
    return len(entry.body) + len(entry.etag) + ENTRY_OVERHEAD


def document_key(
    canonical: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    locale: str,
    is_get: bool,
    version: str,
) -> tuple[object, ...] | None:
    """The cache key of a request by its document, or None when it cannot be keyed.

    The ``Accept-Language`` header only matters through the locale it resolves to.
    """
    variables_key = _variables_key(variables)
    if variables_key is None:
        return None
    return (canonical, variables_key, operation_name, locale, is_get, version)


def _variables_key(variables: dict[str, Any] | None) -> bytes | None:
    """Variables in a canonical form for the cache key; None when they cannot be keyed."""
    if not variables:
        return b""
    try:
        return orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        # integers beyond 64 bits, nesting past orjson's depth, lone surrogates: still
        # valid requests, just not worth caching
        return None
