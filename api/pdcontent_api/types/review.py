"""The ``Review`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Review.__doc__)
@derive(models.Review)
class Review:
    """What review the content has had."""

    item: strawberry.Private[models.Review]
    ctx: strawberry.Private[Ctx]
