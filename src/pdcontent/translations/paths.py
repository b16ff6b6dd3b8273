"""The translatable field paths of each file kind, read from the models' types alone."""

from __future__ import annotations

import re
from types import UnionType
from typing import Any, Union, get_args, get_origin

from ..models import FileKind, Model, translatable_field
from ..models.base import Collection


def _model_types(annotation: Any) -> list[type[Model]]:
    """The model classes an annotation can hold, looking through tuples, unions, Optional."""
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return [annotation]
    if origin in (tuple, Union, UnionType) or (
        isinstance(origin, type) and issubclass(origin, Collection)
    ):
        return [m for arg in get_args(annotation) if arg is not Ellipsis for m in _model_types(arg)]
    return []


def _has_id(model: type[Model]) -> bool:
    return "id" in model.model_fields


def _fields(model: type[Model], prefix: str, out: set[str], names: set[str]) -> None:
    for name, info in model.model_fields.items():
        described = translatable_field(name, info)
        if described is not None:
            out.add(f"{prefix}{name}")
            if described.names:
                names.add(f"{prefix}{name}")
            continue
        listed = get_origin(info.annotation) is tuple or (
            isinstance(get_origin(info.annotation), type)
            and issubclass(get_origin(info.annotation), Collection)  # type: ignore[arg-type]
        )
        for inner in _model_types(info.annotation):
            if _has_id(inner) and listed:
                _fields(inner, "", out, names)  # nested entities get their own key
            elif listed:
                _fields(inner, f"{prefix}{name}.*.", out, names)
            else:
                _fields(inner, f"{prefix}{name}.", out, names)


def entity_model(kind: FileKind) -> type[Model]:
    """The model of one entity in a file kind (the item type of a collection file)."""
    if kind.is_collection:
        (item,) = _model_types(kind.model.model_fields["items"].annotation)
        return item
    return kind.model


def translatable_paths(kind: FileKind) -> list[str]:
    """Sorted field paths that may appear in a kind's overlay; ``*`` stands for a list index."""
    out: set[str] = set()
    _fields(entity_model(kind), "", out, set())
    return sorted(out)


def names_paths(kind: FileKind) -> set[str]:
    """The field paths of a kind that are names lists: each ONE unit, never a list of units."""
    names: set[str] = set()
    _fields(entity_model(kind), "", set(), names)
    return names


def path_pattern(path: str) -> str:
    """A regular expression matching a field path with ``*`` as any list index."""
    return "^" + re.escape(path).replace(r"\*", r"[0-9]+") + "$"
