"""The ``CourseLength`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.CourseLength.__doc__)
@derive(models.CourseLength)
class CourseLength:
    """How long therapy lasts."""

    item: strawberry.Private[models.CourseLength]
    ctx: strawberry.Private[Ctx]
