"""The baseline a user would write in an afternoon: a plain Strawberry schema over
``pdcontent.load()`` with the fields the benchmark queries ask for.

Hand-written types (no derived fields, no limits, no error masking, no response cache),
Strawberry's own ASGI view and async execution, default settings. ``app`` runs with no
caches at all, as Strawberry's defaults; ``cached_app`` adds Strawberry's ``ParserCache``
and ``ValidationCache``, the two extensions a user would turn on for repeated documents.
Markdown is rendered with the same function our server uses (markdown-it and nh3,
memoized), so both servers give the same bytes of ``body(format: HTML)`` and the
comparison is of the GraphQL machinery, not of the renderer.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

import pdcontent
from pdcontent.content import Content
from pdcontent.models import GlossaryTerm as TermModel
from pdcontent_api.rendering import to_html, to_plain


@strawberry.enum
class TextFormat(Enum):
    MARKDOWN = "markdown"
    HTML = "html"
    PLAIN = "plain"


@strawberry.enum
class TranslationStatus(Enum):
    SOURCE = "source"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    STALE = "stale"
    FALLBACK = "fallback"
    PSEUDO = "pseudo"


def _render(text: str, format: TextFormat) -> str:
    if format is TextFormat.HTML:
        return to_html(text)
    if format is TextFormat.PLAIN:
        return to_plain(text)
    return text


@strawberry.type
class GlossaryTerm:
    id: strawberry.ID
    title: str
    summary: str
    locale: str
    translation_status: TranslationStatus
    markdown: strawberry.Private[str | None]
    see_also_ids: strawberry.Private[tuple[str, ...]]
    content: strawberry.Private[Content]

    @strawberry.field
    def body(self, format: TextFormat = TextFormat.MARKDOWN) -> str | None:
        return None if self.markdown is None else _render(self.markdown, format)

    @strawberry.field
    def see_also(self) -> list[GlossaryTerm]:
        terms = self.content.glossary
        return [term(self.content, terms.lookup(i)) for i in self.see_also_ids]


def term(content: Content, item: TermModel) -> GlossaryTerm:
    provenance = content.provenance(item)
    return GlossaryTerm(
        id=strawberry.ID(item.id),
        title=item.title,
        summary=item.summary,
        locale=provenance.locale,
        translation_status=TranslationStatus(provenance.status.value),
        markdown=item.body,
        see_also_ids=tuple(item.see_also),
        content=content,
    )


@strawberry.type
class Query:
    @strawberry.field
    def glossary_term(self, id: strawberry.ID, locale: str = "en") -> GlossaryTerm | None:
        content = pdcontent.load(locale)
        item = content.glossary.get(id)
        return None if item is None else term(content, item)


pdcontent.load("en")  # as our app loads English at start-up

schema = strawberry.Schema(query=Query)
cached_schema = strawberry.Schema(query=Query, extensions=[ParserCache(), ValidationCache()])
app = Starlette(routes=[Route("/graphql", GraphQL(schema), methods=["GET", "POST"])])
cached_app = Starlette(routes=[Route("/graphql", GraphQL(cached_schema), methods=["GET", "POST"])])
