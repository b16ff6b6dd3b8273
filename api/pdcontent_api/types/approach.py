"""The ``Approach`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Approach.__doc__)
@derive(models.Approach)
class Approach:
    """The overview of psychodynamic therapy."""

    item: strawberry.Private[models.Approach]
    ctx: strawberry.Private[Ctx]
