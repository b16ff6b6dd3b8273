"""The ``LocaleInfo`` GraphQL type: a locale the API can serve."""

from __future__ import annotations

import strawberry


@strawberry.type(description="A locale the content is available in.")
class LocaleInfo:
    """Code, names, writing direction and translation progress of a locale."""

    code: str = strawberry.field(description="The BCP 47 tag, e.g. `en` or `de`.")
    english_name: str = strawberry.field(description="The language's name in English.")
    native_name: str = strawberry.field(description="The language's name in itself.")
    direction: str = strawberry.field(description="Text direction: `ltr` or `rtl`.")
    completeness: float = strawberry.field(
        description="Share of English texts with a usable translation, 0 to 1."
    )
    stale: int = strawberry.field(
        description="Translations made from an English text that has changed since."
    )
    source: bool = strawberry.field(description="True for English, the source language.")
    pseudo: bool = strawberry.field(
        description="True for generated pseudo-locales (for UI testing; not a language)."
    )
