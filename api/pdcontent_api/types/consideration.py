"""The ``Consideration`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Consideration.__doc__)
@derive(models.Consideration)
class Consideration:
    """A factor in choosing the approach."""

    item: strawberry.Private[models.Consideration]
    ctx: strawberry.Private[Ctx]
