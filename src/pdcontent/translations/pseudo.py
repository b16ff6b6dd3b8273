"""The pseudo-locale ``en-XA``: accented, about 30% longer, bracketed English.

It lets a front end see untranslated strings, truncation and encoding problems before
real translations arrive. Markdown syntax, link targets and numbers are left intact so
the result still renders and passes the parity checks.
"""

from __future__ import annotations

import math
import re

_ACCENTS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "àƀçđéğħíķĺñóŕšţúŵýžÀßÇĐÉĞĦÍĶĹÑÓŔŠŢÚŴÝŽ",
)
# link targets, autolinks, code spans and HTML entities stay byte-identical
_KEEP = re.compile(r"\]\([^)]*\)|<[^>\s]+>|`[^`]*`|&[#\w]+;")
_BLOCK_MARKER = re.compile(r"^(?:[-*+]|\d+\.|>|#{1,6})\s+")
PADDING = "·"
EXPANSION = 0.3


def pseudo_text(text: str) -> str:
    """Accent letters outside Markdown syntax, pad by ~30% and bracket the text."""
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACCENTS))
    body = "".join(out)
    trailing = body[len(body.rstrip()) :]
    padding = PADDING * max(1, math.ceil(len(text.strip()) * EXPANSION))
    # the opening bracket goes after a leading list, quote or heading marker
    marker = _BLOCK_MARKER.match(body)
    head = marker.group(0) if marker else ""
    return f"{head}⟦{body[len(head) :].rstrip()} {padding}⟧{trailing}"
