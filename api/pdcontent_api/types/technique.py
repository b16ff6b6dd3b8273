"""The ``Technique`` GraphQL type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all

if TYPE_CHECKING:
    from .condition import Condition


@strawberry.type(description=models.Technique.__doc__)
@derive(models.Technique)
class Technique:
    """A method the therapist uses; ``principles`` and ``phases`` come from the model."""

    item: strawberry.Private[models.Technique]
    ctx: strawberry.Private[Ctx]

    @resolver("The conditions for which this technique is listed.")
    def conditions(self) -> list[Annotated[Condition, strawberry.lazy(".condition")]]:
        return wrap_all(self.ctx.content.technique_conditions(self.item), self.ctx)
