"""File kinds: which file in ``content/<locale>/`` holds which model, derived from the tree.

A collection file is a mapping with one key, ``items``; a single-entry file holds the
entry's fields at the top level. The list comes from :class:`.tree.ContentTree`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, get_args, get_origin

from pydantic import Field, create_model

from .base import Collection, Model
from .tree import ContentTree, StoredIn

T = TypeVar("T")


class ItemsFile(Model, Generic[T]):
    """A file that holds an ordered list of items."""

    items: Collection[T] = Field(min_length=1)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of content file: its name, the model it holds and the Content field it fills."""

    name: str
    model: type[Model]
    field: str
    is_collection: bool

    @property
    def filename(self) -> str:
        """The file's name inside a locale folder."""
        return f"{self.name}.yaml"

    @property
    def schema_filename(self) -> str:
        """The generated JSON Schema's file name inside ``schema/``."""
        return f"{self.name}.schema.json"


def collection_item(annotation: Any) -> Any:
    """The item type of a ``Collection[X]`` annotation, or ``None`` for anything else."""
    origin = get_origin(annotation)
    if isinstance(origin, type) and issubclass(origin, Collection):
        return get_args(annotation)[0]
    return None


def _file_kinds() -> tuple[FileKind, ...]:
    kinds: list[FileKind] = []
    for field, info in ContentTree.model_fields.items():
        (stored,) = (m for m in info.metadata if isinstance(m, StoredIn))
        item = collection_item(info.annotation)
        if item is None:
            assert isinstance(info.annotation, type)
            assert issubclass(info.annotation, Model)
            kinds.append(FileKind(stored.file, info.annotation, field, is_collection=False))
            continue
        # ``principles.yaml`` holds a PrinciplesFile: the name the JSON Schema shows
        name = "".join(part.capitalize() for part in stored.file.split("-")) + "File"
        # parametrized at run time, by the tree's annotation
        base: Any = ItemsFile[item]  # type: ignore[valid-type]
        model = cast("type[Model]", create_model(name, __base__=base, __module__=__name__))
        model.__doc__ = f"``{stored.file}.yaml``."
        kinds.append(FileKind(stored.file, model, field, is_collection=True))
    return tuple(kinds)


FILE_KINDS: tuple[FileKind, ...] = _file_kinds()
