"""The ``LocaleInfo`` GraphQL type: a locale the API can serve."""

from __future__ import annotations

import strawberry


@strawberry.type(description="A locale the content is available in.")
class LocaleInfo:
    """Code, names and writing direction of a locale."""

    code: str = strawberry.field(description="The BCP 47 tag, e.g. `en` or `de`.")
    english_name: str = strawberry.field(description="The language's name in English.")
    native_name: str = strawberry.field(description="The language's name in itself.")
    direction: str = strawberry.field(description="Text direction: `ltr` or `rtl`.")
