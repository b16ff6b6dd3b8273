"""The ``GlossaryTerm`` GraphQL type."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver, wrap_all
from ..entry_types import entry_type
from .content_ref import ContentRef


@strawberry.type(description=models.GlossaryTerm.__doc__)
@derive(models.GlossaryTerm)
class GlossaryTerm:
    """A term the texts use."""

    item: strawberry.Private[models.GlossaryTerm]
    ctx: strawberry.Private[Ctx]

    @resolver("The glossary terms that point to this one.")
    def see_also_of(self) -> list[GlossaryTerm]:
        return wrap_all(self.ctx.content.see_also_of(self.item), self.ctx)

    @resolver("The entries whose text uses this term.")
    def used_by(self) -> list[ContentRef]:
        return [
            ContentRef(type=entry_type(entry), id=entry.id, title=entry.title)
            for entry in self.ctx.content.term_used_by(self.item)
        ]
