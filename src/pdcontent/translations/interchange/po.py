"""gettext PO export and import of a locale's translations (through polib).

One entry per English unit: ``msgctxt`` is the unit id, ``msgid`` the current English,
``msgstr`` the translation (empty when the locale has none). Extracted comments (``#.``)
record the source hash and status; ``fuzzy`` marks drafts and stale units, and a stale
unit carries the English it was made from as ``#| msgid`` when git history has it.

PO has no review state, so import reads the status from the overlay and the flag:

* still fuzzy: a draft, or a stale unit, left as it was, keeps its status; anything else
  that is fuzzy (a new text, a text changed but left fuzzy, a flag added) becomes a draft;
* not fuzzy: an unchanged translated or reviewed unit keeps its status; a new or changed
  text, or a fuzzy flag removed, becomes translated (a reviewer marks review in the overlay
  or in XLIFF).

Removing the fuzzy flag of a stale unit confirms it against the English it shows, so the
unit records that English's hash.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import polib

from ...tags import SOURCE_LOCALE
from ..overlay import UnitStatus
from .records import Document, Entry, Format, InterchangeError, Record, Snapshot

FUZZY = "fuzzy"
HASH_COMMENT = "pdcontent-source-hash"
STATUS_COMMENT = "pdcontent-status"
FORMAT_COMMENT = "pdcontent-format"


def expected_fuzzy(entry: Entry) -> bool:
    """Whether an export flags ``entry`` fuzzy: drafts and stale units are."""
    unit = entry.unit
    return unit is not None and (unit.status is UnitStatus.DRAFT or entry.stale)


def write_po(snapshot: Snapshot, previous: Mapping[str, str]) -> bytes:
    """The PO file for ``snapshot``; ``previous`` maps source hashes to older English texts."""
    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    po.header = (
        f"pdcontent: translations of content/{SOURCE_LOCALE} into {snapshot.locale}.\n"
        "Bring them back with: pdcontent import FILE"
    )
    po.metadata = {
        "Project-Id-Version": "pdcontent",
        "Language": snapshot.locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LOCALE,
    }
    for entry in snapshot.entries:
        src, unit = entry.source, entry.unit
        comments: list[str] = []
        if unit is not None:
            comments.append(f"{HASH_COMMENT}: {unit.source_hash}")
            comments.append(f"{STATUS_COMMENT}: {unit.status.value}")
        comments.append(f"{FORMAT_COMMENT}: {'markdown' if src.markdown else 'plain'}")
        po.append(
            polib.POEntry(
                msgctxt=src.id,
                msgid=src.text,
                msgstr=unit.text if unit is not None else "",
                comment="\n".join(comments),
                occurrences=[(f"content/{SOURCE_LOCALE}/{src.kind}.yaml", "")],
                flags=[FUZZY] if expected_fuzzy(entry) else [],
                previous_msgid=previous.get(unit.source_hash)
                if unit is not None and entry.stale
                else None,
            )
        )
    text = str(po)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def _parse(data: bytes) -> polib.POFile:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"the PO file is not UTF-8 (byte {exc.start})") from None
    # polib splits text it is given on every Unicode line break, but reads a file by lines
    # of "\n" only, as msgfmt does; a file keeps U+2028 and friends inside strings intact
    handle, name = tempfile.mkstemp(prefix="pdcontent-", suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        return polib.pofile(name, encoding="utf-8")
    except Exception as exc:  # polib raises OSError, ValueError and more for a broken file
        message = str(exc).replace(f" {name}", "").replace(name, "the file").splitlines()
        raise InterchangeError(
            f"not a valid PO file: {message[0] if message else type(exc).__name__}"
        ) from None
    finally:
        Path(name).unlink(missing_ok=True)


def read_po(data: bytes) -> Document:
    """Parse a PO file; raise :class:`InterchangeError` when it is not one we can read."""
    po = _parse(data)
    locale = po.metadata.get("Language", "").strip()
    if not locale:
        raise InterchangeError("the PO header has no Language")
    records: list[Record] = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"line {entry.linenum}" if entry.linenum else f"entry {entry.msgctxt!r}"
        if not entry.msgctxt:
            raise InterchangeError(f"{where}: the entry has no msgctxt (the unit id)")
        if entry.msgid_plural:
            raise InterchangeError(f"{where}: plural entries are not supported")
        records.append(
            Record(
                ref=entry.msgctxt,
                where=where,
                source=entry.msgid,
                target=entry.msgstr,
                marker=FUZZY if FUZZY in entry.flags else "",
            )
        )
    return Document(Format.PO, locale, records)


def resolve_state(record: Record, entry: Entry) -> tuple[UnitStatus, bool]:
    """The overlay status of an imported entry, and whether its fuzzy flag changed."""
    fuzzy = record.marker == FUZZY
    flag_changed = fuzzy != expected_fuzzy(entry)
    unit = entry.unit
    kept = unit is not None and unit.text == record.target and not flag_changed
    if unit is not None and kept:
        return unit.status, False
    return (UnitStatus.DRAFT if fuzzy else UnitStatus.TRANSLATED), flag_changed


__all__ = ["read_po", "resolve_state", "write_po"]
