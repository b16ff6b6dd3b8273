"""Reading a content root into a :class:`~.records.Snapshot`: English units and one overlay."""

from __future__ import annotations

from pathlib import Path

from ...models import FILE_KINDS
from ...tags import SOURCE_LOCALE, is_well_formed
from ...validation.locale_tree import check_locale, display_path
from ...yamlsource import read
from ..check import check_overlay
from ..overlay import TranslationFile
from ..units import units_by_kind
from .records import ContentProblems, Entry, InterchangeError, Snapshot, only_errors


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
    if only_errors(english.problems) or len(english.models) != len(FILE_KINDS):
        problems = only_errors(english.problems) or english.problems
        raise ContentProblems(f"fix {display_path(root / SOURCE_LOCALE)} first", problems)
    by_kind = units_by_kind(english.models)
    folder = root / locale
    overlay = check_overlay(folder, locale, by_kind, unit_checks=False)  # structure only
    if only_errors(overlay.problems):
        raise ContentProblems(f"fix {display_path(folder)} first", only_errors(overlay.problems))
    files: dict[str, TranslationFile] = {}
    for kind in FILE_KINDS:
        path = folder / kind.filename
        if path.is_file():
            data = read(path).data  # the reading layer: parsed once, already checked above
            files[kind.name] = TranslationFile.model_validate(data)
    entries = [
        Entry(unit, overlay.units.get(unit.id))
        for kind in FILE_KINDS
        for unit in by_kind.get(kind.name, [])
    ]
    return Snapshot(root, locale, entries, files)
