"""Checking a translation overlay folder against the English source units."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..models import FILE_KINDS, FileKind
from ..problems import Problem, Severity
from ..validation.locale_tree import display_path, read_source
from ..validation.model_errors import build_model
from ..validation.problemsink import FileProblems
from ..validation.schema_errors import check_schema
from ..validation.synonyms import HINT as SYNONYM_HINT
from ..validation.synonyms import RULE as SYNONYM_RULE
from ..validation.synonyms import Named, synonym_clashes
from ..yamlsource import Path_, Position
from .checks import CheckContext, run_checks
from .overlay import (
    Provenance,
    TranslationFile,
    TranslationUnit,
    UnitStatus,
    translation_schema,
    translation_schema_filename,
)
from .policy import TranslationPolicy
from .textpositions import WrittenText
from .units import SourceUnit, split_names

UnitKey = tuple[str, str, int | None]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Severity switches: ``strict`` makes stale units errors, ``require_complete`` missing."""

    strict: bool = False
    require_complete: bool = False


@dataclass(slots=True)
class OverlayResult:
    """The units a locale folder translates, keyed by unit id, and the problems found."""

    locale: str
    units: dict[str, TranslationUnit] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: how the translation was made and reviewed, from its ``metadata.yaml``
    provenance: Provenance | None = None


@dataclass(slots=True)
class _ParsedFile:
    kind: FileKind
    sink: FileProblems
    model: TranslationFile
    path: Path


def _flatten(data: TranslationFile) -> dict[UnitKey, TranslationUnit]:
    out: dict[UnitKey, TranslationUnit] = {}
    for key, fields in data.units.items():
        for name, value in fields.items():
            if isinstance(value, list):
                for i, unit in enumerate(value):
                    out[(key, name, i)] = unit
            else:
                out[(key, name, None)] = value
    return out


def _path(key: str, name: str, index: int | None) -> Path_:
    return ("units", key, name) if index is None else ("units", key, name, index)


def _parse(
    kind: FileKind, path: Path, locale: str, schema: bool = True
) -> tuple[FileProblems, TranslationFile | None]:
    sink = FileProblems(display_path(path))
    document = read_source(path, sink)
    if document.issues:
        return sink, None
    if document.data is None:
        sink.add((), "missing-field", "the file is empty", "run pdcontent translations init")
        return sink, None
    if schema and not check_schema(
        document.data, translation_schema_filename(kind), sink, partial(translation_schema, kind)
    ):
        return sink, None
    model = build_model(TranslationFile, document.data, sink)
    if not isinstance(model, TranslationFile):
        return sink, None
    if model.locale != locale:
        sink.add(
            ("locale",),
            "locale-mismatch",
            f"file says locale {model.locale!r} but lives in folder {locale!r}",
            f"set locale: {locale}",
        )
    return sink, model


class _Reporter:
    """Adds findings to a file's problems, applying suppressions and severity switches."""

    def __init__(
        self,
        sink: FileProblems,
        locale: str,
        ctx: CheckContext,
        options: CheckOptions,
        file: Path | None = None,
    ) -> None:
        self.sink, self.locale, self.ctx, self.options = sink, locale, ctx, options
        self.file = file
        self._written: WrittenText | None = None

    def places(self, path: Path_, text: str, offsets: list[int]) -> dict[int, Position]:
        """The file position of each ``text[offset]``, the text at ``path``, where found."""
        source = self.sink.source
        if source is None or self.file is None or not offsets:
            return {}
        if self._written is None:
            try:  # the file was read a moment ago; a failure here only costs the columns
                raw = self.file.read_text(encoding="utf-8").removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError):
                return {}
            self._written = WrittenText(raw)
        target = (*path, "text")
        value, style = source.position(target), source.block_scalars.get(target)
        return self._written.places(value, style, text, offsets)

    def report(
        self,
        unit_id: str,
        path: Path_,
        rule: str,
        message: str,
        hint: str,
        severity: Severity,
        *,
        at_key: str | None = "text",
        position: Position | None = None,
    ) -> None:
        if self.ctx.policy.suppressed(self.locale, unit_id, rule):
            return
        if rule == "stale-source" and self.options.strict:
            severity = Severity.ERROR
        if rule == "missing-unit" and self.options.require_complete:
            severity = Severity.ERROR
        source = self.sink.source
        target = (*path, at_key) if at_key else path
        if position is None:
            position = source.key_position(target) if source else Position(1, 1)
        self.sink.at(position, rule, f"{unit_id}: {message}", hint, path, severity)


def _glossary(
    files: dict[str, _ParsedFile], source: list[SourceUnit]
) -> dict[str, tuple[str, str | None]]:
    english = {u.key: u.text for u in source if u.field == "title" and u.index is None}
    parsed = files.get("glossary")
    translated: dict[str, str] = {}
    if parsed is not None:
        for (key, name, index), unit in _flatten(parsed.model).items():
            if name == "title" and index is None:
                translated[key] = unit.text
    return {key: (title, translated.get(key)) for key, title in english.items()}


