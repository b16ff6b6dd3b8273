"""The ``CrisisResource`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.CrisisResource.__doc__)
@derive(models.CrisisResource)
class CrisisResource:
    """Where to get urgent help in a region."""

    item: strawberry.Private[models.CrisisResource]
    ctx: strawberry.Private[Ctx]
