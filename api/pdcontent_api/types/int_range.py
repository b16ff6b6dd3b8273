"""The ``IntRange`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.IntRange.__doc__)
@derive(models.IntRange)
class IntRange:
    """An inclusive range of whole numbers."""

    item: strawberry.Private[models.IntRange]
    ctx: strawberry.Private[Ctx]
