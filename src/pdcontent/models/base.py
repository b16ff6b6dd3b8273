"""The project base model and the ordered, id-indexed collection type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema


class Model(BaseModel):
    """Base of every content model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    #: whether search and mixed-kind lists (``EntryType``) include items of this model
    searchable: ClassVar[bool] = False


class HasId(Protocol):
    """Anything with a string ``id``."""

    @property
    def id(self) -> str:
        """The stable id."""
        ...


E = TypeVar("E", bound=HasId)


class Collection(tuple[E, ...]):
    """An ordered tuple of content items with pycountry-style lookup by id.

    ``get`` never raises; ``lookup`` raises :class:`LookupError`. The index is built
    on first use, because most collections are only iterated.
    """

    _index: dict[str, E]

    def _ids(self) -> dict[str, E]:
        try:
            return self._index
        except AttributeError:
            index = {item.id: item for item in self}
            object.__setattr__(self, "_index", index)
            return index

    def get(self, id: str, default: E | None = None) -> E | None:
        """Return the item with ``id``, or ``default`` when there is none."""
        return self._ids().get(id, default)

    def lookup(self, id: str) -> E:
        """Return the item with ``id``; raise :class:`LookupError` when there is none."""
        try:
            return self._ids()[id]
        except KeyError:
            raise LookupError(f"no item with id {id!r}") from None

    def ids(self) -> tuple[str, ...]:
        """The ids in order."""
        return tuple(item.id for item in self)

    def select(self, ids: Iterable[str]) -> Collection[E]:
        """The items for ``ids``, in the order given, skipping unknown ids."""
        index = self._ids()
        return Collection(index[i] for i in ids if i in index)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate as a tuple of items, then wrap it in a :class:`Collection`."""
        args = get_args(source)
        item_schema = handler.generate_schema(args[0]) if args else core_schema.any_schema()
        items = core_schema.tuple_schema([item_schema], variadic_item_index=0)
        # Pydantic turns ``Field(min_length=…)`` on a wrapped schema into JSON Schema
        # ``minItems`` only when it finds a list inside (a tuple gets ``minLength``, which
        # JSON Schema ignores on arrays), so JSON input is a list; Python input stays a
        # tuple (same errors as before) and both serialize as the tuple they hold.
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.json_or_python_schema(
                json_schema=core_schema.list_schema(item_schema),
                python_schema=items,
                serialization=items,
            ),
        )
