"""The ``Contact`` GraphQL type: the derived fields plus the ``tel:`` URI to dial."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver


@strawberry.type(description=models.Contact.__doc__)
@derive(models.Contact)
class Contact:
    """One way to reach a crisis service."""

    item: strawberry.Private[models.Contact]
    ctx: strawberry.Private[Ctx]

    @resolver("The `tel:` URI to dial: E.164 where the number has it, else the local digits.")
    def tel(self) -> str:
        return self.item.tel
