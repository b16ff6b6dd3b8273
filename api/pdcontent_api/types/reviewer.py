"""The ``Reviewer`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.Reviewer.__doc__)
@derive(models.Reviewer)
class Reviewer:
    """A person who reviewed the content."""

    item: strawberry.Private[models.Reviewer]
    ctx: strawberry.Private[Ctx]
