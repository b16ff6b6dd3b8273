"""The ``SearchResult`` GraphQL type."""

from __future__ import annotations

import strawberry

from ..content_ref import EntryType


@strawberry.type(description="One full-text search match.")
class SearchResult:
    """Which entry matched, with a highlighted snippet; better matches score higher."""

    type: EntryType = strawberry.field(description="The kind of entry that matched.")
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    title: str = strawberry.field(description="The entry's title.")
    snippet: str = strawberry.field(
        description="HTML-escaped text around the match, matches wrapped in `<mark>`."
    )
    score: float = strawberry.field(description="Relevance; higher is better.")
