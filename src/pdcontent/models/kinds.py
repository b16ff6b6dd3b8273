"""The registry of item kinds and relations, derived from the tree and the relation markers.

A *kind* is a model whose items have ids: each file of :class:`.tree.ContentTree` that
holds such items, and each ``Collection`` of such items nested inside another kind (the
specialised approaches inside the overview, the expectations of the session guide, the
licence kinds of each qualification). A *relation* is a field marked with
:class:`.relations.RelatesTo`. Both are listed in document order, which is the order
reverse lookups return items in.

The projections read this module and nothing else to learn which kinds and relations
exist: the validator (id sets and references), :class:`pdcontent.Content` (``items``,
``related``, ``referrers``), the GraphQL schema (root fields, relation, reverse and
filter fields, ``EntryType``), search and the static export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .base import Model
from .files import FILE_KINDS, FileKind, collection_item
from .relations import RelatesTo, relation_marker

#: a place in a file: mapping keys, and ``"*"`` for every index of a list
PathPattern = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of item: its model, where its items are stored, and how projections name it."""

    name: str
    """kebab-case name of the model (``glossary-term``): error messages and ``EntryType`` values."""
    model: type[Model]
    collection: str
    """The field that holds the items: on ``Content`` for a file, on the parent for nested kinds."""
    file: FileKind
    path: PathPattern
    """Where the items stand in their file (``("items", "*")``; ``()`` for a single entry)."""
    many: bool
    parent: Kind | None

    @property
    def graphql_name(self) -> str:
        """The GraphQL object type's name: the model's name."""
        return self.model.__name__

    @property
    def entry_type(self) -> str:
        """The ``EntryType`` enum member's name (``GLOSSARY_TERM``)."""
        return self.name.upper().replace("-", "_")

    @property
    def collection_label(self) -> str:
        """The collection as error messages name it (``related-approaches``)."""
        return self.collection.replace("_", "-")

    @property
    def top_level(self) -> bool:
        """Whether the kind fills a file of its own (and so has root fields in the API)."""
        return self.parent is None

    @property
    def paged(self) -> bool:
        """Whether the API lists the kind as a page of a root field with lookup by id."""
        return self.many and self.parent is None

    @property
    def searchable(self) -> bool:
        """Whether search indexes the kind and ``EntryType`` names it."""
        return self.model.searchable


@dataclass(frozen=True, slots=True)
class Relation:
    """One relation field: ``source.field`` holds ids of ``target`` items."""

    source: Kind
    field: str
    target: Kind
    marker: RelatesTo

    @property
    def reverse(self) -> str:
        """The name of the way back, on the target."""
        return self.marker.reverse

    @property
    def ordered(self) -> bool:
        """Whether the stored order of the ids is the order related items come in."""
        return self.marker.ordered

    @property
    def path(self) -> PathPattern:
        """Where the ids stand in the source's file."""
        return (*self.source.path, self.field, "*")


def kebab(name: str) -> str:
    """``GlossaryTerm`` -> ``glossary-term``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _has_id(model: object) -> bool:
    return isinstance(model, type) and issubclass(model, Model) and "id" in model.model_fields


def _nested(parent: Kind) -> Iterator[Kind]:
    for field, info in parent.model.model_fields.items():
        item = collection_item(info.annotation)
        if _has_id(item):
            path = (*parent.path, field, "*")
            kind = Kind(kebab(item.__name__), item, field, parent.file, path, True, parent)
            yield kind
            yield from _nested(kind)


def _kinds() -> tuple[Kind, ...]:
    kinds: list[Kind] = []
    for file in FILE_KINDS:
        if file.is_collection:
            model = file.model.model_fields["items"].annotation
            item = collection_item(model)
            path: PathPattern = ("items", "*")
        else:
            item, path = file.model, ()
        if not _has_id(item):
            continue  # metadata: facts about the whole, not an item
        kind = Kind(kebab(item.__name__), item, file.field, file, path, file.is_collection, None)
        kinds += [kind, *_nested(kind)]
    return tuple(kinds)


KINDS: tuple[Kind, ...] = _kinds()
_BY_MODEL: dict[type[Model], Kind] = {kind.model: kind for kind in KINDS}
_BY_NAME: dict[str, Kind] = {kind.model.__name__: kind for kind in KINDS}


def kind_of(model: type[Model] | Model) -> Kind:
    """The kind of a model class or of an item; :class:`LookupError` for other models."""
    cls = model if isinstance(model, type) else type(model)
    try:
        return _BY_MODEL[cls]
    except KeyError:
        raise LookupError(f"{cls.__name__} is not a kind of item") from None


def _relations() -> tuple[Relation, ...]:
    found: list[Relation] = []
    for kind in KINDS:
        for field, info in kind.model.model_fields.items():
            marker = relation_marker(info)
            if marker is None:
                continue
            if marker.target not in _BY_NAME:
                raise TypeError(f"{kind.model.__name__}.{field} relates to unknown {marker.target}")
            target = _BY_NAME[marker.target]
            if marker.reverse in target.model.model_fields:
                raise TypeError(f"reverse {marker.reverse!r} clashes with a field of {target.name}")
            found.append(Relation(kind, field, target, marker))
    return tuple(found)


RELATIONS: tuple[Relation, ...] = _relations()


def relation(model: type[Model] | Model, field: str) -> Relation:
    """The relation stored in ``field`` of a kind; :class:`LookupError` if it is not one."""
    kind = kind_of(model)
    for rel in RELATIONS:
        if rel.source is kind and rel.field == field:
            return rel
    raise LookupError(f"{kind.model.__name__}.{field} is not a relation")


def forward_relations(kind: Kind) -> tuple[Relation, ...]:
    """The relations stored on ``kind``, in field order."""
    return tuple(rel for rel in RELATIONS if rel.source is kind)


def reverse_relations(kind: Kind) -> dict[str, tuple[Relation, ...]]:
    """The ways back to ``kind``: reverse name -> the relations that lead there."""
    out: dict[str, list[Relation]] = {}
    for rel in RELATIONS:
        if rel.target is kind:
            out.setdefault(rel.reverse, []).append(rel)
    return {name: tuple(rels) for name, rels in out.items()}
