"""``Page``: the one pagination shape of every list (limit/offset with a total)."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.type(description="A slice of a list: the items, the total, and where it starts.")
class Page(Generic[T]):
    """Items ``offset`` to ``offset + limit`` of ``total``."""

    items: list[T] = strawberry.field(description="The items on this page, in content order.")
    total: int = strawberry.field(description="How many items the whole list has.")
    offset: int = strawberry.field(description="The index of the first item on this page.")
    limit: int = strawberry.field(description="The most items a page may hold.")
    has_more: bool = strawberry.field(description="Whether items follow this page.")
