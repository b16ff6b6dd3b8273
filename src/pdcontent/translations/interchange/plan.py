"""What an import does to a locale's overlay, worked out and checked before anything is written.

The rules are in the package's docstring (:mod:`pdcontent.translations.interchange`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...models import FILE_KINDS
from ...problems import Problem
from ...tags import SOURCE_LOCALE, canonical, folder_for
from ...validation.locale_tree import display_path
from ..overlay import TranslationUnit, translation_schema_filename
from ..policy import POLICY_FILE
from ..scaffold import modeline
from ..tree import validate_tree
from ..units import SourceUnit, source_hash
from ..yamlwriter import dump
from .codecs import CODECS, read_document
from .records import (
    KINDS,
    Document,
    ImportPlan,
    InterchangeError,
    NewUnit,
    Record,
    Snapshot,
)
from .snapshot import load_snapshot


def _fresh_hash(record: Record, source: SourceUnit) -> str:
    """The hash of the English text the translator of ``record`` worked from."""
    if record.exported_hash == source.hash or record.source == source.text:
        return source.hash
    if record.exported_hash is not None:
        return record.exported_hash  # the English changed after the export: stays stale
    return source_hash(record.source)


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
    """Read an exchange file and work out the overlay it makes; write and check nothing.

    The file's locale is taken in canonical form (``ES`` is ``es``) and must have a folder:
    only ``pdcontent translations init`` makes a new locale.
    """
    document = read_document(data)
    try:
        # a PO header may carry a POSIX name (pt_BR) where BCP 47 has pt-BR
        locale = canonical(document.locale.replace("_", "-"))
        folder = folder_for(root, locale)
    except LookupError as exc:
        raise InterchangeError(str(exc)) from None
    if folder is None and locale != SOURCE_LOCALE:
        raise InterchangeError(
            f"there is no {locale}/ folder in {root}; "
            f"run `pdcontent translations init {locale}` to start a new locale"
        )
    document = dataclasses.replace(document, locale=locale)
    return plan_document(load_snapshot(root, locale), document)


def plan_document(snapshot: Snapshot, document: Document) -> ImportPlan:
    """The overlay ``document`` makes of ``snapshot``'s; raises :class:`InterchangeError`."""
    # tags are case-insensitive (BCP 47): ES and es are one locale
    if document.locale.lower() != snapshot.locale.lower():
        raise InterchangeError(
            f"the file is for locale {document.locale!r}, not {snapshot.locale!r}"
        )
    entries = snapshot.by_id()
    codec = CODECS[document.format]
    table = {codec.unit_ref(uid): uid for uid in entries}
    resolve = codec.resolve
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
        schema = translation_schema_filename(KINDS[name])
        plan.rendered[name] = dump(overlays[name], modeline(schema))
    return plan


def check_plan(root: Path, plan: ImportPlan) -> list[Problem]:
    """Write the planned files into a temporary copy of ``root`` and validate it as
    ``pdcontent validate`` does (English, the translation policy, the locale's overlay).

    Problems are reported against the real paths under ``root``.
    """
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
            (folder / KINDS[name].filename).write_bytes(text.encode("utf-8"))
        problems = [p for report in validate_tree(copy) for p in report.problems]
        shown, real = display_path(copy), display_path(root)
        out: list[Problem] = []
        for problem in problems:
            name = problem.file
            if name == shown or name.startswith(shown + os.sep):
                name = real + name[len(shown) :]
            out.append(dataclasses.replace(problem, file=name))
        return out
