"""Automatic persisted queries (the Apollo APQ protocol) and the production allow-list.

A client sends ``extensions.persistedQuery.sha256Hash`` instead of the document; the
server answers ``PERSISTED_QUERY_NOT_FOUND`` until the client has sent the document once
with its hash. Requests then fit in a GET URL, which a CDN can cache. In allow-list mode
only documents registered in a file run at all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .error_responses import RequestError
from .graphql_request import GraphQLRequest
from .lru import Lru
from .memory_budget import text_bytes


def not_found() -> RequestError:
    """Apollo's answer to an unknown hash: 200, and not to be cached."""
    # not cached: the client sends the document next. A fresh exception each time, since
    # a raised one keeps its traceback and re-raising it would grow that traceback.
    return RequestError(
        200,
        "PersistedQueryNotFound",
        "PERSISTED_QUERY_NOT_FOUND",
        headers={"Cache-Control": "no-cache"},
    )


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
        *,
        allow_list_only: bool = False,
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.allow_list = dict(allow_list or {})
        self.allow_list_only = allow_list_only
        # bounded by count and by size: documents are client input
        self._learned: Lru[str, str] = Lru(
            max_entries, weigh=text_bytes, weigh_key=text_bytes, max_weight=max_bytes
        )

    @classmethod
    def from_file(
        cls,
        path: str | None,
        max_entries: int = 10_000,
        *,
        allow_list_only: bool = False,
        max_bytes: int = 16 * 1024 * 1024,
    ) -> PersistedQueries:
        """Load an allow-list: a JSON object of ``{"<sha256>": "<document>"}``.

        Every hash is checked against its document, so a typo cannot let a different
        query through.
        """
        if not path:
            return cls(max_entries, max_bytes=max_bytes, allow_list_only=allow_list_only)
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ValueError(f"{path}: expected a JSON object of sha256 -> document")
        wrong = [k for k, v in data.items() if sha256(v) != k.lower()]
        if wrong:
            raise ValueError(f"{path}: hash does not match its document for {wrong[0]}")
        allow_list = {k.lower(): v for k, v in data.items()}
        return cls(max_entries, allow_list, max_bytes, allow_list_only=allow_list_only)

    def lookup(self, digest: str) -> str | None:
        """The document for a hash, from the allow-list or what clients registered."""
        digest = digest.lower()
        found = self.allow_list.get(digest)
        if found is not None:
            return found
        return self._learned.get(digest)

    def learn(self, digest: str, query: str) -> None:
        """Remember a document a client sent with its (already verified) hash."""
        self._learned.put(digest.lower(), query)

    def allowed(self, query: str) -> bool:
        """Whether a document is on the allow-list."""
        return sha256(query) in self.allow_list

    def document(self, gql: GraphQLRequest) -> str:
        """The document a request runs, after APQ and the allow-list have had their say.

        Raises :class:`RequestError` for a malformed or mismatched hash, an unknown hash
        (:func:`not_found`), a request without a document, or one the allow-list refuses.
        """
        apq = (gql.extensions or {}).get("persistedQuery")
        if apq is not None:
            digest = apq.get("sha256Hash") if isinstance(apq, dict) else None
            if not isinstance(digest, str) or len(digest) != 64:
                raise RequestError(400, "persistedQuery needs a sha256Hash", "BAD_REQUEST")
            if gql.query is None:
                known = self.lookup(digest)
                if known is None:
                    raise not_found()
                return known
            if sha256(gql.query) != digest.lower():
                raise RequestError(
                    400, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH"
                )
            if not self.allow_list_only:
                self.learn(digest, gql.query)
        if gql.query is None:
            raise RequestError(400, "no query given")
        if self.allow_list_only and not self.allowed(gql.query):
            raise RequestError(
                400, "only registered documents run here", "PERSISTED_QUERY_NOT_ALLOWED"
            )
        return gql.query
