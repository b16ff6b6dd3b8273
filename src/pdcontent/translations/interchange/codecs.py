"""The exchange formats in one table: how each is recognised, read, written and mapped back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..overlay import UnitStatus
from . import po, xliff
from .records import Document, Entry, Format, Record, Snapshot

Resolver = Callable[[Record, Entry], tuple[UnitStatus, bool]]
"""A format's reading of an imported unit's state: its overlay status, and whether the state
differs from the one the export wrote."""


@dataclass(frozen=True, slots=True)
class Codec:
    """One exchange format."""

    detect: Callable[[bytes], bool]
    """Whether a file looks like this format (the table is asked in order)."""
    read: Callable[[bytes], Document]
    """Parse a file; raises :class:`~.records.InterchangeError` when it cannot be used."""
    write: Callable[[Snapshot, Mapping[str, str]], bytes]
    """The file for a snapshot, given older English texts by source hash (see ``history``)."""
    resolve: Resolver
    unit_ref: Callable[[str], str]
    """How the format spells a unit id."""
    history: bool
    """Whether the format shows the English a stale unit was made from (PO's ``#| msgid``)."""


def _looks_like_xml(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _write_xliff(snapshot: Snapshot, previous: Mapping[str, str]) -> bytes:
    return xliff.write_xliff(snapshot)  # XLIFF has no place for an older source text


#: every format, in the order :func:`detect_format` asks them; PO takes what is left
CODECS: dict[Format, Codec] = {
    Format.XLIFF: Codec(
        detect=_looks_like_xml,
        read=xliff.read_xliff,
        write=_write_xliff,
        resolve=xliff.resolve_state,
        unit_ref=xliff.xliff_id,
        history=False,
    ),
    Format.PO: Codec(
        detect=lambda data: True,
        read=po.read_po,
        write=po.write_po,
        resolve=po.resolve_state,
        unit_ref=str,  # a msgctxt is the unit id itself
        history=True,
    ),
}


def detect_format(data: bytes) -> Format:
    """XLIFF when the file starts like XML, PO otherwise."""
    return next(fmt for fmt, codec in CODECS.items() if codec.detect(data))


def read_document(data: bytes) -> Document:
    """Parse an exchange file of either format; raise :class:`InterchangeError` if it is bad."""
    return CODECS[detect_format(data)].read(data)
