"""The ``Qualification`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Qualification.__doc__)
@derive(models.Qualification)
class Qualification:
    """What to look for in a practitioner."""

    item: strawberry.Private[models.Qualification]
    ctx: strawberry.Private[Ctx]
