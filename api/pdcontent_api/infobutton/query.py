"""The raw query string of a knowledge request, split and decoded strictly.

Starlette's ``query_params`` decode a percent-escape that is not UTF-8 as U+FFFD and
keep a malformed one (``%zz``) as it is, so ``mainSearchCriteria.v.dn=%FF`` would be
searched for as a replacement character. An EHR that sends Latin-1 escapes gets a
``400`` naming the parameter instead, and knows to send UTF-8. ``+`` is a space, as
HTML forms and most EHR URL builders write it, and so is ``%20``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from .request import MAX_PARAMETERS, RequestProblem

#: a ``%`` not followed by two hex digits
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_LABEL = 80  # how much of an unreadable name a message quotes


def split_query(raw: bytes) -> list[tuple[str, str]]:
    """``(name, value)`` pairs of a query string; :class:`RequestProblem` for bad encoding."""
    parts = [part for part in raw.split(b"&") if part]
    if len(parts) > MAX_PARAMETERS:
        # refused before anything is decoded: a flood of names costs nothing more
        raise RequestProblem("query", f"more than {MAX_PARAMETERS} parameters")
    pairs: list[tuple[str, str]] = []
    for part in parts:
        raw_name, _, raw_value = part.partition(b"=")
        label = raw_name[:_LABEL].decode("ascii", "replace")
        name = _decode(raw_name, label)
        pairs.append((name, _decode(raw_value, name[:_LABEL])))
    return pairs


def _decode(raw: bytes, label: str) -> str:
    """One percent-encoded name or value as text; UTF-8 only."""
    if _BAD_ESCAPE.search(raw):
        raise RequestProblem(label, "malformed percent-encoding (a % needs two hex digits)")
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise RequestProblem(label, "not UTF-8 (percent-encode the UTF-8 bytes)") from None
