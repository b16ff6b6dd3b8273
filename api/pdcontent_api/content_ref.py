"""``EntryType`` and ``ContentRef``: the kinds of entries, and a pointer to one of any kind.

``EntryType`` has one member per searchable kind of the registry, so a new kind is in
search results and mixed lists (``GlossaryTerm.usedBy``) without an edit here.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry

from pdcontent.models import KINDS, kind_of


def _entry_type() -> type[Enum]:
    members = {kind.entry_type: kind.name for kind in KINDS if kind.searchable}
    enum = Enum("EntryType", members, module=__name__)  # type: ignore[misc]
    enum.__doc__ = "What kind of entry an id belongs to."
    return strawberry.enum(enum, description="The kinds of content entries.")


if TYPE_CHECKING:

    class EntryType(Enum):
        """The kinds of content entries (members come from the registry at run time)."""

else:
    EntryType = _entry_type()


def entry_type(item: Any) -> EntryType:
    """The ``EntryType`` member of a content item (:class:`LookupError` if it has none)."""
    return EntryType[kind_of(item).entry_type]


@strawberry.type(description="A pointer to a content entry of any kind.")
class ContentRef:
    """The kind, id and title of an entry."""

    type: EntryType = strawberry.field(description="The kind of entry.")
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    title: str = strawberry.field(description="The entry's title.")


def content_ref(item: Any) -> ContentRef:
    """The pointer to a content item."""
    return ContentRef(type=entry_type(item), id=item.id, title=item.title)
