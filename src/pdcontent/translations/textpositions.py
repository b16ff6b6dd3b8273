"""The file line and column of a character inside a YAML string, by offset in its text.

YAML folds plain and quoted scalars (a line break becomes a space) and strips a block's
indentation, so an offset in the loaded text is not an offset in the file. Walking the
written form beside the text, white-space run against white-space run, finds it.
"""

from __future__ import annotations

from ..yamlsource import Position

_WHITE = " \t\n\r"


def _offset(raw: str, position: Position) -> int:
    """The index in ``raw`` of a 1-based line and column."""
    index = 0
    for _ in range(position.line - 1):
        index = raw.find("\n", index) + 1
        if index == 0:
            return len(raw)
    return index + position.column - 1


def _position(raw: str, index: int) -> Position:
    line_start = raw.rfind("\n", 0, index) + 1
    return Position(raw.count("\n", 0, index) + 1, index - line_start + 1)


def text_position(
    raw: str, value: Position, style: str | None, text: str, offset: int
) -> Position | None:
    """Where ``text[offset]`` is written in ``raw``, the string's value starting at ``value``.

    ``style`` is ``|`` or ``>`` for a block scalar (``value`` is then its indicator).
    None when the written form cannot be followed (escapes in a double-quoted string).
    """
    j = _offset(raw, value)
    quote = ""
    if style in ("|", ">"):
        j = raw.find("\n", j) + 1
        if j == 0:
            return None
        while j < len(raw) and raw[j] == " ":  # the block's indentation
            j += 1
    elif j < len(raw) and raw[j] in "'\"":
        quote, j = raw[j], j + 1
    i = 0
    while i <= offset and j < len(raw):
        if text[i] in _WHITE and raw[j] in _WHITE:
            text_end = i
            while text_end < len(text) and text[text_end] in _WHITE:
                text_end += 1
            raw_end = j
            while raw_end < len(raw) and raw[raw_end] in _WHITE:
                raw_end += 1
            if offset < text_end:
                return _position(raw, min(j + offset - i, raw_end - 1))
            i, j = text_end, raw_end
            continue
        if quote == "'" and text[i] == "'" and raw.startswith("''", j):
            j += 1
        elif (quote == '"' and raw[j] == "\\") or text[i] != raw[j]:
            return None  # an escape, or not this text: no position rather than a wrong one
        if i == offset:
            return _position(raw, j)
        i, j = i + 1, j + 1
    return None


__all__ = ["text_position"]