def check_overlay(
    folder: Path,
    locale: str,
    source_by_kind: dict[str, list[SourceUnit]],
    *,
    policy: TranslationPolicy | None = None,
    options: CheckOptions | None = None,
    unit_checks: bool = True,
) -> OverlayResult:
    """Check every overlay file in ``folder``; a missing file means all its units are missing.

    ``unit_checks=False`` keeps only the model's and the structural checks (obsolete,
    stale, missing): loading uses it, since JSON Schema and the translation checks ran in
    CI before release, and the model rejects anything that would break loading.
    """
    options = options or CheckOptions()
    result = OverlayResult(locale)
    files: dict[str, _ParsedFile] = {}
    sinks: list[FileProblems] = []
    for kind in FILE_KINDS:
        path = folder / kind.filename
        if not path.is_file():
            sink = FileProblems(display_path(path))
            sinks.append(sink)
            continue
        sink, model = _parse(kind, path, locale, schema=unit_checks)
        sinks.append(sink)
        if model is not None:
            files[kind.name] = _ParsedFile(kind, sink, model, path)
            result.provenance = result.provenance or model.provenance
    ctx = CheckContext(
        policy=policy or TranslationPolicy(),
        glossary=_glossary(files, source_by_kind.get("glossary", [])),
    )
    for kind, sink in zip(FILE_KINDS, sinks, strict=True):
        units = source_by_kind.get(kind.name, [])
        parsed = files.get(kind.name)
        reporter = _Reporter(sink, locale, ctx, options, parsed.path if parsed else None)
        if parsed is None:
            if not sink.problems and units:
                reporter.report(
                    f"{kind.name}/*",
                    (),
                    "missing-unit",
                    f"{kind.filename} is missing: {len(units)} unit(s) untranslated",
                    f"run pdcontent translations init {locale}",
                    Severity.WARNING,
                    at_key=None,
                )
            continue
        _check_units(parsed, units, reporter, result, unit_checks)
    if unit_checks:
        reporters = {
            kind.name: _Reporter(sink, locale, ctx, options)
            for kind, sink in zip(FILE_KINDS, sinks, strict=True)
        }
        _check_synonyms(files, source_by_kind, reporters)
    for sink in sinks:
        result.problems.extend(sink.problems)
    return result


def _served(unit: SourceUnit, present: dict[UnitKey, TranslationUnit]) -> str:
    """The text a reader of the locale gets: the translation, or English where there is none."""
    found = present.get((unit.key, unit.field, unit.index))
    return unit.text if found is None or found.status is UnitStatus.DRAFT else found.text


def _check_synonyms(
    files: dict[str, _ParsedFile],
    source_by_kind: dict[str, list[SourceUnit]],
    reporters: dict[str, _Reporter],
) -> None:
    """``duplicate-synonym`` on the locale's merged texts: titles and names as served."""
    items: list[Named] = []
    where: list[tuple[str, SourceUnit | None, bool]] = []
    for kind in FILE_KINDS:
        parsed = files.get(kind.name)
        present = _flatten(parsed.model) if parsed is not None else {}
        grouped: dict[str, dict[str, SourceUnit]] = {}
        for unit in source_by_kind.get(kind.name, []):
            if unit.index is None and (unit.field == "title" or unit.names):
                grouped.setdefault(unit.key, {})["names" if unit.names else "title"] = unit
        for key, units in grouped.items():
            title, names = units.get("title"), units.get("names")
            items.append(
                Named(
                    f"{kind.name}/{key}",
                    _served(title, present) if title else None,
                    split_names(_served(names, present)) if names else (),
                )
            )
            translated = names is not None and (names.key, names.field, None) in present
            where.append((kind.name, names, translated))
    for clash in synonym_clashes(items):
        kind_name, names_unit, translated = where[clash.item]
        if names_unit is None:
            continue
        reporters[kind_name].report(
            names_unit.id,
            _path(names_unit.key, names_unit.field, None) if translated else ("units",),
            SYNONYM_RULE,
            clash.message,
            SYNONYM_HINT,
            Severity.ERROR,
            at_key="text" if translated else None,
        )


def _check_units(
    parsed: _ParsedFile,
    source: list[SourceUnit],
    reporter: _Reporter,
    result: OverlayResult,
    unit_checks: bool,
) -> None:
    by_key = {(u.key, u.field, u.index): u for u in source}
    known_keys = {u.key for u in source}
    present = _flatten(parsed.model)
    for (key, name, index), unit in present.items():
        src = by_key.get((key, name, index))
        where = _path(key, name, index)
        if src is None:
            what = f"field {name!r} of {key!r}" if key in known_keys else f"id {key!r}"
            unit_id = f"{parsed.kind.name}/{key}/{name}" + ("" if index is None else f"/{index}")
            reporter.report(
                unit_id, where, "obsolete-unit", f"{what} has no English source",
                "remove it (the English entry or field no longer exists)", Severity.ERROR,
                at_key=None,
            )  # fmt: skip
            continue
        if unit.source_hash != src.hash:
            reporter.report(
                src.id, where, "stale-source",
                "the English text changed since this was translated",
                f"update the translation, then set source_hash: {src.hash}", Severity.WARNING,
                at_key="source_hash",
            )  # fmt: skip
        findings = run_checks(src, unit, reporter.locale, reporter.ctx) if unit_checks else []
        places = reporter.places(
            where, unit.text, [f.offset for f in findings if f.offset is not None]
        )
        for finding in findings:
            at = None if finding.offset is None else places.get(finding.offset)
            reporter.report(
                src.id, where, finding.rule, finding.message, finding.hint, finding.severity,
                position=at,
            )  # fmt: skip
        result.units[src.id] = unit
    for src in source:
        if (src.key, src.field, src.index) not in present:
            reporter.report(
                src.id, ("units",), "missing-unit", "not translated",
                "add it, or run pdcontent translations init to scaffold", Severity.WARNING,
                at_key=None,
            )  # fmt: skip


__all__ = ["CheckOptions", "OverlayResult", "check_overlay"]
