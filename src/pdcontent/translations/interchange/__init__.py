"""Exchanging a locale's translations with translators' tools: XLIFF 2.0 and gettext PO.

``pdcontent export`` writes every English unit with the locale's translation of it (when
there is one) into one exchange file; ``pdcontent import`` reads such a file back, merges
it into the locale's overlay files and writes them only when the result validates.

Import rules, shared by both formats (the per-format state mapping is in :mod:`.xliff`
and :mod:`.po`, which :mod:`.codecs` puts in one table):

* units the file does not carry, and units with an empty target, are kept as they are;
* a unit whose text and state are unchanged keeps its recorded source hash, so an
  export followed by an import changes nothing;
* a unit whose text or state changed records the hash of the English text the
  translator worked from: the English the file was exported with (normally the current
  English, so the unit is no longer stale);
* unit ids are mapped back through a table built from the current English units, and
  an id the English source does not have is an error.

The parts: :mod:`.records` (the data classes and errors), :mod:`.snapshot` (reading the
English and the overlay), :mod:`.history` (older English texts from git), :mod:`.codecs`
(XLIFF and PO), :mod:`.plan` (what an import changes, checked in a copy), :mod:`.writing`
(all-or-nothing writes), and :mod:`.exporting` / :mod:`.importing`, which put them together.
"""

from __future__ import annotations

from .codecs import CODECS, Codec, detect_format, read_document
from .exporting import export_locale, export_snapshot
from .history import previous_sources
from .importing import import_bytes
from .plan import check_plan, plan_document, plan_import
from .records import (
    ContentProblems,
    Document,
    Entry,
    Format,
    ImportPlan,
    InterchangeError,
    Record,
    Snapshot,
)
from .snapshot import load_snapshot

__all__ = [
    "CODECS",
    "Codec",
    "ContentProblems",
    "Document",
    "Entry",
    "Format",
    "ImportPlan",
    "InterchangeError",
    "Record",
    "Snapshot",
    "check_plan",
    "detect_format",
    "export_locale",
    "export_snapshot",
    "import_bytes",
    "load_snapshot",
    "plan_document",
    "plan_import",
    "previous_sources",
    "read_document",
]
