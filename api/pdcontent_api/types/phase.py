"""The ``Phase`` GraphQL type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all

if TYPE_CHECKING:
    from .technique import Technique


@strawberry.type(description=models.Phase.__doc__)
@derive(models.Phase)
class Phase:
    """A phase of the course of therapy."""

    item: strawberry.Private[models.Phase]
    ctx: strawberry.Private[Ctx]

    @resolver("The techniques this phase emphasises.")
    def techniques(self) -> list[Annotated[Technique, strawberry.lazy(".technique")]]:
        return wrap_all(self.ctx.content.phase_techniques(self.item), self.ctx)
