"""The ``Principle`` GraphQL type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all

if TYPE_CHECKING:
    from .technique import Technique


@strawberry.type(description=models.Principle.__doc__)
@derive(models.Principle)
class Principle:
    """A core idea of the approach."""

    item: strawberry.Private[models.Principle]
    ctx: strawberry.Private[Ctx]

    @resolver("The techniques that serve this principle.")
    def techniques(self) -> list[Annotated[Technique, strawberry.lazy(".technique")]]:
        return wrap_all(self.ctx.content.principle_techniques(self.item), self.ctx)
