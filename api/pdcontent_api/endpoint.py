"""The /graphql endpoint: GraphQL over HTTP with a response cache, ETags and APQ.

Strawberry executes; this module does the HTTP around it, because the cache must sit in
front of parsing and execution: a repeated request is answered from stored bytes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    Source,
    parse,
    print_ast,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from .fastpath import RAW_KEY
from .graphql_request import GraphQLRequest, RequestError, from_body, from_query_params
from .locales import ContentSource
from .persisted import PersistedQueries, sha256
from .response_cache import CachedResponse, LruDict, ResponseCache, etag_matches
from .schema import ContentSchema, build_schema
from .settings import Settings

logger = logging.getLogger("pdcontent_api.endpoint")

GRAPHQL_RESPONSE = "application/graphql-response+json"
_ANY_OPERATION = (OperationType.QUERY, OperationType.MUTATION)
JSON = "application/json"


@dataclass(slots=True)
class HeaderSink:
    """Collects response headers set by resolvers (``Content-Language``)."""

    headers: dict[str, str] = field(default_factory=dict)


def _error_body(message: str, code: str) -> bytes:
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


class GraphQLEndpoint:
    """An ASGI endpoint for ``/graphql`` (GET and POST)."""

    def __init__(self, schema: ContentSchema, source: ContentSource, settings: Settings) -> None:
        self.schema = schema
        # documents that passed validation once run on a schema that skips it
        self.trusted_schema = build_schema(settings, trusted=True)
        # documents are client input: every memory of them is bounded and LRU
        self._validated: LruDict[str, bool] = LruDict(settings.cache_entries * 4)
        self.source = source
        self.settings = settings
        self.cache = ResponseCache(settings.cache_entries)
        self.persisted = PersistedQueries.from_file(settings.persisted_queries)
        self.version = source.context(None).content.metadata.content_version
        self._normalized: LruDict[str, str] = LruDict(settings.cache_entries * 4)
        self._multi_operation: LruDict[str, bool] = LruDict(settings.cache_entries * 4)
        self.negotiate = lru_cache(maxsize=1024)(self._negotiate)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Handle one request."""
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    def _negotiate(self, accept_language: str | None) -> str:
        return self.source.context(None, accept_language).locale

    async def handle(self, request: Request) -> Response:
        """Answer a GraphQL request (or GraphiQL, for a browser's GET without a query)."""
        accept = request.headers.get("accept", "")
        media = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else JSON
        is_get = request.method in ("GET", "HEAD")
        try:
            if is_get:
                if "query" not in request.query_params and "extensions" not in request.query_params:
                    return self._ide(accept)
                gql = from_query_params(request)
            else:
                gql = from_body(request.headers.get("content-type", ""), await request.body())
            query = self._persisted(gql)
        except RequestError as exc:
            return Response(_error_body(str(exc), exc.code), exc.status, media_type=media)
        except _NotFound:
            return Response(
                _error_body("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND"),
                200,
                media_type=media,
                headers={"Cache-Control": "no-cache"},
            )
        headers = {"Vary": "Accept, Accept-Language"}
        if is_get:
            headers["Cache-Control"] = f"public, max-age={self.settings.cache_max_age}"
        accept_language = request.headers.get("accept-language")
        key = self._key(query, gql, accept_language, is_get)
        cached = self.cache.get(key) if key is not None else None
        if cached is None:
            result = self._execute(query, gql, request, is_get)
            if isinstance(result, Response):
                return result
            cached, status, cacheable = result
            if not cacheable:
                # errors may be passing (or fixed by a release): caches must ask again
                headers["Cache-Control"] = "no-cache"
                return self._send(request, cached.body, status, media, headers)
        raw_key = request.scope.get(RAW_KEY)
        if raw_key is not None:
            # file the answer under the request's bytes too, for the fast path
            self.cache.put(raw_key, cached)
        headers["ETag"] = cached.etag
        if cached.content_language:
            headers["Content-Language"] = cached.content_language
        if etag_matches(request.headers.get("if-none-match", ""), cached.etag):
            return Response(status_code=304, headers=headers)
        return self._send(request, cached.body, 200, media, headers)

    @staticmethod
    def _send(
        request: Request, body: bytes, status: int, media: str, headers: dict[str, str]
    ) -> Response:
        if request.method == "HEAD":
            headers = {**headers, "Content-Length": str(len(body))}
            return Response(b"", status, media_type=media, headers=headers)
        return Response(body, status, media_type=media, headers=headers)

    def _ide(self, accept: str) -> Response:
        if self.settings.graphiql and "text/html" in accept:
            return HTMLResponse(get_graphql_ide_html(graphql_ide="graphiql"))
        raise RequestError(400, "no query given")

    def _persisted(self, gql: GraphQLRequest) -> str:
        """The document to run, after APQ and the allow-list have had their say."""
        apq = (gql.extensions or {}).get("persistedQuery")
        if apq is not None:
            digest = apq.get("sha256Hash") if isinstance(apq, dict) else None
            if not isinstance(digest, str) or len(digest) != 64:
                raise RequestError(400, "persistedQuery needs a sha256Hash", "BAD_REQUEST")
            if gql.query is None:
                known = self.persisted.lookup(digest)
                if known is None:
                    raise _NotFound
                return known
            if sha256(gql.query) != digest.lower():
                raise RequestError(
                    400, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH"
                )
            if not self.settings.allow_list_only:
                self.persisted.learn(digest, gql.query)
        if gql.query is None:
            raise RequestError(400, "no query given")
        if self.settings.allow_list_only and not self.persisted.allowed(gql.query):
            raise RequestError(
                400, "only registered documents run here", "PERSISTED_QUERY_NOT_ALLOWED"
            )
        return gql.query

    def _key(
        self, query: str, gql: GraphQLRequest, accept_language: str | None, is_get: bool
    ) -> tuple[object, ...] | None:
        """The response-cache key, or None for variables too odd to key (not cached)."""
        variables = _variables_key(gql.variables)
        if variables is None:
            return None
        normalized = self._normalized.get(query) or query
        # the header only matters through the locale it resolves to
        locale = self.negotiate(accept_language) if accept_language else "en"
        return (normalized, variables, gql.operation_name, locale, is_get, self.version)

    def _normalize(self, query: str) -> str:
        """A canonical form of the document, so formatting differences share a cache entry.

        Raises :class:`GraphQLSyntaxError` for documents the GraphQL grammar rejects,
        including empty selection sets, which graphql-core 3.3 parses.
        """
        normalized = self._normalized.get(query)
        if normalized is None:
            document = parse(query, no_location=True)
            _reject_empty_selections(document)
            _check_expansion(document)
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                self._multi_operation.put(query, True)
            normalized = print_ast(document)
            self._normalized.put(query, normalized)
        return normalized

    def _execute(
        self, query: str, gql: GraphQLRequest, request: Request, is_get: bool
    ) -> tuple[CachedResponse, int, bool] | Response:
        """Run the document: (response, status, whether it may be cached), or an HTTP error."""
        media = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in request.headers.get("accept", "") else JSON
        try:
            normalized = self._normalize(query)
        except GraphQLSyntaxError as error:
            return Response(orjson.dumps({"errors": [error.formatted]}), 400, media_type=media)
        except TooComplex:
            message = f"the document expands to more than {MAX_EXPANDED_FIELDS} fields"
            return Response(_error_body(message, "QUERY_TOO_COMPLEX"), 400, media_type=media)
        except RecursionError:
            message = "the document nests too deeply"
            return Response(_error_body(message, "QUERY_TOO_COMPLEX"), 400, media_type=media)
        if gql.operation_name is None and query in self._multi_operation:
            # the spec's GetOperation: with several operations, the name is required
            body = _error_body(
                "Must provide operation name if query contains multiple operations.",
                "BAD_REQUEST",
            )
            return Response(body, 400, media_type=media)
        sink = HeaderSink()
        context = {"request": request, "response": sink, "source": self.source}
        trusted = normalized in self._validated
        schema = self.trusted_schema if trusted else self.schema
        try:
            result = schema.execute_sync(
                query,
                variable_values=gql.variables,
                context_value=context,
                operation_name=gql.operation_name,
                allowed_operation_types=(OperationType.QUERY,) if is_get else _ANY_OPERATION,
            )
        except InvalidOperationTypeError:
            body = _error_body("only queries may be sent with GET", "METHOD_NOT_ALLOWED")
            return Response(body, 405, media_type=media, headers={"Allow": "POST"})
        except CannotGetOperationTypeError:
            body = _error_body("no operation of that name in the document", "BAD_REQUEST")
            return Response(body, 400, media_type=media)
        before_execution = _request_error(result)
        if not trusted and not before_execution:
            self._validated.put(normalized, True)
        payload: dict[str, Any] = {} if before_execution else {"data": result.data}
        if result.errors:
            payload["errors"] = [_format(e) for e in result.errors]
        body = orjson.dumps(payload)
        entry = CachedResponse.of(body, sink.headers.get("Content-Language", ""))
        if result.errors:
            # an error before execution is the client's: 400 where the client speaks the
            # GraphQL response media type, 200 for plain JSON clients (GraphQL over HTTP)
            status = 400 if before_execution and media == GRAPHQL_RESPONSE else 200
            return entry, status, False
        key = self._key(normalized, gql, request.headers.get("accept-language"), is_get)
        if key is not None:
            self.cache.put(key, entry)
        return entry, 200, key is not None


