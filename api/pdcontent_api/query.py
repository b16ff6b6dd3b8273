"""The root ``Query`` type: every entry point of the public contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.types import Info

from .context import Ctx
from .derive import resolver, wrap, wrap_all
from .errors import PublicError
from .search import index_for
from .types.approach import Approach
from .types.condition import Condition
from .types.consideration import Consideration
from .types.content_info import ContentInfo
from .types.content_ref import EntryType
from .types.course_length import CourseLength
from .types.crisis_resource import CrisisResource
from .types.glossary_term import GlossaryTerm
from .types.locale_info import LocaleInfo
from .types.page import Page
from .types.phase import Phase
from .types.principle import Principle
from .types.qualification import Qualification
from .types.reference import Reference
from .types.search_result import SearchResult
from .types.session_guide import SessionGuide
from .types.technique import Technique

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_SEARCH_RESULTS = 50
MAX_QUERY_LENGTH = 200

LocaleArg = Annotated[
    str | None,
    strawberry.argument(
        description="A BCP 47 tag such as `en` or `de-AT`, resolved along its CLDR parents; "
        "without it the Accept-Language header decides. Nested fields use the same locale."
    ),
]
LimitArg = Annotated[int, strawberry.argument(description=f"Page size, 1 to {MAX_LIMIT}.")]
OffsetArg = Annotated[int, strawberry.argument(description="How many items to skip.")]
IdArg = Annotated[strawberry.ID, strawberry.argument(description="The item's id.")]


def _ctx(info: Info[Any, Any], locale: str | None) -> Ctx:
    """Resolve the locale for a root field and say in the response which one was served."""
    request = info.context["request"]
    ctx: Ctx = info.context["source"].context(locale, request.headers.get("accept-language"))
    served: list[str] = info.context.setdefault("served_locales", [])
    if ctx.locale not in served:
        served.append(ctx.locale)
    response = info.context["response"]
    response.headers["Content-Language"] = ", ".join(served)
    if locale is None:
        response.headers["Vary"] = "Accept-Language"
    return ctx


def _page(items: Sequence[Any], ctx: Ctx, limit: int, offset: int) -> Page[Any]:
    if not 1 <= limit <= MAX_LIMIT:
        raise PublicError(f"limit must be between 1 and {MAX_LIMIT}", "BAD_USER_INPUT")
    if offset < 0:
        raise PublicError("offset must not be negative", "BAD_USER_INPUT")
    chosen = items[offset : offset + limit]
    return Page(
        items=wrap_all(chosen, ctx),
        total=len(items),
        offset=offset,
        limit=limit,
        has_more=offset + len(chosen) < len(items),
    )


def _one(items: Any, id: str, ctx: Ctx) -> Any:
    item = items.get(id)
    return None if item is None else wrap(item, ctx)


def _list_field(collection: str, item_type: type, description: str) -> Any:
    """A root field returning one page of a content collection, in content order."""

    def resolve(
        self: Any,
        info: Info[Any, Any],
        locale: LocaleArg = None,
        limit: LimitArg = DEFAULT_LIMIT,
        offset: OffsetArg = 0,
    ) -> Any:
        ctx = _ctx(info, locale)
        return _page(getattr(ctx.content, collection), ctx, limit, offset)

    resolve.__annotations__["return"] = Page[item_type]  # type: ignore[valid-type]
    return strawberry.field(resolver=resolve, description=description)


def _by_id_field(collection: str, item_type: type, description: str) -> Any:
    """A root field returning one item of a collection by id, or null."""

    def resolve(self: Any, info: Info[Any, Any], id: IdArg, locale: LocaleArg = None) -> Any:
        ctx = _ctx(info, locale)
        return _one(getattr(ctx.content, collection), id, ctx)

    resolve.__annotations__["return"] = item_type | None
    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="Psychodynamic therapy content, in any supported locale.")
class Query:
    """Root fields. Every one takes ``locale``; lists take ``limit`` and ``offset``."""

    @resolver("The overview of psychodynamic therapy.")
    def approach(self, info: Info[Any, Any], locale: LocaleArg = None) -> Approach:
        ctx = _ctx(info, locale)
        return Approach(item=ctx.content.approach, ctx=ctx)

    principles = _list_field("principles", Principle, "The core principles, in order.")

    principle = _by_id_field("principles", Principle, "One principle by id, or null.")

    @resolver("The techniques, optionally only those of a phase or principle.")
    def techniques(
        self,
        info: Info[Any, Any],
        locale: LocaleArg = None,
        limit: LimitArg = DEFAULT_LIMIT,
        offset: OffsetArg = 0,
        phase: strawberry.ID | None = None,
        principle: strawberry.ID | None = None,
    ) -> Page[Technique]:
        ctx = _ctx(info, locale)
        items = [
            t
            for t in ctx.content.techniques
            if (phase is None or phase in t.phases)
            and (principle is None or principle in t.principles)
        ]
        return _page(items, ctx, limit, offset)

    technique = _by_id_field("techniques", Technique, "One technique by id, or null.")

    @resolver("The conditions, optionally only those of a related approach.")
    def conditions(
        self,
        info: Info[Any, Any],
        locale: LocaleArg = None,
        limit: LimitArg = DEFAULT_LIMIT,
        offset: OffsetArg = 0,
        related_approach: strawberry.ID | None = None,
        technique: strawberry.ID | None = None,
    ) -> Page[Condition]:
        ctx = _ctx(info, locale)
        items = [
            c
            for c in ctx.content.conditions
            if (related_approach is None or related_approach in c.related_approaches)
            and (technique is None or technique in c.techniques)
        ]
        return _page(items, ctx, limit, offset)

    condition = _by_id_field("conditions", Condition, "One condition by id, or null.")

    @resolver("What sessions are like, with frequency and length as numbers.")
    def session_guide(self, info: Info[Any, Any], locale: LocaleArg = None) -> SessionGuide:
        ctx = _ctx(info, locale)
        return SessionGuide(item=ctx.content.session_guide, ctx=ctx)

    phases = _list_field("phases", Phase, "The phases of therapy, in order.")

    phase = _by_id_field("phases", Phase, "One phase by id, or null.")

    @resolver("How long therapy lasts, with session counts as numbers.")
    def course_length(self, info: Info[Any, Any], locale: LocaleArg = None) -> CourseLength:
        ctx = _ctx(info, locale)
        return CourseLength(item=ctx.content.course_length, ctx=ctx)

    qualifications = _list_field(
        "qualifications", Qualification, "What to look for in a practitioner."
    )

    considerations = _list_field(
        "considerations", Consideration, "Factors in deciding whether the approach fits."
    )

    glossary = _list_field("glossary", GlossaryTerm, "The glossary, in order.")

    glossary_term = _by_id_field("glossary", GlossaryTerm, "One glossary term by id, or null.")

    references = _list_field("references", Reference, "The vetted references, with DOI and URL.")

    @resolver(
        "Crisis resources for an ISO 3166 region code (e.g. `US`, `DE`); "
        "without a known region, the fallback that points to local emergency numbers."
    )
    def crisis_resources(
        self,
        info: Info[Any, Any],
        region: str | None = None,
        locale: LocaleArg = None,
        limit: LimitArg = DEFAULT_LIMIT,
        offset: OffsetArg = 0,
    ) -> Page[CrisisResource]:
        ctx = _ctx(info, locale)
        items = ctx.content.crisis_resources_for(region) if region else ctx.content.crisis_resources
        return _page(items, ctx, limit, offset)

    @resolver("The locales content is available in.")
    def locales(self, info: Info[Any, Any], locale: LocaleArg = None) -> list[LocaleInfo]:
        _ctx(info, locale)
        return info.context["source"].locales()  # type: ignore[no-any-return]

    @resolver("Package and content versions, review metadata and licence.")
    def content_info(self, info: Info[Any, Any], locale: LocaleArg = None) -> ContentInfo:
        ctx = _ctx(info, locale)
        return ContentInfo(item=ctx.content.metadata, ctx=ctx)

    @resolver("Ranked full-text search in the requested locale.")
    def search(
        self,
        info: Info[Any, Any],
        query: str,
        types: list[EntryType] | None = None,
        first: int = 10,
        locale: LocaleArg = None,
    ) -> list[SearchResult]:
        ctx = _ctx(info, locale)
        if len(query) > MAX_QUERY_LENGTH:
            raise PublicError(
                f"query is longer than {MAX_QUERY_LENGTH} characters", "BAD_USER_INPUT"
            )
        if not 1 <= first <= MAX_SEARCH_RESULTS:
            raise PublicError(f"first must be between 1 and {MAX_SEARCH_RESULTS}", "BAD_USER_INPUT")
        hits = index_for(ctx.content).search(query, set(types) if types else None, first)
        return [
            SearchResult(type=h.type, id=h.id, title=h.title, snippet=h.snippet, score=h.score)
            for h in hits
        ]
