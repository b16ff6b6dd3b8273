"""The /graphql endpoint: GraphQL over HTTP with a response cache, ETags and APQ.

Strawberry executes; this module does the HTTP around it, because the cache must sit in
front of parsing and execution: a repeated request is answered from stored bytes. The
parts live in their own modules: headers are decoded in :mod:`.request_headers`,
negotiated in :mod:`.negotiation`, GraphQL parameters read in :mod:`.graphql_request`,
documents policed in :mod:`.documents`, hashes resolved in :mod:`.persisted`, and every
refusal becomes a response in :mod:`.error_responses`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.types.graphql import OperationType

from .base_url import base_url
from .documents import Documents
from .error_responses import RequestError, error_response, refuse_repeated
from .execution import Executor
from .fastpath import RAW_KEY
from .graphiql import page_response
from .graphql_request import GraphQLRequest, from_body, from_query_params
from .locales import ContentSource
from .memory_budget import share
from .negotiation import GRAPHQL_RESPONSE, VARY, LocaleNegotiator
from .persisted import PersistedQueries
from .request_headers import RequestHeaders, request_headers
from .response_cache import CachedResponse, ResponseCache, document_key, etag_matches
from .schema import ContentSchema
from .settings import Settings

logger = logging.getLogger("pdcontent_api.endpoint")

_ANY_OPERATION = (OperationType.QUERY, OperationType.MUTATION)
RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
#: the estimated cost (see :mod:`.cost`) up to which a document runs in the event loop:
#: about a glossary page with its links, a few milliseconds at most; the default limit's
#: costliest documents take ~50 ms and go to a worker thread
INLINE_MAX_COST = 100


@dataclass(slots=True)
class HeaderSink:
    """Collects response headers set by resolvers (``Content-Language``)."""

    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Executed:
    """A document's result: the response, its status, and whether it was cached."""

    entry: CachedResponse
    status: int
    cached: bool


