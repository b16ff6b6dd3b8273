"""Checking a translation overlay folder against the English source units."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import FILE_KINDS, FileKind
from ..problems import Problem, Severity
from ..validation.locale_tree import display_path, read_source
from ..validation.model_errors import build_model
from ..validation.problemsink import FileProblems
from ..validation.schema_errors import check_schema
from .overlay import TranslationFile, TranslationUnit, UnitStatus, translation_schema_filename
from .units import SourceUnit


@dataclass(slots=True)
class OverlayResult:
    """The units a locale folder translates, keyed by unit id, and the problems found."""

    locale: str
    units: dict[str, TranslationUnit] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _flatten(data: TranslationFile) -> dict[tuple[str, str, int | None], TranslationUnit]:
    out: dict[tuple[str, str, int | None], TranslationUnit] = {}
    for key, fields in data.units.items():
        for name, value in fields.items():
            if isinstance(value, list):
                for i, unit in enumerate(value):
                    out[(key, name, i)] = unit
            else:
                out[(key, name, None)] = value
    return out


def _path(key: str, name: str, index: int | None) -> tuple[str | int, ...]:
    return ("units", key, name) if index is None else ("units", key, name, index)


def check_overlay_file(
    kind: FileKind, path: Path, locale: str, source: list[SourceUnit], result: OverlayResult
) -> list[Problem]:
    """Check one overlay file; add its sound units to ``result``; return its problems."""
    sink = FileProblems(display_path(path))
    document = read_source(path, sink)
    if document is None or document.issues or document.data is None:
        if document is not None and not document.issues:
            sink.add((), "missing-field", "the file is empty", "run pdcontent translations init")
        return sink.problems
    if not check_schema(document.data, translation_schema_filename(kind), sink):
        return sink.problems
    model = build_model(TranslationFile, document.data, sink)
    if not isinstance(model, TranslationFile):
        return sink.problems
    if model.locale != locale:
        sink.add(
            ("locale",),
            "locale-mismatch",
            f"file says locale {model.locale!r} but lives in folder {locale!r}",
            f"set locale: {locale}",
        )
    by_key = {(u.key, u.field, u.index): u for u in source}
    for (key, name, index), unit in _flatten(model).items():
        src = by_key.get((key, name, index))
        where = _path(key, name, index)
        if src is None:
            known_key = any(k == key for k, _, _ in by_key)
            what = f"field {name!r} of {key!r}" if known_key else f"id {key!r}"
            sink.add(where, "obsolete-unit", f"{what} has no English source", "remove it")
            continue
        if unit.source_hash != src.hash:
            sink.at(
                sink.source.key_position((*where, "source_hash")) if sink.source else _origin(),
                "stale-source",
                f"the English text of {src.id} changed since this was translated",
                "update the translation, then set source_hash to " + src.hash,
                where,
                Severity.WARNING,
            )
        result.units[src.id] = unit
    present = {(k, n, i) for k, n, i in _flatten(model)}
    for src in source:
        if (src.key, src.field, src.index) not in present:
            sink.at(
                sink.source.position(("units",)) if sink.source else _origin(),
                "missing-unit",
                f"{src.id} is not translated",
                "add it, or run pdcontent translations init to scaffold",
                ("units", src.key, src.field),
                Severity.WARNING,
            )
    return sink.problems


def _origin() -> Any:
    from ..yamlsource import Position

    return Position(1, 1)


def check_overlay(
    folder: Path, locale: str, source_by_kind: dict[str, list[SourceUnit]]
) -> OverlayResult:
    """Check every overlay file in ``folder``; a missing file means all its units are missing."""
    result = OverlayResult(locale)
    for kind in FILE_KINDS:
        path = folder / kind.filename
        units = source_by_kind.get(kind.name, [])
        if not path.is_file():
            if units:
                sink = FileProblems(display_path(path))
                sink.at(
                    _origin(),
                    "missing-unit",
                    f"{kind.filename} is missing: {len(units)} unit(s) untranslated",
                    f"run pdcontent translations init {locale}",
                    (),
                    Severity.WARNING,
                )
                result.problems.extend(sink.problems)
            continue
        result.problems.extend(check_overlay_file(kind, path, locale, units, result))
    return result


__all__ = ["OverlayResult", "UnitStatus", "check_overlay"]
