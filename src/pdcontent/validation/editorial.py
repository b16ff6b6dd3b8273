"""Checks of editorial facts: an item's ``updated`` date lies between the content's start and today.

An ``updated`` date in the future, or before the content was first written, cannot be
what happened; the kind registry says which kinds carry the date and where they stand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..models import KINDS, Editorial, Metadata, Model
from .problemsink import FileProblems
from .references import walk


def check_dates(
    files: dict[str, tuple[Any, FileProblems]], models: dict[str, Model], today: date | None = None
) -> None:
    """Report ``updated`` dates after ``today`` or before the metadata's ``created`` date."""
    metadata = models.get("metadata")
    if not isinstance(metadata, Metadata):
        return
    today = today or date.today()
    for kind in KINDS:
        if not issubclass(kind.model, Editorial) or kind.file.name not in files:
            continue
        data, sink = files[kind.file.name]
        for path, item in walk(data, kind.path):
            value = item.get("updated") if isinstance(item, dict) else None
            try:
                updated = date.fromisoformat(str(value))
            except ValueError:
                continue  # not a date at all: the model already said so
            where = (*path, "updated")
            if updated > today:
                sink.add(
                    where,
                    "date-in-future",
                    f"updated {updated.isoformat()} is after today ({today.isoformat()})",
                    "use the date the text really changed",
                )
            elif updated < metadata.created:
                sink.add(
                    where,
                    "date-before-content",
                    f"updated {updated.isoformat()} is before the content existed "
                    f"({metadata.created.isoformat()}, metadata.yaml created)",
                    "use the date the text really changed",
                )
