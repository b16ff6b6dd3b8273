"""Translation units: every translatable text of the English source, with a stable id.

A unit is addressed by (file kind, entity key, field, index). The entity key is the
item's id, or ``parent/child`` for items nested in another item (the specialised
approaches in the overview, the expectations in the session guide, licence kinds);
``field`` is dotted for texts inside nested objects without ids (``review.process``);
``index`` numbers the texts of a list field. A names field (``also_called``) is one unit,
its names joined one a line (:func:`join_names`), so a translation can list as many
names as its language has; an empty names list has no unit.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..models import FILE_KINDS, FileKind, Model, TextField, translatable_field

#: hex digits of SHA-256 kept in a unit: enough to notice any edit, short enough to read
HASH_LENGTH = 16


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """The unit text of a names list: one name a line."""
    return "\n".join(names)


def split_names(text: str) -> tuple[str, ...]:
    """The names of a names unit's text: one a line, trimmed, blank lines dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def source_hash(text: str) -> str:
    """The hash a translation records for the English text it was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True, slots=True)
class SourceUnit:
    """One translatable English text."""

    kind: str
    key: str
    field: str
    index: int | None
    text: str
    markdown: bool
    #: where the text sits in the file's data, e.g. ("items", 0, "title")
    path: tuple[str | int, ...] = ()
    #: the model instance the text belongs to (not part of the unit's identity)
    owner: object = dataclasses.field(default=None, compare=False, repr=False)
    #: a names unit: the text is a list of names, one a line (see :func:`split_names`)
    names: bool = False

    @property
    def id(self) -> str:
        """A stable path id, e.g. ``techniques/free-association/title`` or ``.../questions/2``."""
        base = f"{self.kind}/{self.key}/{self.field}"
        return base if self.index is None else f"{base}/{self.index}"

    @property
    def hash(self) -> str:
        """The source hash of this unit's text."""
        return source_hash(self.text)


def _entity_key(model: Model) -> str | None:
    value = getattr(model, "id", None)
    return value if isinstance(value, str) else None


@cache
def _fields(model: type[Model]) -> tuple[tuple[str, TextField | None], ...]:
    """Each field of a model with its translatable description, worked out once per class."""
    return tuple(
        (name, translatable_field(name, info)) for name, info in model.model_fields.items()
    )


def _walk(
    kind: str, model: Model, key: str, prefix: str, path: tuple[str | int, ...]
) -> Iterator[SourceUnit]:
    for name, described in _fields(type(model)):
        value = getattr(model, name)
        field_name = f"{prefix}{name}"
        here = (*path, name)
        if described is not None:
            if described.names:
                if value:
                    yield SourceUnit(
                        kind, key, field_name, None, join_names(value), False, here, model,
                        names=True,
                    )  # fmt: skip
            elif described.is_list:
                for i, text in enumerate(value):
                    yield SourceUnit(
                        kind, key, field_name, i, text, described.markdown, (*here, i), model
                    )
            elif value is not None:
                yield SourceUnit(
                    kind, key, field_name, None, value, described.markdown, here, model
                )
        elif isinstance(value, Model):
            yield from _walk(kind, value, key, f"{field_name}.", here)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if not isinstance(item, Model):
                    continue
                child = _entity_key(item)
                if child is not None:
                    yield from _walk(kind, item, f"{key}/{child}", "", (*here, i))
                else:
                    yield from _walk(kind, item, key, f"{field_name}.{i}.", (*here, i))


def file_units(kind: FileKind, model: Model) -> Iterator[SourceUnit]:
    """Every translatable unit of one English file model, in document order."""
    items = getattr(model, "items", None) if kind.is_collection else None
    if items is not None:
        for i, item in enumerate(items):
            yield from _walk(kind.name, item, str(item.id), "", ("items", i))
    else:
        yield from _walk(kind.name, model, _entity_key(model) or kind.name, "", ())


def source_units(models: dict[str, Model]) -> Iterator[SourceUnit]:
    """Every unit of a loaded English locale (``models`` maps file kind name to model)."""
    for kind in FILE_KINDS:
        if kind.name in models:
            yield from file_units(kind, models[kind.name])


def units_by_kind(models: dict[str, Model]) -> dict[str, list[SourceUnit]]:
    """The units of a loaded English locale, grouped by file kind name."""
    out: dict[str, list[SourceUnit]] = {}
    for unit in source_units(models):
        out.setdefault(unit.kind, []).append(unit)
    return out
