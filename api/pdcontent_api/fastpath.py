"""The fast path: a repeated request is answered from the response cache before routing.

The first time a request is served, the endpoint files its answer under the request's
raw bytes (method, query string or JSON body, response media type and resolved locale).
A byte-identical request later is answered here, without Starlette routing, request
objects or JSON parsing, which puts repeated queries close to serving a static file.
Anything else — other paths, preflights, misses, oversized bodies — goes on unchanged.
Its answers get their CORS headers from the same :class:`~.cors.CorsPolicy` as the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .cors import CorsPolicy
from .middleware import replaying
from .negotiation import JSON, VARY
from .request_headers import RequestHeaders, request_headers
from .response_cache import CachedResponse, ResponseCache, etag_matches

RAW_KEY = "pdcontent.raw_key"


class FastPath:
    """ASGI middleware in front of everything for ``/graphql`` GET and JSON POST."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        negotiate: Callable[[str | None], str],
        max_body_bytes: int,
        cache_max_age: int,
        cors: CorsPolicy,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.cache = cache
        self.negotiate = negotiate
        self.max_body_bytes = max_body_bytes
        self.path = path
        self.cors = cors
        self.get_cache_control = f"public, max-age={cache_max_age}".encode()
        self.vary = VARY.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from the cache, or pass the request on (with its body, if read)."""
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        if headers.repeated is not None:
            await self.app(scope, receive, send)  # the endpoint refuses these
            return
        if method == "GET":
            payload = scope["query_string"]
        else:
            if headers.body_media_type != JSON:
                await self.app(scope, receive, send)
                return
            length = headers.declared_length
            if length is None or not 0 <= length <= self.max_body_bytes:
                await self.app(scope, receive, send)  # the body limit answers these
                return
            payload, receive = await _read(receive)
        media = headers.media
        # scheme and host too: jsonLd answers hold the request's scheme://host (base_url.py)
        locale = self.negotiate(headers.accept_language)
        key = (method, payload, media, locale, scope.get("scheme"), headers.host)
        entry = self.cache.peek(key)
        if entry is None:
            scope[RAW_KEY] = key
            await self.app(scope, receive, send)
            return
        await self._answer(send, entry, method, media, headers)

    async def _answer(
        self,
        send: Send,
        entry: CachedResponse,
        method: str,
        media: str,
        request: RequestHeaders,
    ) -> None:
        # the headers the endpoint sends with a cached answer
        headers = [(b"etag", entry.etag.encode()), (b"vary", self.vary)]
        if entry.content_language:
            headers.append((b"content-language", entry.content_language.encode()))
        if method == "GET":
            headers.append((b"cache-control", self.get_cache_control))
        headers = self.cors.apply(headers, request.origin)
        match = request.if_none_match
        if match is not None and etag_matches(match, entry.etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers.append((b"content-type", media.encode()))
        headers.append((b"content-length", str(len(entry.body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body})


async def _read(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body, and a receive that hands the same body to the next app."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return body, replaying(body, receive)
