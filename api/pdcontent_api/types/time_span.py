"""The ``TimeSpan`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.TimeSpan.__doc__)
@derive(models.TimeSpan)
class TimeSpan:
    """A duration between two units."""

    item: strawberry.Private[models.TimeSpan]
    ctx: strawberry.Private[Ctx]
