"""``pdcontent export``: a locale's translations as one exchange file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .codecs import CODECS
from .history import previous_sources
from .records import Format, Snapshot
from .snapshot import load_snapshot


def export_snapshot(snapshot: Snapshot, fmt: Format, *, history: bool = True) -> bytes:
    """The exchange file for ``snapshot`` in ``fmt``, as UTF-8 bytes.

    With ``history``, PO entries of stale units get the English text they were made from
    (``#| msgid``) when git history has it.
    """
    codec = CODECS[fmt]
    previous: Mapping[str, str] = {}
    if history and codec.history:
        stale = dict.fromkeys(e.source.kind for e in snapshot.entries if e.stale)
        if stale:
            previous = previous_sources(snapshot.root, stale)
    return codec.write(snapshot, previous)


def export_locale(root: Path, locale: str, fmt: Format, *, history: bool = True) -> bytes:
    """Read ``root`` and return ``locale``'s exchange file in ``fmt``."""
    return export_snapshot(load_snapshot(root, locale), fmt, history=history)