class GraphQLEndpoint:
    """An ASGI endpoint for ``/graphql`` (GET and POST)."""

    def __init__(self, schema: ContentSchema, source: ContentSource, settings: Settings) -> None:
        self.schema = schema
        # validation in one pass with every limit, then graphql-core's execution
        self.executor = Executor(schema, settings)
        self.source = source
        self.settings = settings
        budget = settings.memory_budget_bytes
        self.cache = ResponseCache(settings.cache_entries, max_bytes=share(budget, "responses"))
        self.documents = Documents(
            settings.cache_entries * 4,
            max_bytes=share(budget, "documents"),
            validated_bytes=share(budget, "validated"),
            tree_bytes_max=share(budget, "syntax_trees"),
            max_tokens=settings.max_tokens,
        )
        self.persisted = PersistedQueries.from_file(
            settings.persisted_queries,
            allow_list_only=settings.allow_list_only,
            max_bytes=share(budget, "persisted"),
        )
        self.version = source.context(None).content.metadata.content_version
        self.negotiate = LocaleNegotiator(source, max_bytes=share(budget, "negotiations"))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Handle one request."""
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        """Answer a GraphQL request (or GraphiQL, for a browser's GET without a query)."""
        headers = request_headers(request.scope)
        try:
            refuse_repeated(headers.repeated)
            return await self._answer(request, headers)
        except RequestError as error:
            return error_response(error, headers.media)

    async def _answer(self, request: Request, headers: RequestHeaders) -> Response:
        """The response to a request; refusals are raised as :class:`RequestError`."""
        is_get = request.method in ("GET", "HEAD")
        if is_get:
            if "query" not in request.query_params and "extensions" not in request.query_params:
                return self._ide(headers)
            gql = from_query_params(request)
        else:
            gql = from_body(headers.body_media_type, await request.body())
        query = self.persisted.document(gql)
        response_headers = {"Vary": VARY}
        if is_get:
            response_headers["Cache-Control"] = f"public, max-age={self.settings.cache_max_age}"
        base = base_url(request.scope)
        key = self._key(self.documents.canonical_if_known(query), gql, headers, is_get, base)
        cached = self.cache.get(key) if key is not None else None
        if cached is None:
            executed = await self._execute(query, gql, headers, is_get, base)
            cached = executed.entry
            if not executed.cached:
                # errors may be passing (or fixed by a release): caches must ask again
                response_headers["Cache-Control"] = "no-cache"
                return self._send(request, cached.body, executed.status, headers, response_headers)
        raw_key = request.scope.get(RAW_KEY)
        if raw_key is not None:
            # file the answer under the request's bytes too, for the fast path
            self.cache.put(raw_key, cached)
        response_headers["ETag"] = cached.etag
        if cached.content_language:
            response_headers["Content-Language"] = cached.content_language
        if etag_matches(headers.if_none_match or "", cached.etag):
            return Response(status_code=304, headers=response_headers)
        return self._send(request, cached.body, 200, headers, response_headers)

    def _key(
        self,
        document: str,
        gql: GraphQLRequest,
        headers: RequestHeaders,
        is_get: bool,
        base: str,
    ) -> tuple[object, ...] | None:
        locale = self.negotiate(headers.accept_language)
        variables, name = gql.variables, gql.operation_name
        key = document_key(document, variables, name, locale, is_get, self.version)
        # jsonLd answers hold the request's scheme://host: one host's answer is not another's
        return None if key is None else (*key, base)

    @staticmethod
    def _send(
        request: Request,
        body: bytes,
        status: int,
        headers: RequestHeaders,
        response_headers: dict[str, str],
    ) -> Response:
        if request.method == "HEAD":
            response_headers = {**response_headers, "Content-Length": str(len(body))}
            body = b""
        return Response(body, status, media_type=headers.media, headers=response_headers)

    def _ide(self, headers: RequestHeaders) -> Response:
        if self.settings.graphiql and "text/html" in (headers.accept or ""):
            return page_response()
        raise RequestError(400, "no query given")

    async def _execute(
        self,
        query: str,
        gql: GraphQLRequest,
        headers: RequestHeaders,
        is_get: bool,
        base: str,
    ) -> Executed:
        """Run the document (a refused one raises :class:`RequestError`) and cache the result."""
        try:
            parsed = self.documents.parse(query, gql.operation_name)
        except RequestError as error:
            if error.status == 400 and headers.media != GRAPHQL_RESPONSE and query.strip():
                # a document that does not parse is a GraphQL request error: plain JSON
                # clients get it with 200, as validation errors (GraphQL over HTTP); an
                # empty document is no document, a malformed request: 400 for everyone
                error.status = 200
            raise
        try:
            operation = self.executor.operation_type(parsed.tree, gql.operation_name)
        except CannotGetOperationTypeError:
            raise RequestError(400, "no operation of that name in the document") from None
        if operation not in ((OperationType.QUERY,) if is_get else _ANY_OPERATION):
            raise RequestError(
                405,
                "only queries may be sent with GET",
                "METHOD_NOT_ALLOWED",
                headers={"Allow": "POST"},
            )
        canonical = parsed.canonical
        cost = self.documents.validated_cost(canonical)
        if cost is None:
            errors, cost = self.executor.validate(parsed.tree)
            if errors:
                # an error before execution is the client's: 400 where the client speaks
                # the GraphQL response media type, 200 for plain JSON clients (GraphQL over
                # HTTP); never cached, the document alone decides it
                body = orjson.dumps({"errors": [_format(e) for e in errors]})
                status = 400 if headers.media == GRAPHQL_RESPONSE else 200
                return Executed(CachedResponse.of(body, ""), status, cached=False)
            self.documents.mark_validated(canonical, cost)
        sink = HeaderSink()
        context = {
            "headers": headers,
            "response": sink,
            "source": self.source,
            "base_url": base,
        }
        run = partial(
            self.executor.execute, parsed.tree, gql.variables, context, gql.operation_name
        )
        if cost <= INLINE_MAX_COST:
            # a cheap document runs at once: the hop to a thread would cost more than it
            outcome = run()
        else:
            # in a worker thread, so a costly document never holds up the event loop
            # (health checks, cached answers); caches are touched only here, in the loop
            outcome = await run_in_threadpool(run)
        before_execution = outcome.before_execution
        payload: dict[str, Any] = {} if before_execution else {"data": outcome.data}
        if outcome.errors:
            payload["errors"] = [_format(e) for e in outcome.errors]
        body = orjson.dumps(payload)
        if len(body) > self.settings.max_response_bytes:
            return Executed(self._too_large(len(body)), 200, cached=False)
        entry = CachedResponse.of(body, sink.headers.get("Content-Language", ""))
        if outcome.errors:
            # as validation errors above: before execution, the client's error
            status = 400 if before_execution and headers.media == GRAPHQL_RESPONSE else 200
            return Executed(entry, status, cached=False)
        key = self._key(canonical, gql, headers, is_get, base)
        if key is not None:
            self.cache.put(key, entry)
        return Executed(entry, 200, cached=key is not None)

    def _too_large(self, size: int) -> CachedResponse:
        """The answer to a document whose response would exceed ``max_response_bytes``."""
        most = self.settings.max_response_bytes
        error = {
            "message": f"response of {size} bytes exceeds the maximum of {most}",
            "extensions": {"code": RESPONSE_TOO_LARGE, "maxResponseBytes": most},
        }
        return CachedResponse.of(orjson.dumps({"data": None, "errors": [error]}), "")


def _format(error: GraphQLError) -> dict[str, Any]:
    return dict(error.formatted)
