"""The ``SessionGuide`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.SessionGuide.__doc__)
@derive(models.SessionGuide)
class SessionGuide:
    """What sessions are like."""

    item: strawberry.Private[models.SessionGuide]
    ctx: strawberry.Private[Ctx]
