"""The ``ContentInfo`` GraphQL type: versions, licence, review and disclaimer."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap
from .locale_info import LocaleInfo


def _translation(self: Any, info: Info[Any, Any]) -> Any:
    locale = self.ctx.content.locale
    entry = next(e for e in info.context["source"].catalog if e.code == locale)
    return wrap(entry, self.ctx)


_translation.__annotations__ = {"info": Info[Any, Any], "return": LocaleInfo}


@strawberry.type(description="Facts about the content: versions, licence, review, disclaimer.")
@derive(models.Metadata)
class ContentInfo:
    """The content's metadata plus the package version serving it."""

    item: strawberry.Private[models.Metadata]
    ctx: strawberry.Private[Ctx]

    @resolver("The pdcontent package version serving this content.")
    def package_version(self) -> str:
        return self.ctx.content.package_version

    translation = strawberry.field(
        resolver=_translation,
        description="The served locale: how its texts were made (source, human or "
        "machine-assisted translation) and whether a clinician has reviewed them.",
    )
