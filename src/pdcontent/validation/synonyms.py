"""The ``duplicate-synonym`` rule: an "also called" name must point at one item only.

A reader who searches for a name should land on the one item it names, so within one
language a synonym may not repeat any item's title (its own included) or another
synonym. Names compare case-insensitively, with runs of white space as one space. The
English source is checked here; each translation is checked on its merged texts (its
own where translated, English where not) by :mod:`pdcontent.translations.check`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import FILE_KINDS, Model, translatable_field
from ..yamlsource import Path_, Position
from .problemsink import FileProblems

RULE = "duplicate-synonym"
HINT = "remove the name, or keep it on the one item it names"


def name_key(text: str) -> str:
    """How names compare: case-folded, white space collapsed."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Named:
    """One item as search sees it: who it is, its title, and its other names."""

    label: str
    title: str | None
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Clash:
    """A name (``items[item].names[index]``) that repeats a title or an earlier name."""

    item: int
    index: int
    message: str


def synonym_clashes(items: Sequence[Named]) -> Iterator[Clash]:
    """Every name that equals a title, or a name listed earlier (on any item)."""
    titles: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.title is not None:
            titles.setdefault(name_key(item.title), i)
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        for j, name in enumerate(item.names):
            key = name_key(name)
            if key in titles:
                owner = titles[key]
                whose = "its own title" if owner == i else f"the title of {items[owner].label}"
                yield Clash(i, j, f"{item.label}: also-called name {name!r} repeats {whose}")
            elif key in seen:
                other = seen[key]
                whose = (
                    "earlier in its own list" if other == i else f"a name of {items[other].label}"
                )
                yield Clash(i, j, f"{item.label}: also-called name {name!r} repeats {whose}")
            else:
                seen[key] = i


def _translatable_title(model: Model) -> str | None:
    info = type(model).model_fields.get("title")
    if info is None or translatable_field("title", info) is None:
        return None  # a reference's title is the published one, not a name we give
    title = getattr(model, "title", None)
    return title if isinstance(title, str) else None


def _walk(model: Model, label: str, path: Path_, out: list[tuple[Named, Path_]]) -> None:
    names = getattr(model, "also_called", ())
    title = _translatable_title(model)
    if title is not None or names:
        out.append((Named(label, title, tuple(names)), path))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Model):
            _walk(value, label, (*path, name), out)
        elif isinstance(value, tuple):
            for i, child in enumerate(value):
                if isinstance(child, Model):
                    key = getattr(child, "id", None)
                    sub = f"{label}/{key}" if isinstance(key, str) else label
                    _walk(child, sub, (*path, name, i), out)


def english_items(kind_name: str, model: Model) -> list[tuple[Named, Path_]]:
    """The titled or named items of one English file model, with their paths in the file."""
    out: list[tuple[Named, Path_]] = []
    items = getattr(model, "items", None)
    if isinstance(items, tuple):
        for i, item in enumerate(items):
            _walk(item, f"{kind_name}/{item.id}", ("items", i), out)
    else:
        key = getattr(model, "id", None)
        _walk(model, f"{kind_name}/{key}" if isinstance(key, str) else kind_name, (), out)
    return out


def check_synonyms(files: dict[str, tuple[Any, FileProblems]], models: dict[str, Model]) -> None:
    """Report every English also-called name that repeats a title or another name."""
    found: list[tuple[str, Named, Path_]] = []
    for kind in FILE_KINDS:
        model = models.get(kind.name)
        if model is not None:
            found += [(kind.name, named, path) for named, path in english_items(kind.name, model)]
    for clash in synonym_clashes([named for _, named, _ in found]):
        kind_name, _, path = found[clash.item]
        sink = files[kind_name][1]
        where = (*path, "also_called", clash.index)
        position = sink.source.key_position(where) if sink.source else None
        sink.at(position or Position(1, 1), RULE, clash.message, HINT, where)
