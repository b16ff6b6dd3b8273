"""Snippets: the words around a match, HTML-escaped, each matched word in ``<mark>``.

FTS5's own ``snippet()`` can only mark the terms it matched in one column, and the
terms search matches are stems in a column no reader should see. So the snippet is cut
here from the texts as written, a word marked when its key (:mod:`.search_text`) is one
the query asked for: "defenses" marks "defences", "Ubertragung" marks "Übertragung".
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from .search_text import Token

#: words in a snippet, as FTS5's snippet() was asked for before
SNIPPET_WORDS = 16
#: words shown before the first match, so it is read in context
_LEAD = 2
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Marks:
    """Which words a query matches: these keys, or a key starting with one of the prefixes."""

    keys: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def matches(self, token: Token) -> bool:
        """Whether a word is marked: one of its keys is asked for."""
        return any(self.matches_key(key) for key in token.keys)

    def matches_key(self, key: str) -> bool:
        """Whether a word with ``key`` is marked."""
        return key in self.keys or any(key.startswith(p) for p in self.prefixes)


class Field:
    """One text of an entry as written, with its words and where each key occurs."""

    __slots__ = ("positions", "text", "tokens")

    def __init__(self, text: str, tokens: tuple[Token, ...]) -> None:
        self.text = text
        self.tokens = tokens
        # key -> the indexes of its words: a snippet looks up the few keys a query has
        # instead of testing every word of a long body
        self.positions: dict[str, list[int]] = {}
        for index, token in enumerate(tokens):
            for key in token.keys:
                self.positions.setdefault(key, []).append(index)

    def hits(self, marks: Marks) -> list[int]:
        """The indexes of the marked words, in order."""
        found: set[int] = set()
        for key in marks.keys:
            found.update(self.positions.get(key, ()))
        if marks.prefixes:
            for key, where in self.positions.items():
                if any(key.startswith(p) for p in marks.prefixes):
                    found.update(where)
        return sorted(found)


def _best_window(field: Field, marks: Marks) -> tuple[int, int, int] | None:
    """(score, start, end) of the best window of ``field``, or None when nothing matches."""
    tokens = field.tokens
    hits = field.hits(marks)
    if not hits:
        return None
    best: tuple[int, int, int] | None = None
    for hit in hits:
        start = max(0, min(hit - _LEAD, len(tokens) - SNIPPET_WORDS))
        end = min(len(tokens), start + SNIPPET_WORDS)
        inside = [tokens[i].key for i in hits if start <= i < end]
        score = 100 * len(set(inside)) + len(inside)
        if best is None or score > best[0]:
            best = (score, start, end)
    return best


def _render(field: Field, start: int, end: int, marks: Marks) -> str:
    """The words ``start`` to ``end`` of ``field`` as HTML, matches marked."""
    tokens = field.tokens
    text = field.text
    first = 0 if start == 0 else tokens[start].start
    last = len(text) if end == len(tokens) else tokens[end - 1].end
    out = [ELLIPSIS] if start > 0 else []
    at = first
    for token in tokens[start:end]:
        out.append(html.escape(text[at : token.start]))
        word = html.escape(text[token.start : token.end])
        out.append(f"<mark>{word}</mark>" if marks.matches(token) else word)
        at = token.end
    out.append(html.escape(text[at:last]))
    if end < len(tokens):
        out.append(ELLIPSIS)
    return "".join(out).strip()


def snippet(fields: Sequence[Field], marks: Marks) -> str:
    """The best window of words over ``fields`` (earlier ones win ties), else the first words."""
    best: tuple[int, int, int, int] | None = None
    for index, field in enumerate(fields):
        window = _best_window(field, marks)
        if window is not None and (best is None or window[0] > best[0]):
            best = (window[0], index, window[1], window[2])
    if best is not None:
        _, index, start, end = best
        return _render(fields[index], start, end, marks)
    for field in fields:
        if field.tokens:
            return _render(field, 0, min(len(field.tokens), SNIPPET_WORDS), marks)
    return html.escape(fields[0].text[:200]) if fields else ""
