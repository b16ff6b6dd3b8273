"""Exchanging a locale's translations with translators' tools: XLIFF 2.0 and gettext PO.

``pdcontent export`` writes every English unit with the locale's translation of it (when
there is one) into one exchange file; ``pdcontent import`` reads such a file back, merges
it into the locale's overlay files and writes them only when the result validates.

Import rules, shared by both formats (the per-format state mapping is in :mod:`.xliff`
and :mod:`.po`):

* units the file does not carry, and units with an empty target, are kept as they are;
* a unit whose text and state are unchanged keeps its recorded source hash, so an
  export followed by an import changes nothing;
* a unit whose text or state changed records the hash of the English text the
  translator worked from: the English the file was exported with (normally the current
  English, so the unit is no longer stale);
* unit ids are mapped back through a table built from the current English units, and
  an id the English source does not have is an error.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..models import FILE_KINDS
from ..problems import Problem, Severity
from ..tags import SOURCE_LOCALE, is_well_formed
from ..validation.locale_tree import check_locale, display_path
from ..yamlsource import parse
from .check import check_overlay
from .overlay import TranslationFile, TranslationUnit, UnitStatus, translation_schema_filename
from .policy import POLICY_FILE
from .scaffold import modeline
from .units import SourceUnit, file_units, source_hash, units_by_kind
from .yamlwriter import dump

#: how many past versions of an English file are searched for the text a stale unit was made from
HISTORY_DEPTH = 50
_KINDS = {kind.name: kind for kind in FILE_KINDS}


class Format(StrEnum):
    """The exchange formats."""

    XLIFF = "xliff"
    PO = "po"


class InterchangeError(Exception):
    """The exchange file or the request cannot be used; each message is one line."""

    def __init__(self, *messages: str) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


class ContentProblems(Exception):
    """The content has errors: the English source, the overlay, or the overlay an import makes."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        self.message = message
        self.problems = problems
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Entry:
    """One English unit and the locale's translation of it, if there is one."""

    source: SourceUnit
    unit: TranslationUnit | None

    @property
    def stale(self) -> bool:
        """True when the translation was made from another English text than the current one."""
        return self.unit is not None and self.unit.source_hash != self.source.hash


@dataclass(slots=True)
class Snapshot:
    """A content root's English units, in document order, with one locale's overlay."""

    root: Path
    locale: str
    entries: list[Entry]
    files: dict[str, TranslationFile] = field(default_factory=dict)

    def by_id(self) -> dict[str, Entry]:
        """The entries keyed by unit id."""
        return {entry.source.id: entry for entry in self.entries}


@dataclass(frozen=True, slots=True)
class Record:
    """One unit as an exchange file holds it, before it is matched with the overlay."""

    ref: str
    """The unit's id as the file spells it (an XLIFF unit id, a PO msgctxt)."""
    where: str
    """Where the unit is in the file, for messages."""
    source: str
    target: str
    marker: str
    """The format's state: an XLIFF segment state, or ``fuzzy`` / ``""`` for PO."""
    exported_hash: str | None = None
    """The hash of the English text the file says it was exported with, when it says."""
    kind: str | None = None
    """The kind of the XLIFF ``<file>`` the unit was found in, if any."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed exchange file."""

    format: Format
    locale: str
    records: list[Record]


@dataclass(frozen=True, slots=True)
class NewUnit:
    """An imported unit as it will be written (not validated yet: the checks do that)."""

    text: str
    source_hash: str
    status: UnitStatus

    def as_data(self) -> dict[str, str]:
        """The overlay mapping of this unit."""
        return {"text": self.text, "source_hash": self.source_hash, "status": self.status.value}


