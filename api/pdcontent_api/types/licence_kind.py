"""The ``LicenceKind`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive


@strawberry.type(description=models.LicenceKind.__doc__)
@derive(models.LicenceKind)
class LicenceKind:
    """A kind of licensed professional."""

    item: strawberry.Private[models.LicenceKind]
    ctx: strawberry.Private[Ctx]
