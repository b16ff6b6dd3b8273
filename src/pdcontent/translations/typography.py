"""Locale typography rules: French spacing, German „…“ quotes, Spanish «…» and ¿…? ¡…!.

Each rule reads only prose: URLs, Markdown link targets, autolinks, code spans and digit
pairs such as ``10:30`` or ``1:1`` are masked first, so a colon in ``term:transference`` or
``https://`` is never taken for French punctuation. Every finding carries the offset of
the offending character in the text, so the validator can point at its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: the no-break spaces French typography puts before ; : ! ? and inside « »
NNBSP = "\u202f"
NBSP = "\u00a0"
_NO_BREAK = (NNBSP, NBSP)
_MASK = "\x00"
_GERMAN_QUOTES = "write German quotes: „ to open, “ to close"
#: what is not prose: link destinations, autolinks, bare URLs, code spans, 10:30 and 1:1
#: (link destinations are found by :func:`_link_targets`); each pattern can only start
#: where no earlier attempt ran over it, so masking stays linear on hostile text
_NOT_PROSE = re.compile(
    r"<[a-z][a-z0-9+.-]*:[^<>\s]*>"
    r"|\b(?:https?://|www\.|mailto:|tel:)[^\s)\]>]*"
    r"|`[^`\n]*`"
    r"|(?<!\d)\d+:\d+"
)
#: a sentence ends at . ! ? … followed by white space and a capital (or the text's end),
#: at a blank line and at the start of a list item
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]")


@dataclass(frozen=True, slots=True)
class Slip:
    """One typography mistake: the offset of the offending character, what is wrong, the fix."""

    offset: int
    message: str
    hint: str


def _link_targets(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``](destination)`` on one line, in linear time.

    The next ``)`` and line break are looked up only once passed, unlike a regular
    expression, which rescans the rest of the line from every unclosed ``](``.
    """
    position, close, newline = 0, -1, -1
    while (start := text.find("](", position)) >= 0:
        if close < start + 2:
            close = text.find(")", start + 2)
            if close < 0:
                return
        if newline < start + 2:
            newline = text.find("\n", start + 2)
            newline = len(text) if newline < 0 else newline
        if newline < close:  # no ")" on this line: no later "](" on it closes either
            position = newline
            continue
        yield start, close + 1
        position = close + 1


def prose(text: str) -> str:
    """``text`` with everything that is not prose replaced by NUL, offsets unchanged."""
    parts, position = [], 0
    for start, end in _link_targets(text):
        parts += [text[position:start], _MASK * (end - start)]
        position = end
    parts.append(text[position:])
    return _NOT_PROSE.sub(lambda m: _MASK * len(m.group()), "".join(parts))


def _plain_space(char: str) -> bool:
    return char.isspace() and char not in _NO_BREAK and char != "\n"


def french(text: str) -> Iterator[Slip]:
    """A no-break space before ; : ! ? and inside « », never a plain space or none."""
    masked = prose(text)
    for i, char in enumerate(masked):
        if char in ";:!?":
            before = masked[i - 1] if i else "\n"
            # ?! and !? share one space; a mark that opens a line has nothing to space from
            if before in _NO_BREAK or before in "\n;:!?" or before == _MASK:
                continue
            if _plain_space(before):
                yield Slip(
                    i - 1,
                    f"a plain space before {char!r}",
                    f"replace the space before {char!r} with a narrow no-break space (U+202F)",
                )
            else:
                yield Slip(
                    i,
                    f"no space before {char!r}",
                    f"type a narrow no-break space (U+202F) before {char!r}",
                )
        elif char == "«":
            after = masked[i + 1] if i + 1 < len(masked) else ""
            if after not in _NO_BREAK:
                yield _guillemet_slip(i, after, "after «", i + 1)
        elif char == "»":
            before = masked[i - 1] if i else ""
            if before not in _NO_BREAK:
                yield _guillemet_slip(i, before, "before »", i - 1)
    yield from _straight_quotes(masked, "write « and » with a narrow no-break space inside")
    yield from _pairs(masked, "«", "»")


def _guillemet_slip(at: int, neighbour: str, where: str, neighbour_at: int) -> Slip:
    hint = f"use a no-break space (U+202F or U+00A0) {where}"
    if _plain_space(neighbour):
        return Slip(neighbour_at, f"a plain space {where}", hint)
    return Slip(at, f"no space {where}", hint)


def german(text: str) -> Iterator[Slip]:
    """„…“ quotes in pairs, and no English "…" or “…” quotes left in the text."""
    masked = prose(text)
    yield from _straight_quotes(masked, _GERMAN_QUOTES)
    for i, char in enumerate(masked):
        if char == "\u201d":
            yield Slip(i, "an English closing quote ”", _GERMAN_QUOTES)
    yield from _pairs(masked, "„", "“")


def spanish(text: str) -> Iterator[Slip]:
    """«…» in pairs, and each ? or ! with its opening ¿ or ¡ in the same sentence."""
    masked = prose(text)
    yield from _straight_quotes(masked, "write Spanish quotes: « to open, » to close")
    yield from _pairs(masked, "«", "»")
    for start, end in _sentences(masked):
        for opening, closing in (("¿", "?"), ("¡", "!")):
            yield from _pairs(masked, opening, closing, start, end)


def _straight_quotes(masked: str, hint: str) -> Iterator[Slip]:
    for i, char in enumerate(masked):
        if char == '"':
            yield Slip(i, "a straight quote mark", hint)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, near enough for pairing marks within one."""
    cuts = [0]
    for match in _PARAGRAPH.finditer(text):
        cuts.append(match.end())
    for match in re.finditer(r"[.!?…](?=\s+[«¿¡\"“(]?[A-ZÁÉÍÓÚÑÜ])", text):
        cuts.append(match.end())
    cuts = sorted(set(cuts))
    yield from zip(cuts, [*cuts[1:], len(text)], strict=True)


def _pairs(
    text: str, opening: str, closing: str, start: int = 0, end: int | None = None
) -> Iterator[Slip]:
    """An opening mark without its closing one, or a closing mark with none open."""
    stop = len(text) if end is None else end
    open_at: list[int] = []
    for i in range(start, stop):
        if text[i] == opening:
            open_at.append(i)
        elif text[i] == closing:
            if open_at:
                open_at.pop()
            else:
                message = f"{closing} without an opening {opening}"
                yield Slip(i, message, f"type {opening} where it opens")
    for i in open_at:
        yield Slip(i, f"{opening} without a closing {closing}", f"type {closing} where it closes")


Rule = Callable[[str], Iterator[Slip]]
#: by primary language subtag: fr covers fr-CA and fr-CH, es covers es-419 and es-MX
RULES: dict[str, Rule] = {"fr": french, "de": german, "es": spanish}


def slips(text: str, locale: str) -> list[Slip]:
    """Every typography mistake in ``text`` for ``locale``, in text order."""
    rule = RULES.get(locale.split("-")[0].lower())
    if rule is None:
        return []
    return sorted(rule(text), key=lambda slip: slip.offset)
