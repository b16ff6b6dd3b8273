"""Checks across files: duplicate ids and references to ids that do not exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..yamlsource import Path_
from .problemsink import FileProblems

# (file kind, path pattern with "*" for any list index, target id set)
ID_SETS: tuple[tuple[str, Path_, str], ...] = (
    ("principles", ("items", "*"), "principles"),
    ("techniques", ("items", "*"), "techniques"),
    ("conditions", ("items", "*"), "conditions"),
    ("phases", ("items", "*"), "phases"),
    ("qualifications", ("items", "*"), "qualifications"),
    ("considerations", ("items", "*"), "considerations"),
    ("glossary", ("items", "*"), "glossary"),
    ("references", ("items", "*"), "references"),
    ("crisis-resources", ("items", "*"), "crisis-resources"),
    ("approach", ("related_approaches", "*"), "related-approaches"),
    ("session-guide", ("expectations", "*"), "expectations"),
    ("qualifications", ("items", "*", "licence_kinds", "*"), "licence-kinds"),
)

REFERENCES: tuple[tuple[str, Path_, str], ...] = (
    ("techniques", ("items", "*", "principles", "*"), "principles"),
    ("techniques", ("items", "*", "phases", "*"), "phases"),
    ("conditions", ("items", "*", "techniques", "*"), "techniques"),
    ("conditions", ("items", "*", "related_approaches", "*"), "related-approaches"),
    ("conditions", ("items", "*", "evidence", "*"), "references"),
    ("approach", ("related_approaches", "*", "evidence", "*"), "references"),
    ("glossary", ("items", "*", "see_also", "*"), "glossary"),
)

#: every ``terms`` list, wherever it stands, names glossary terms
TERMS_KEY = "terms"


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


def _terms_lists(data: Any, prefix: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == TERMS_KEY and isinstance(value, list):
                for i, item in enumerate(value):
                    yield (*prefix, key, i), item
            else:
                yield from _terms_lists(value, (*prefix, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _terms_lists(item, (*prefix, i))


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
    for data, sink in files.values():
        for path, value in _terms_lists(data):
            dangling(sink, path, value, "glossary")
