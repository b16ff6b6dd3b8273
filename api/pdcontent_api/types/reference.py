"""The ``Reference`` GraphQL type: the derived fields plus the DOI's resolver URL."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver


@strawberry.type(description=models.Reference.__doc__)
@derive(models.Reference)
class Reference:
    """A vetted published work."""

    item: strawberry.Private[models.Reference]
    ctx: strawberry.Private[Ctx]

    @resolver("The DOI resolver URL of this work.")
    def url(self) -> str:
        return self.item.url
