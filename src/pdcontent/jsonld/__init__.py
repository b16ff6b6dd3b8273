"""schema.org JSON-LD for every item in every locale, derived from the kind registry.

``document(content, item, base_url=...)`` is the one projection; the API serves it as a
GraphQL field, a route and static files. Nothing here imports the API or its web stack.
"""

from __future__ import annotations

from .document import document, documents, kind_named, lookup
from .ids import PLACEHOLDER_BASE, ROUTE, check_base_url, item_url, page_url, thing_id
from .types import CONTEXT, MEDIA_TYPE, PAGE_TYPE, PROJECTIONS, Projection

__all__ = [
    "CONTEXT",
    "MEDIA_TYPE",
    "PAGE_TYPE",
    "PLACEHOLDER_BASE",
    "PROJECTIONS",
    "ROUTE",
    "Projection",
    "check_base_url",
    "document",
    "documents",
    "item_url",
    "kind_named",
    "lookup",
    "page_url",
    "thing_id",
]
