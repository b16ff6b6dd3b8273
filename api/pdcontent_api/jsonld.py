"""``GET /jsonld/{kind}/{id}`` (and ``/jsonld/{kind}`` for single entries): schema.org JSON-LD.

The document is :func:`pdcontent.jsonld.document` of the item in the negotiated locale:
``?locale=`` or ``Accept-Language``, resolved exactly as ``/graphql`` resolves them. Its
ids are built from the request's own ``scheme://host`` (:mod:`.base_url`). ``GET /jsonld``
is :func:`pdcontent.jsonld.index`, the guide and glossary every page and term points to.
Unknown kinds and ids are ``404`` with a JSON error, an unknown or repeated ``locale``
is ``400``.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pdcontent import jsonld

from .base_url import base_url
from .error_responses import RequestError, error_response, refuse_repeated
from .errors import PublicError
from .locales import ContentSource
from .request_headers import request_headers
from .response_cache import CachedResponse, etag_matches

#: the request header the answer depends on (the URL holds the rest, the host included)
VARY = "Accept-Language"


class JsonLdEndpoint:
    """Answers the JSON-LD route from the content the app loaded at start-up."""

    def __init__(self, source: ContentSource, cache_max_age: int) -> None:
        self.source = source
        self.cache_control = f"public, max-age={cache_max_age}"

    def routes(self) -> list[Route]:
        """The two routes: one with an id, one for the single entries (the approach)."""
        return [
            Route(f"{jsonld.ROUTE}/{{kind}}/{{id}}", self.handle, methods=["GET"]),
            Route(f"{jsonld.ROUTE}/{{kind}}", self.handle, methods=["GET"]),
            # where the guide's and the glossary's @ids (…/jsonld#guide) dereference
            Route(jsonld.ROUTE, self.handle, methods=["GET"]),
        ]

    async def handle(self, request: Request) -> Response:
        """Answer one request; refusals are JSON errors."""
        headers = request_headers(request.scope)
        try:
            refuse_repeated(headers.repeated)
            return self._answer(request)
        except RequestError as error:
            response = error_response(error)
            response.headers["Vary"] = VARY
            return response

    def _answer(self, request: Request) -> Response:
        headers = request_headers(request.scope)
        locales = request.query_params.getlist("locale")
        if len(locales) > 1:
            # two answers to one question: which one a cache or a proxy keeps is anyone's guess
            raise RequestError(400, "the locale parameter may be given only once", "BAD_REQUEST")
        locale = locales[0] if locales else None
        try:
            ctx = self.source.context(locale, headers.accept_language)
        except PublicError as error:
            # UNKNOWN_LOCALE, with the supported locales, as /graphql reports it
            body = {"message": str(error), "extensions": error.extensions}
            raise RequestError(400, str(error), error=body) from None
        base = base_url(request.scope)
        name = request.path_params.get("kind")
        item_id = request.path_params.get("id")
        if name is None:
            document = jsonld.index(ctx.content, base_url=base)
        else:
            try:
                kind = jsonld.kind_named(name)
                item = jsonld.lookup(ctx.content, kind, item_id)
            except LookupError as error:
                raise RequestError(404, str(error), "NOT_FOUND") from None
            document = jsonld.document(ctx.content, item, base_url=base)
        entry = CachedResponse.of(orjson.dumps(document), ctx.locale)
        response_headers = {
            "Vary": VARY,
            "Content-Language": ctx.locale,
            "Cache-Control": self.cache_control,
            "ETag": entry.etag,
        }
        if etag_matches(headers.if_none_match or "", entry.etag):
            return Response(status_code=304, headers=response_headers)
        return Response(entry.body, 200, media_type=jsonld.MEDIA_TYPE, headers=response_headers)
