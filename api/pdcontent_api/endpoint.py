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
from graphql import GraphQLError, GraphQLSyntaxError, parse, print_ast
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from .fastpath import RAW_KEY
from .graphql_request import GraphQLRequest, RequestError, from_body, from_query_params
from .locales import ContentSource
from .persisted import PersistedQueries, sha256
from .response_cache import CachedResponse, ResponseCache
from .schema import ContentSchema
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
        self.source = source
        self.settings = settings
        self.cache = ResponseCache(settings.cache_entries)
        self.persisted = PersistedQueries.from_file(settings.persisted_queries)
        self.version = source.context(None).content.metadata.content_version
        self._normalized: dict[str, str] = {}
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
        is_get = request.method == "GET"
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
        headers = {"Vary": "Accept-Language"}
        if is_get:
            headers["Cache-Control"] = f"public, max-age={self.settings.cache_max_age}"
        accept_language = request.headers.get("accept-language")
        key = self._key(query, gql, accept_language, is_get)
        cached = self.cache.get(key)
        if cached is None:
            result = self._execute(query, gql, request, is_get)
            if isinstance(result, Response):
                return result
            cached, status = result
            if status != 200:
                return Response(cached.body, status, media_type=media, headers=headers)
        raw_key = request.scope.get(RAW_KEY)
        if raw_key is not None:
            # file the answer under the request's bytes too, for the fast path
            self.cache.put(raw_key, cached)
        headers["ETag"] = cached.etag
        if cached.content_language:
            headers["Content-Language"] = cached.content_language
        if request.headers.get("if-none-match") in (cached.etag, "*"):
            return Response(status_code=304, headers=headers)
        return Response(cached.body, 200, media_type=media, headers=headers)

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
    ) -> tuple[object, ...]:
        variables = (
            orjson.dumps(gql.variables, option=orjson.OPT_SORT_KEYS) if gql.variables else b""
        )
        normalized = self._normalized.get(query, query)
        # the header only matters through the locale it resolves to
        locale = self.negotiate(accept_language) if accept_language else "en"
        return (normalized, variables, gql.operation_name, locale, is_get, self.version)

    def _normalize(self, query: str) -> str:
        """A canonical form of the document, so formatting differences share a cache entry."""
        normalized = self._normalized.get(query)
        if normalized is None:
            normalized = print_ast(parse(query, no_location=True))
            if len(self._normalized) < self.settings.cache_entries * 4:
                self._normalized[query] = normalized
        return normalized

    def _execute(
        self, query: str, gql: GraphQLRequest, request: Request, is_get: bool
    ) -> tuple[CachedResponse, int] | Response:
        media = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in request.headers.get("accept", "") else JSON
        try:
            normalized = self._normalize(query)
        except GraphQLSyntaxError as error:
            return Response(orjson.dumps({"errors": [error.formatted]}), 400, media_type=media)
        sink = HeaderSink()
        context = {"request": request, "response": sink, "source": self.source}
        try:
            result = self.schema.execute_sync(
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
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [_format(e) for e in result.errors]
        body = orjson.dumps(payload)
        language = sink.headers.get("Content-Language", "")
        entry = CachedResponse.of(body, language)
        if result.errors:
            # a request error (no data) is the client's: 400 where the client speaks the
            # GraphQL response media type, 200 for plain JSON clients (GraphQL over HTTP)
            status = 400 if result.data is None and media == GRAPHQL_RESPONSE else 200
            return entry, status if status != 200 else 200
        key = self._key(normalized, gql, request.headers.get("accept-language"), is_get)
        self.cache.put(key, entry)
        return entry, 200


def _format(error: GraphQLError) -> dict[str, Any]:
    return dict(error.formatted)


class _NotFound(Exception):
    """An APQ hash the server does not know yet."""
