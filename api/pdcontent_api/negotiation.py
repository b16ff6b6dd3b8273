"""Content negotiation: the response media type from ``Accept``, the locale from
``Accept-Language`` (remembered per header value, since clients send few distinct ones).
"""

from __future__ import annotations

from pdcontent.tags import SOURCE_LOCALE

from .locales import ContentSource
from .lru import Lru
from .memory_budget import text_bytes

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
#: the request headers a GraphQL response depends on (CORS adds ``Origin``)
VARY = "Accept, Accept-Language"


def response_media(accept: str | None) -> str:
    """The GraphQL-over-HTTP media type for a client that accepts it, JSON for the rest."""
    return GRAPHQL_RESPONSE if accept and GRAPHQL_RESPONSE in accept else JSON


class LocaleNegotiator:
    """The locale an ``Accept-Language`` header resolves to; English without one."""

    def __init__(
        self, source: ContentSource, max_entries: int = 1024, max_bytes: int = 1 << 20
    ) -> None:
        self.source = source
        # header values are client input: remembered, but bounded in count and bytes
        self._resolved: Lru[str, str] = Lru(
            max_entries, weigh=text_bytes, weigh_key=text_bytes, max_weight=max_bytes
        )

    def __call__(self, accept_language: str | None) -> str:
        """Resolve a header value (``None`` or empty: the source locale)."""
        if not accept_language:
            return SOURCE_LOCALE
        locale = self._resolved.get(accept_language)
        if locale is None:
            locale = self.source.context(None, accept_language).locale
            self._resolved.put(accept_language, locale)
        return locale
