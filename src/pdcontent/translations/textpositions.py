"""The file line and column of characters inside a YAML string, by offset in its text.

YAML folds plain and quoted scalars (a line break becomes a space) and strips a block's
indentation, so an offset in the loaded text is not an offset in the file. Walking the
written form beside the text, white-space run against white-space run, finds it. One walk
places every offset of a text, and the line table is built once per file, so a file full
of findings costs no more than reading it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from ..yamlsource import Position

_WHITE = " \t\n\r"


class WrittenText:
    """The raw text of one YAML file, with its line table."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._starts = [0, *(i + 1 for i, char in enumerate(raw) if char == "\n")]

    def index(self, position: Position) -> int:
        """The index in the raw text of a 1-based line and column."""
        if position.line > len(self._starts):
            return len(self.raw)
        return self._starts[position.line - 1] + position.column - 1

    def position(self, index: int) -> Position:
        """The 1-based line and column of the character at ``index``."""
        line = bisect.bisect_right(self._starts, index) - 1
        return Position(line + 1, index - self._starts[line] + 1)

    def places(
        self, value: Position, style: str | None, text: str, offsets: Iterable[int]
    ) -> dict[int, Position]:
        """Where each ``text[offset]`` is written, the string's value starting at ``value``.

        ``style`` is ``|`` or ``>`` for a block scalar (``value`` is then its indicator).
        An offset the walk cannot follow (an escape in a double-quoted string, say) is left
        out: no position is better than a wrong one.
        """
        wanted = sorted(set(offsets))
        if not wanted:
            return {}
        raw, found = self.raw, {}
        j, quote = self.index(value), ""
        if style in ("|", ">"):
            j = raw.find("\n", j) + 1
            if j == 0:
                return {}
            while j < len(raw) and raw[j] == " ":  # the block's indentation
                j += 1
        elif j < len(raw) and raw[j] in "'\"":
            quote, j = raw[j], j + 1
        i, k = 0, 0  # k: the next wanted offset
        while k < len(wanted) and i < len(text) and j < len(raw):
            if text[i] in _WHITE and raw[j] in _WHITE:
                text_end, raw_end = i, j
                while text_end < len(text) and text[text_end] in _WHITE:
                    text_end += 1
                while raw_end < len(raw) and raw[raw_end] in _WHITE:
                    raw_end += 1
                while k < len(wanted) and wanted[k] < text_end:
                    # a folded line break is the end of the line it folds
                    found[wanted[k]] = self.position(min(j + wanted[k] - i, raw_end - 1))
                    k += 1
                i, j = text_end, raw_end
                continue
            if quote == "'" and text[i] == "'" and raw.startswith("''", j):
                j += 1
            elif (quote == '"' and raw[j] == "\\") or text[i] != raw[j]:
                break  # an escape, or not this text: the rest stays unplaced
            if i == wanted[k]:
                found[i] = self.position(j)
                k += 1
            i, j = i + 1, j + 1
        return found


__all__ = ["WrittenText"]