@dataclass(slots=True)
class ImportPlan:
    """What an import does to one locale's overlay."""

    format: Format
    locale: str
    folder: Path
    overlays: dict[str, dict[str, Any]]
    """Kind name -> the complete overlay data after the import, for every file it has."""
    updated: dict[str, list[str]]
    """Kind name -> ids of the units the import adds or changes."""
    rendered: dict[str, str] = field(default_factory=dict)
    """Kind name -> the YAML text to write, for the kinds the import changes."""
    problems: list[Problem] = field(default_factory=list)
    """What the checks found in the overlay the import makes (warnings, when it is written)."""

    @property
    def count(self) -> int:
        """How many units the import adds or changes."""
        return sum(len(ids) for ids in self.updated.values())

    @property
    def paths(self) -> list[Path]:
        """The overlay files the import writes."""
        return [self.folder / _KINDS[name].filename for name in self.rendered]


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def check_target_locale(locale: str) -> None:
    """Raise :class:`InterchangeError` unless ``locale`` is a tag to translate into."""
    if not is_well_formed(locale) or locale == SOURCE_LOCALE:
        raise InterchangeError(f"{locale!r} is not a locale to translate into")


def load_snapshot(root: Path, locale: str) -> Snapshot:
    """Read and check the English source and ``locale``'s overlay under ``root``.

    Raises :class:`ContentProblems` when the English has errors, or the overlay has errors
    that keep its units from being read (the translation checks run on import instead).
    """
    check_target_locale(locale)
    english = check_locale(root / SOURCE_LOCALE)
    if _errors(english.problems) or len(english.models) != len(FILE_KINDS):
        problems = _errors(english.problems) or english.problems
        raise ContentProblems(f"fix {display_path(root / SOURCE_LOCALE)} first", problems)
    by_kind = units_by_kind(english.models)
    folder = root / locale
    overlay = check_overlay(folder, locale, by_kind, unit_checks=False)  # structure only
    if _errors(overlay.problems):
        raise ContentProblems(f"fix {display_path(folder)} first", _errors(overlay.problems))
    files: dict[str, TranslationFile] = {}
    for kind in FILE_KINDS:
        path = folder / kind.filename
        if path.is_file():
            data = parse(path.read_text(encoding="utf-8").removeprefix("\ufeff")).data
            files[kind.name] = TranslationFile.model_validate(data)
    entries = [
        Entry(unit, overlay.units.get(unit.id))
        for kind in FILE_KINDS
        for unit in by_kind.get(kind.name, [])
    ]
    return Snapshot(root, locale, entries, files)


