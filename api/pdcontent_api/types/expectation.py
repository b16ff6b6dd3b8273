"""The ``Expectation`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Expectation.__doc__)
@derive(models.Expectation)
class Expectation:
    """One thing a client can expect in sessions."""

    item: strawberry.Private[models.Expectation]
    ctx: strawberry.Private[Ctx]
