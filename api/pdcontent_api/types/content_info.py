"""The ``ContentInfo`` GraphQL type: versions, licence, review and disclaimer."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver


@strawberry.type(description="Facts about the content: versions, licence, review, disclaimer.")
@derive(models.Metadata)
class ContentInfo:
    """The content's metadata plus the package version serving it."""

    item: strawberry.Private[models.Metadata]
    ctx: strawberry.Private[Ctx]

    @resolver("The pdcontent package version serving this content.")
    def package_version(self) -> str:
        return self.ctx.content.package_version
