"""The root ``Query`` type: every entry point of the public contract.

The root fields of each kind come from the kind registry: a single entry gets one field
(``approach``); a top-level collection gets a page (``techniques``) with one filter per
relation it stores (``phase:``, ``principle:``) and a lookup by id (``technique(id:)``).
Written here are only the fields that are not about one kind (``locales``,
``contentInfo``, ``search``) and filters that are domain lookups, not relations
(``crisisResources(region:)``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from pdcontent.models import KINDS, Kind, forward_relations

from .content_ref import EntryType
from .context import Ctx
from .derive import wrap, wrap_all
from .errors import PublicError
from .filters import LOOKUP_FILTERS, relation_filter
from .request_headers import RequestHeaders
from .search import index_for
from .search_intent import region_code
from .types.content_info import ContentInfo
from .types.page import Page
from .types.registry import TYPES, LocaleInfo
from .types.search_result import SearchResult

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
RegionArg = Annotated[
    str | None,
    strawberry.argument(
        description="An ISO 3166-1 alpha-2 country code (e.g. `US`, `AT`): when the query asks "
        "for urgent help, that country's crisis lines come first. Without it, the country of "
        "the requested locale (`de-AT` → AT), else the fallback that points to local "
        "emergency numbers."
    ),
]


def _ctx(info: Info[Any, Any], locale: str | None) -> Ctx:
    """Resolve the locale for a root field and say in the response which one was served."""
    # the request's headers as decoded once, where every other layer reads them too
    headers: RequestHeaders = info.context["headers"]
    ctx: Ctx = info.context["source"].context(locale, headers.accept_language)
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


def _resolver(
    body: Callable[..., Any], arguments: list[tuple[str, Any, Any]], returns: Any
) -> Callable[..., Any]:
    """``body`` with a signature Strawberry reads: ``(self, info, *arguments) -> returns``.

    ``arguments`` are (name, annotation, default); the default ``inspect.Parameter.empty``
    makes an argument required.
    """
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", keyword, annotation=Info[Any, Any]),
        *(inspect.Parameter(n, keyword, annotation=a, default=d) for n, a, d in arguments),
    ]
    body.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    body.__annotations__ = {p.name: p.annotation for p in params[1:]} | {"return": returns}
    return body


def _single_field(kind: Kind) -> Any:
    """A root field returning a kind's one entry (``approach``, ``sessionGuide``)."""

    def resolve(self: Any, info: Info[Any, Any], locale: str | None = None) -> Any:
        ctx = _ctx(info, locale)
        return wrap(getattr(ctx.content, kind.collection), ctx)

    item_type = TYPES[kind.graphql_name]
    _resolver(resolve, [("locale", LocaleArg, None)], item_type)
    return strawberry.field(resolver=resolve, description=_first_line(kind.model.__doc__))


def _list_field(kind: Kind) -> Any:
    """A root field returning one page of a kind's items in content order, filtered."""
    filters = (*map(relation_filter, forward_relations(kind)), *LOOKUP_FILTERS.get(kind.name, ()))

    def resolve(
        self: Any,
        info: Info[Any, Any],
        locale: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        **chosen: Any,
    ) -> Any:
        ctx = _ctx(info, locale)
        items: Sequence[Any] = ctx.content.items(kind)
        for narrow in filters:
            values = {n: chosen[n] for n, _ in narrow.arguments if chosen.get(n) is not None}
            if values or narrow.always:
                items = narrow.apply(ctx, items, values)
        return _page(items, ctx, limit, offset)

    arguments = [
        ("locale", LocaleArg, None),
        ("limit", LimitArg, DEFAULT_LIMIT),
        ("offset", OffsetArg, 0),
        *((name, annotation, None) for f in filters for name, annotation in f.arguments),
    ]
    item_type: Any = TYPES[kind.graphql_name]
    _resolver(resolve, arguments, Page[item_type])
    words = kind.name.replace("-", " ")
    description = (
        f"Every {words} in content order, a page at a time. {_first_line(kind.model.__doc__)}"
    )
    return strawberry.field(resolver=resolve, description=description)


def _by_id_field(kind: Kind) -> Any:
    """A root field returning one item of a kind by id, or null."""

    def resolve(self: Any, info: Info[Any, Any], id: str, locale: str | None = None) -> Any:
        ctx = _ctx(info, locale)
        item = ctx.content.items(kind).get(id)
        return None if item is None else wrap(item, ctx)

    arguments = [("id", IdArg, inspect.Parameter.empty), ("locale", LocaleArg, None)]
    _resolver(resolve, arguments, TYPES[kind.graphql_name] | None)
    description = f"One {kind.name.replace('-', ' ')} by id, or null."
    return strawberry.field(resolver=resolve, description=description)


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n")[0]


def kind_fields() -> dict[str, Any]:
    """The root fields of every top-level kind, in document order (Python names)."""
    fields: dict[str, Any] = {}
    for kind in KINDS:
        if not kind.top_level:
            continue
        if kind.many:
            fields[kind.collection] = _list_field(kind)
            fields[kind.name.replace("-", "_")] = _by_id_field(kind)
        else:
            fields[kind.collection] = _single_field(kind)
    return fields


def _locales(self: Any, info: Info[Any, Any], locale: LocaleArg = None) -> list[LocaleInfo]:  # type: ignore[valid-type]
    ctx = _ctx(info, locale)
    return wrap_all(info.context["source"].catalog, ctx)


def _content_info(self: Any, info: Info[Any, Any], locale: LocaleArg = None) -> ContentInfo:
    ctx = _ctx(info, locale)
    return ContentInfo(item=ctx.content.metadata, ctx=ctx)


def _search(
    self: Any,
    info: Info[Any, Any],
    query: str,
    types: list[EntryType] | None = None,
    first: int = 10,
    locale: LocaleArg = None,
    region: RegionArg = None,
) -> list[SearchResult]:
    ctx = _ctx(info, locale)
    if len(query) > MAX_QUERY_LENGTH:
        raise PublicError(f"query is longer than {MAX_QUERY_LENGTH} characters", "BAD_USER_INPUT")
    if not 1 <= first <= MAX_SEARCH_RESULTS:
        raise PublicError(f"first must be between 1 and {MAX_SEARCH_RESULTS}", "BAD_USER_INPUT")
    try:
        code = None if region is None else region_code(region)
    except ValueError as exc:
        raise PublicError(str(exc), "BAD_USER_INPUT") from None
    index = index_for(ctx.content)
    chosen = set(types) if types else None
    hits = index.search(query, chosen, first, region=code, locale=ctx.requested)
    return [
        SearchResult(
            type=h.type, id=strawberry.ID(h.id), title=h.title, snippet=h.snippet, score=h.score
        )
        for h in hits
    ]


_ROOT: dict[str, Any] = {
    **kind_fields(),
    "locales": strawberry.field(
        resolver=_locales, description="The locales content is available in."
    ),
    "content_info": strawberry.field(
        resolver=_content_info,
        description="Package and content versions, review metadata and licence.",
    ),
    "search": strawberry.field(
        resolver=_search,
        description="Ranked full-text search in the requested locale; a query asking for "
        "urgent help lists the crisis lines for the reader's region first.",
    ),
}

Query: type = strawberry.type(
    type("Query", (), {"__doc__": "Root fields: every one takes `locale`.", **_ROOT}),
    description="Psychodynamic therapy content, in any supported locale.",
)
