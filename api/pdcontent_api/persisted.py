"""Automatic persisted queries (the Apollo APQ protocol) and the production allow-list.

A client sends ``extensions.persistedQuery.sha256Hash`` instead of the document; the
server answers ``PERSISTED_QUERY_NOT_FOUND`` until the client has sent the document once
with its hash. Requests then fit in a GET URL, which a CDN can cache. In allow-list mode
only documents registered in a file run at all.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path


def sha256(query: str) -> str:
    """The APQ hash of a document: SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueries:
    """Registered and automatically persisted documents, by hash."""

    def __init__(
        self,
        max_entries: int = 10_000,
        allow_list: dict[str, str] | None = None,
        max_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._bytes = 0
        self.allow_list = dict(allow_list or {})
        self._learned: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: str | None, max_entries: int = 10_000) -> PersistedQueries:
        """Load an allow-list: a JSON object of ``{"<sha256>": "<document>"}``.

        Every hash is checked against its document, so a typo cannot let a different
        query through.
        """
        if not path:
            return cls(max_entries)
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ValueError(f"{path}: expected a JSON object of sha256 -> document")
        wrong = [k for k, v in data.items() if sha256(v) != k.lower()]
        if wrong:
            raise ValueError(f"{path}: hash does not match its document for {wrong[0]}")
        return cls(max_entries, {k.lower(): v for k, v in data.items()})

    def lookup(self, digest: str) -> str | None:
        """The document for a hash, from the allow-list or what clients registered."""
        digest = digest.lower()
        found = self.allow_list.get(digest)
        if found is not None:
            return found
        with self._lock:
            found = self._learned.get(digest)
            if found is not None:
                self._learned.move_to_end(digest)
            return found

    def learn(self, digest: str, query: str) -> None:
        """Remember a document a client sent with its (already verified) hash."""
        key = digest.lower()
        with self._lock:
            if key in self._learned:
                self._learned.move_to_end(key)
                return
            self._learned[key] = query
            self._bytes += len(query)
            # bounded by count and by size: documents are client input
            while len(self._learned) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._learned.popitem(last=False)
                self._bytes -= len(dropped)

    def allowed(self, query: str) -> bool:
        """Whether a document is on the allow-list."""
        return sha256(query) in self.allow_list
