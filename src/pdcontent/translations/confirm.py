"""``pdcontent translations confirm``: a reviewer confirms translations are still right.

When the English text of a unit changes, its translation turns stale. A reviewer who
checks the translation against the new English and finds it still correct confirms it:
the unit's source hash becomes the current one and its status ``reviewed``.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from pydantic import ValidationError

from ..models import FILE_KINDS
from ..writing import write_all
from ..yamlsource import read
from .overlay import TranslationFile, UnitStatus, translation_schema_filename
from .scaffold import modeline
from .units import SourceUnit
from .yamlwriter import dump


def confirm_units(
    folder: Path, locale: str, source: list[SourceUnit], patterns: list[str]
) -> list[str]:
    """Refresh the hash and mark reviewed every translated unit matching a glob in ``patterns``.

    Returns the ids confirmed. Files are rewritten only when one of their units changes.
    Raises :class:`ValueError` for a file that is not a valid overlay and
    :class:`~pdcontent.writing.WriteError` when a file cannot be written; nothing is
    written then (every changed file is committed together).
    """
    by_id = {u.id: u for u in source}
    confirmed: list[str] = []
    changes: dict[Path, str] = {}
    for kind in FILE_KINDS:
        path = folder / kind.filename
        if not path.is_file():
            continue
        document = read(path)
        # the rule id of the first reading problem (duplicate key, YAML syntax, encoding ...)
        reason = document.issues[0].rule if document.issues else ""
        overlay = None
        if not reason:
            try:
                overlay = TranslationFile.model_validate(document.data)
            except ValidationError:
                reason = "ValidationError"
        if overlay is None:
            raise ValueError(
                f"{path}: not a valid translation file ({reason}); "
                "run pdcontent validate for details"
            )
        data = overlay.model_dump(mode="json", exclude_none=True)
        changed = False
        for key, fields in data["units"].items():
            for name, value in fields.items():
                units = value if isinstance(value, list) else [value]
                for index, unit in enumerate(units):
                    unit_id = f"{kind.name}/{key}/{name}" + (
                        f"/{index}" if isinstance(value, list) else ""
                    )
                    src = by_id.get(unit_id)
                    if src is None or not any(fnmatch.fnmatchcase(unit_id, p) for p in patterns):
                        continue
                    if unit["status"] == UnitStatus.DRAFT.value:
                        continue  # a draft is not a translation to confirm
                    unit["source_hash"] = src.hash
                    unit["status"] = UnitStatus.REVIEWED.value
                    confirmed.append(unit_id)
                    changed = True
        if changed:
            changes[path] = dump(data, modeline(translation_schema_filename(kind)))
    write_all(changes)
    return confirmed
