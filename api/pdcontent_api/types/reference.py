"""The ``Reference`` GraphQL type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all

if TYPE_CHECKING:
    from .condition import Condition
    from .related_approach import RelatedApproach


@strawberry.type(description=models.Reference.__doc__)
@derive(models.Reference)
class Reference:
    """A vetted published work."""

    item: strawberry.Private[models.Reference]
    ctx: strawberry.Private[Ctx]

    @resolver("The DOI resolver URL of this work.")
    def url(self) -> str:
        return self.item.url

    @resolver("The conditions that cite this work as evidence.")
    def conditions(self) -> list[Annotated[Condition, strawberry.lazy(".condition")]]:
        citers = self.ctx.content.reference_citers(self.item)
        return wrap_all((c for c in citers if isinstance(c, models.Condition)), self.ctx)

    @resolver("The specialised approaches that cite this work.")
    def related_approaches(
        self,
    ) -> list[Annotated[RelatedApproach, strawberry.lazy(".related_approach")]]:
        citers = self.ctx.content.reference_citers(self.item)
        return wrap_all((c for c in citers if isinstance(c, models.RelatedApproach)), self.ctx)
