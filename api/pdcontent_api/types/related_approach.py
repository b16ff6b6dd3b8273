"""The ``RelatedApproach`` GraphQL type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all

if TYPE_CHECKING:
    from .condition import Condition


@strawberry.type(description=models.RelatedApproach.__doc__)
@derive(models.RelatedApproach)
class RelatedApproach:
    """A specialised psychodynamic treatment."""

    item: strawberry.Private[models.RelatedApproach]
    ctx: strawberry.Private[Ctx]

    @resolver("The conditions this approach is used for.")
    def conditions(self) -> list[Annotated[Condition, strawberry.lazy(".condition")]]:
        return wrap_all(self.ctx.content.related_approach_conditions(self.item), self.ctx)
