"""The ``Contact`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Contact.__doc__)
@derive(models.Contact)
class Contact:
    """One way to reach a crisis service."""

    item: strawberry.Private[models.Contact]
    ctx: strawberry.Private[Ctx]
