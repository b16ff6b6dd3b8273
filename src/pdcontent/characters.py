"""The one definition of the characters no text may hold, English or translated.

Forbidden everywhere: C0 and C1 control characters except tab and line feed (a carriage
return inside a text is a control character too; CRLF line ends never reach a text, YAML
turns them into line feeds), DEL, the noncharacters U+FFFE and U+FFFF, bidi embeddings,
overrides and isolates (they reorder what a reader sees: "Trojan Source"), the tag
characters, and invisible characters that have no use in prose (word joiner, invisible
operators, BOM, soft hyphen, Mongolian vowel separator).

Zero-width characters that some scripts need are allowed only in a text written partly in
such a script: the zero-width space separates words in Thai, Lao, Khmer, Myanmar and
Tibetan; the zero-width (non-)joiner shapes Arabic-script and Indic text and joins emoji;
the left-to-right, right-to-left and Arabic letter marks order neutral characters in
right-to-left text. In an English or French text each of them only hides something.

:func:`forbidden` finds them in linear time (one pass of a character class, and one pass
over the text's letters only when a context-dependent character occurs).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

__all__ = [
    "CONTEXTUAL",
    "FORBIDDEN_ALWAYS",
    "describe",
    "forbidden",
    "is_forbidden_always",
]

_CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]

#: never allowed in any text
FORBIDDEN_ALWAYS: frozenset[str] = frozenset(
    {
        *_CONTROLS,
        "\ufffe",
        "\uffff",
        *map(chr, range(0x202A, 0x202F)),  # LRE RLE PDF LRO RLO
        *map(chr, range(0x2066, 0x206A)),  # LRI RLI FSI PDI
        *map(chr, range(0x2060, 0x2065)),  # word joiner, invisible operators
        *map(chr, range(0xE0000, 0xE0080)),  # tag characters: can hide a whole text
        "\ufeff",
        "\u00ad",
        "\u180e",
    }
)

_SPACE_SCRIPTS = frozenset({"THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"})
_JOINER_SCRIPTS = frozenset(
    {
        "ARABIC",
        "SYRIAC",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "MYANMAR",
        "KHMER",
    }
)
_RTL_SCRIPTS = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO"})

#: allowed only in a text that holds a letter of one of these scripts
CONTEXTUAL: dict[str, frozenset[str]] = {
    "\u200b": _SPACE_SCRIPTS,
    "\u200c": _JOINER_SCRIPTS,
    "\u200d": _JOINER_SCRIPTS,
    "\u200e": _RTL_SCRIPTS,
    "\u200f": _RTL_SCRIPTS,
    "\u061c": _RTL_SCRIPTS,
}

_CANDIDATE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(FORBIDDEN_ALWAYS | CONTEXTUAL.keys())) + "]"
)


def is_forbidden_always(char: str) -> bool:
    """Whether ``char`` is forbidden whatever the text around it."""
    return char in FORBIDDEN_ALWAYS


@cache
def _script(char: str) -> str:
    # the first word of a letter's Unicode name is its script for every script listed above
    return unicodedata.name(char, "").partition(" ")[0]


def _scripts(text: str) -> set[str]:
    return {_script(c) for c in text if ord(c) > 0x7F and unicodedata.category(c)[0] in "LM"}


def _emoji_joiner(text: str, index: int) -> bool:
    # ZWJ between two pictographs (So) is an emoji sequence such as a family or a flag
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    return (
        text[index] == "\u200d"
        and bool(before and after)
        and unicodedata.category(before) in ("So", "Mn", "Sk")
        and unicodedata.category(after) == "So"
    )


def forbidden(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character ``text`` must not hold, in order."""
    found: list[tuple[int, str]] = []
    scripts: set[str] | None = None
    for match in _CANDIDATE.finditer(text):
        char = match.group()
        allowed_in = CONTEXTUAL.get(char)
        if allowed_in is not None:
            if scripts is None:
                scripts = _scripts(text)
            if scripts & allowed_in or _emoji_joiner(text, match.start()):
                continue
        found.append((match.start(), char))
    return found


def describe(chars: Iterable[str]) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE, U+0000 <control>``: the distinct characters, sorted."""
    return ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, '<control>')}" for c in sorted(set(chars))
    )
