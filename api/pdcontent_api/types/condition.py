"""The ``Condition`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Condition.__doc__)
@derive(models.Condition)
class Condition:
    """A concern the approach is used for; techniques, approaches and evidence are relations."""

    item: strawberry.Private[models.Condition]
    ctx: strawberry.Private[Ctx]
