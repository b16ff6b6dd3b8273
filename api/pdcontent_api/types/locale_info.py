"""The ``LocaleInfo`` GraphQL type, derived from :class:`pdcontent.catalog.LocaleInfo`."""

from __future__ import annotations

from pdcontent import catalog

from ..derive import generate

LocaleInfo = generate(catalog.LocaleInfo, "A locale the content is available in.")
