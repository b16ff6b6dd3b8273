"""Ranked full-text search over titles, other names, summaries and bodies, with SQLite FTS5.

One in-memory index per locale, built on first use. User input never reaches FTS5 as
query syntax: it is split into words, and each word is quoted.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from pdcontent.content import Content
from pdcontent.models import KINDS

from .content_ref import EntryType, entry_type
from .rendering import to_plain

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12
_OPEN, _CLOSE = "\x02", "\x03"  # snippet markers no content text contains


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: which entry, its title, an HTML snippet and the rank score."""

    type: EntryType
    id: str
    title: str
    snippet: str
    score: float


def _documents(content: Content) -> Iterator[tuple[EntryType, str, str, str, str, str]]:
    """(type, id, title, also-called names, summary, plain body) of every searchable item."""
    for kind in KINDS:
        if not kind.searchable:
            continue
        for item in content.items(kind):
            body = getattr(item, "body", None)
            plain = to_plain(body) if body else ""
            names = "\n".join(getattr(item, "also_called", ()))
            yield entry_type(item), item.id, item.title, names, item.summary, plain


class SearchIndex:
    """The FTS5 index of one locale's content."""

    def __init__(self, content: Content) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "type UNINDEXED, id UNINDEXED, title, also_called, summary, body,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
            [
                (t.name, i, title, names, summary, body)
                for t, i, title, names, summary, body in _documents(content)
            ],
        )

    def search(self, query: str, types: set[EntryType] | None, first: int) -> list[Hit]:
        """The ``first`` best matches for ``query`` among ``types`` (all when None)."""
        words = _WORD.findall(query)[:MAX_QUERY_WORDS]
        if not words:
            return []
        # quoted words are plain terms to FTS5; the last one also matches as a prefix
        match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        sql = (
            "SELECT type, id, title,"
            f" snippet(docs, -1, '{_OPEN}', '{_CLOSE}', '…', 16),"
            # another name is as good as the title: it is what the reader calls it
            " bm25(docs, 0, 0, 10.0, 10.0, 4.0, 1.0) AS score"
            " FROM docs WHERE docs MATCH ?"
        )
        params: list[object] = [match]
        if types:
            sql += f" AND type IN ({', '.join('?' * len(types))})"
            params += sorted(t.name for t in types)
        sql += " ORDER BY score LIMIT ?"
        params.append(first)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [
            Hit(EntryType[t], i, title, _highlight(snippet), -float(score))
            for t, i, title, snippet, score in rows
        ]


def _highlight(snippet: str) -> str:
    """Escape the snippet as HTML, then turn the match markers into ``<mark>`` tags."""
    return html.escape(snippet).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


# keyed by id() and holding the content too, so an id is never reused while cached
_indexes: dict[int, tuple[Content, SearchIndex]] = {}
_indexes_lock = threading.Lock()


def index_for(content: Content) -> SearchIndex:
    """The search index of a loaded content object (built once per object)."""
    key = id(content)
    entry = _indexes.get(key)
    if entry is None:
        with _indexes_lock:
            entry = _indexes.get(key)
            if entry is None:
                entry = _indexes[key] = (content, SearchIndex(content))
    return entry[1]
