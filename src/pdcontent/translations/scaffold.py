"""``pdcontent translations init``: write a locale's overlay files from the English source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models import FILE_KINDS, Model
from ..writing import write_all
from .overlay import UnitStatus, translation_schema_filename
from .units import SourceUnit, file_units
from .yamlwriter import dump


def modeline(schema_filename: str) -> str:
    """The first line of a content file, pointing editors at its schema."""
    return f"# yaml-language-server: $schema=../../schema/{schema_filename}"


def _unit(unit: SourceUnit, status: UnitStatus) -> dict[str, str]:
    return {"text": unit.text, "source_hash": unit.hash, "status": status.value}


def overlay_data(locale: str, units: list[SourceUnit], status: UnitStatus) -> dict[str, Any]:
    """The overlay mapping for ``units``, every text set to its English source."""
    entities: dict[str, dict[str, Any]] = {}
    for unit in units:
        fields = entities.setdefault(unit.key, {})
        if unit.index is None:
            fields[unit.field] = _unit(unit, status)
        else:
            fields.setdefault(unit.field, []).append(_unit(unit, status))
    return {"locale": locale, "units": entities}


def init_locale(
    source: dict[str, Model], target: Path, locale: str, *, overwrite: bool = False
) -> list[Path]:
    """Write draft overlay files for ``locale`` into ``target``; return the files written.

    Existing files are kept unless ``overwrite`` is set, so re-running never loses work.
    Raises :class:`~pdcontent.writing.WriteError` when a file cannot be written; nothing
    is written then (not even the folder).
    """
    written: dict[Path, str] = {}
    for kind in FILE_KINDS:
        path = target / kind.filename
        if path.is_file() and not overwrite:
            continue
        units = list(file_units(kind, source[kind.name]))
        data = overlay_data(locale, units, UnitStatus.DRAFT)
        written[path] = dump(data, modeline(translation_schema_filename(kind)))
    write_all(written)
    return list(written)