def _variables_key(variables: dict[str, Any] | None) -> bytes | None:
    """Variables in a canonical form for the cache key; None when they cannot be keyed."""
    if not variables:
        return b""
    try:
        return orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        # integers beyond 64 bits, nesting past orjson's depth, lone surrogates: still
        # valid requests, just not worth caching
        return None


#: fields a document may select once every fragment spread is expanded; far above any
#: real query, far below what takes noticeable time to walk
MAX_EXPANDED_FIELDS = 20_000


class TooComplex(Exception):
    """A document whose fragments expand beyond :data:`MAX_EXPANDED_FIELDS`."""


def _check_expansion(document: DocumentNode) -> None:
    """Reject fragment bombs before any validation rule walks them.

    A fragment that spreads another twice, thirty levels deep, is 1 kB of text but 2**30
    fields; rules that re-walk fragments at each spread (Strawberry's depth and alias
    limiters) would block the worker. Here each fragment is sized once (memoized), so
    the check is linear in the document. Cycles count as nothing here; validation
    reports them.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    sizes: dict[str, int] = {}

    def size(selection_set: Any, visiting: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visiting or name not in fragments:
                    continue
                if name not in sizes:
                    sizes[name] = size(fragments[name].selection_set, visiting | {name})
                total += sizes[name]
            else:
                total += 1
                if selection.selection_set is not None:
                    total += size(selection.selection_set, visiting)
            if total > MAX_EXPANDED_FIELDS:
                raise TooComplex
        return total

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            size(definition.selection_set, frozenset())


def _reject_empty_selections(document: DocumentNode) -> None:
    """Raise a syntax error where a selection set is empty (the grammar needs one field)."""
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            if not selection_set.selections:
                raise GraphQLSyntaxError(
                    Source(""), 0, "a selection set must select at least one field"
                )
            stack.extend(selection_set.selections)


def _request_error(result: ExecutionResult) -> bool:
    """True when the document failed before execution (parse, validation, limits).

    Execution errors carry the path of the field that failed; errors before execution
    have none, and leave no data.
    """
    errors = result.errors or []
    return bool(errors) and result.data is None and all(e.path is None for e in errors)


def _format(error: GraphQLError) -> dict[str, Any]:
    return dict(error.formatted)


class _NotFound(Exception):
    """An APQ hash the server does not know yet."""