# --- export -----------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str | None:
    """``git args`` run in ``cwd``: its output, or None when git is absent or fails."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def previous_sources(
    root: Path, kinds: Iterable[str], depth: int = HISTORY_DEPTH
) -> dict[str, str]:
    """Source hash -> English text, from the last ``depth`` commits of the kinds' English files.

    Empty when ``root`` is not in a git checkout or git is not installed.
    """
    folder = root / SOURCE_LOCALE
    found: dict[str, str] = {}
    for name in kinds:
        kind = _KINDS[name]
        log = _git(folder, "log", "--format=%H", "-n", str(depth), "--", kind.filename)
        if log is None:
            return found  # not a checkout (or no git): no other kind will do better
        seen: set[str] = set()
        for revision in log.split():
            text = _git(folder, "show", f"{revision}:./{kind.filename}")
            if text is None or text in seen:
                continue
            seen.add(text)
            try:
                model = kind.model.model_validate(yaml.safe_load(text))
            except (yaml.YAMLError, ValidationError, ValueError, TypeError, RecursionError):
                continue  # an old version the current model no longer reads
            for unit in file_units(kind, model):
                found.setdefault(unit.hash, unit.text)
    return found


def export_snapshot(snapshot: Snapshot, fmt: Format, *, history: bool = True) -> bytes:
    """The exchange file for ``snapshot`` in ``fmt``, as UTF-8 bytes.

    With ``history``, PO entries of stale units get the English text they were made from
    (``#| msgid``) when git history has it.
    """
    if fmt is Format.XLIFF:
        from .xliff import write_xliff

        return write_xliff(snapshot)
    from .po import write_po

    previous: Mapping[str, str] = {}
    if history:
        stale = dict.fromkeys(e.source.kind for e in snapshot.entries if e.stale)
        if stale:
            previous = previous_sources(snapshot.root, stale)
    return write_po(snapshot, previous)


def export_locale(root: Path, locale: str, fmt: Format, *, history: bool = True) -> bytes:
    """Read ``root`` and return ``locale``'s exchange file in ``fmt``."""
    return export_snapshot(load_snapshot(root, locale), fmt, history=history)


# --- import -----------------------------------------------------------------------------


def detect_format(data: bytes) -> Format:
    """XLIFF when the file starts like XML, PO otherwise."""
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    return Format.XLIFF if head.startswith(b"<") else Format.PO


def read_document(data: bytes) -> Document:
    """Parse an exchange file of either format; raise :class:`InterchangeError` if it is bad."""
    if detect_format(data) is Format.XLIFF:
        from .xliff import read_xliff

        return read_xliff(data)
    from .po import read_po

    return read_po(data)


def _fresh_hash(record: Record, source: SourceUnit) -> str:
    """The hash of the English text the translator of ``record`` worked from."""
    if record.exported_hash == source.hash or record.source == source.text:
        return source.hash
    if record.exported_hash is not None:
        return record.exported_hash  # the English changed after the export: stays stale
    return source_hash(record.source)


Resolver = Callable[[Record, Entry], tuple[UnitStatus, bool]]
"""A format's reading of an imported unit's state: its overlay status, and whether the state
differs from the one the export wrote."""


def _resolver(fmt: Format) -> Resolver:
    if fmt is Format.XLIFF:
        from .xliff import resolve_state

        return resolve_state
    from .po import resolve_state as resolve_po

    return resolve_po


def _unit_data(unit: TranslationUnit) -> dict[str, str]:
    return {"text": unit.text, "source_hash": unit.source_hash, "status": unit.status.value}


def overlay_file_data(
    snapshot: Snapshot, kind: str, imported: Mapping[str, NewUnit]
) -> dict[str, Any] | None:
    """One kind's overlay after an import, units in English document order; None if empty.

    A list field can only hold a prefix of its items, so importing an item whose
    predecessor is untranslated is an error.
    """
    current = snapshot.files.get(kind)
    data: dict[str, Any] = {"locale": snapshot.locale}
    if current is not None and current.provenance is not None:
        data["provenance"] = current.provenance.model_dump(mode="json")
    entities: dict[str, dict[str, Any]] = {}
    for entry in snapshot.entries:
        src = entry.source
        if src.kind != kind:
            continue
        new = imported.get(src.id)
        value = new.as_data() if new is not None else None
        if value is None and entry.unit is not None:
            value = _unit_data(entry.unit)
        if value is None:
            continue
        fields = entities.setdefault(src.key, {})
        if src.index is None:
            fields[src.field] = value
            continue
        items = fields.setdefault(src.field, [])
        if len(items) != src.index:
            missing = f"{src.kind}/{src.key}/{src.field}/{len(items)}"
            raise InterchangeError(
                f"{src.id} cannot be imported while {missing} is untranslated: "
                "translate the items of a list in order"
            )
        items.append(value)
    data["units"] = entities
    if current is None and not entities:
        return None
    return data


def plan_import(root: Path, data: bytes) -> ImportPlan:
    """Read an exchange file and work out the overlay it makes; write and check nothing."""
    document = read_document(data)
    return plan_document(load_snapshot(root, document.locale), document)


def plan_document(snapshot: Snapshot, document: Document) -> ImportPlan:
    """The overlay ``document`` makes of ``snapshot``'s; raises :class:`InterchangeError`."""
    if document.locale != snapshot.locale:
        raise InterchangeError(
            f"the file is for locale {document.locale!r}, not {snapshot.locale!r}"
        )
    entries = snapshot.by_id()
    if document.format is Format.XLIFF:
        from .xliff import xliff_id

        table = {xliff_id(uid): uid for uid in entries}
    else:
        table = {uid: uid for uid in entries}
    resolve = _resolver(document.format)
    messages: list[str] = []
    seen: set[str] = set()
    imported: dict[str, NewUnit] = {}
    for record in document.records:
        uid = table.get(record.ref)
        if uid is None:
            messages.append(
                f"{record.where}: unknown unit {record.ref!r} (not in the English source)"
            )
            continue
        if uid in seen:
            messages.append(f"{record.where}: unit {record.ref!r} appears twice")
            continue
        seen.add(uid)
        entry = entries[uid]
        if record.kind is not None and record.kind != entry.source.kind:
            messages.append(
                f"{record.where}: unit {record.ref!r} is filed under {record.kind!r}, "
                f"but belongs to {entry.source.kind!r}"
            )
            continue
        if record.target == "":
            continue  # untranslated: keep what the overlay has
        status, state_changed = resolve(record, entry)
        unit = entry.unit
        if (
            unit is not None
            and unit.text == record.target
            and unit.status is status
            and not state_changed
        ):
            continue
        imported[uid] = NewUnit(record.target, _fresh_hash(record, entry.source), status)
    if messages:
        raise InterchangeError(*messages)
    overlays: dict[str, dict[str, Any]] = {}
    updated: dict[str, list[str]] = {}
    for kind in FILE_KINDS:
        overlay = overlay_file_data(snapshot, kind.name, imported)
        if overlay is not None:
            overlays[kind.name] = overlay
        ids = [uid for uid in imported if entries[uid].source.kind == kind.name]
        if ids:
            updated[kind.name] = ids
    folder = snapshot.root / snapshot.locale
    plan = ImportPlan(document.format, snapshot.locale, folder, overlays, updated)
    for name in updated:
        schema = translation_schema_filename(_KINDS[name])
        plan.rendered[name] = dump(overlays[name], modeline(schema))
    return plan


def check_plan(root: Path, plan: ImportPlan) -> list[Problem]:
    """Write the planned files into a temporary copy of ``root`` and validate it as
    ``pdcontent validate`` does (English, the translation policy, the locale's overlay).

    Problems are reported against the real paths under ``root``.
    """
    from ..validation.tree import validate_tree

    with tempfile.TemporaryDirectory(prefix="pdcontent-import-") as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(root / SOURCE_LOCALE, copy / SOURCE_LOCALE)
        if (root / POLICY_FILE).is_file():
            shutil.copy2(root / POLICY_FILE, copy / POLICY_FILE)
        folder = copy / plan.locale
        if plan.folder.is_dir():
            shutil.copytree(plan.folder, folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in plan.rendered.items():
            (folder / _KINDS[name].filename).write_bytes(text.encode("utf-8"))
        problems = [p for report in validate_tree(copy) for p in report.problems]
        shown, real = display_path(copy), display_path(root)
        out: list[Problem] = []
        for problem in problems:
            name = problem.file
            if name == shown or name.startswith(shown + os.sep):
                name = real + name[len(shown) :]
            out.append(dataclasses.replace(problem, file=name))
        return out


def _write_files(folder: Path, files: Mapping[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name first, then is renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            os.chmod(name, mode)
            staged.append((Path(name), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def import_bytes(root: Path, data: bytes, *, dry_run: bool = False) -> ImportPlan:
    """Import an exchange file into ``root``: plan, check in a copy, then write (unless dry run).

    Raises :class:`InterchangeError` for a bad file, :class:`ContentProblems` when the
    content or the resulting overlay has errors; nothing is written then.
    """
    plan = plan_import(root, data)
    plan.problems = check_plan(root, plan)
    errors = _errors(plan.problems)
    if errors:
        raise ContentProblems("the imported translations have errors; nothing was written", errors)
    if not dry_run and plan.rendered:
        _write_files(plan.folder, dict(zip(plan.paths, plan.rendered.values(), strict=True)))
    return plan


__all__ = [
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
