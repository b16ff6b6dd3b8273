"""Checks across files: duplicate ids and references to ids that do not exist.

Which id sets and relations there are comes from the kind registry.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..models import KINDS, RELATIONS
from ..yamlsource import Path_
from .problemsink import FileProblems

#: every id set: (file, where its items stand, the collection as messages name it)
ID_SETS: tuple[tuple[str, Path_, str], ...] = tuple(
    (kind.file.name, kind.path, kind.collection_label) for kind in KINDS
)
#: every relation: (file, where its ids stand, the collection the ids must name)
REFERENCES: tuple[tuple[str, Path_, str], ...] = tuple(
    (rel.source.file.name, rel.path, rel.target.collection_label) for rel in RELATIONS
)


def walk(data: Any, pattern: Path_, prefix: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Yield (path, value) for every place in ``data`` that matches ``pattern``."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from walk(item, rest, (*prefix, i))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, (*prefix, head))


def check_references(files: dict[str, tuple[Any, FileProblems]]) -> None:
    """Report duplicate ids and dangling references across the parsed files of a locale.

    ``files`` maps file kind to (parsed data, that file's problem sink).
    """
    ids: dict[str, set[str]] = {}
    for kind, pattern, target in ID_SETS:
        if kind not in files:
            continue
        data, sink = files[kind]
        seen = ids.setdefault(target, set())
        for path, item in walk(data, pattern):
            value = item.get("id") if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                sink.add(
                    (*path, "id"),
                    "duplicate-id",
                    f"id {value!r} is used twice in {target}",
                    "ids must be unique; rename one",
                )
            seen.add(value)

    def dangling(sink: FileProblems, path: Path_, value: Any, target: str) -> None:
        if not isinstance(value, str) or target not in ids or value in ids[target]:
            return
        close = difflib.get_close_matches(value, sorted(ids[target]), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"no {target} id like it exists"
        sink.add(path, "dangling-reference", f"{value!r} is not a known id in {target}", hint)

    for kind, pattern, target in REFERENCES:
        if kind in files:
            data, sink = files[kind]
            for path, value in walk(data, pattern):
                dangling(sink, path, value, target)
