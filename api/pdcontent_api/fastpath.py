"""The fast path: a repeated request is answered from the response cache before routing.

The first time a request is served, the endpoint files its answer under the request's
raw bytes (method, query string or JSON body, response media type and resolved locale).
A byte-identical request later is answered here, without Starlette routing, request
objects or JSON parsing, which puts repeated queries close to serving a static file.
Anything else — other paths, preflights, misses, oversized bodies — goes on unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .middleware import replaying
from .response_cache import CachedResponse, ResponseCache, etag_matches

RAW_KEY = "pdcontent.raw_key"
GRAPHQL_RESPONSE = b"application/graphql-response+json"


class FastPath:
    """ASGI middleware in front of everything for ``/graphql`` GET and JSON POST."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        negotiate: Callable[[str | None], str],
        max_body_bytes: int,
        cache_max_age: int,
        cors_origins: tuple[str, ...],
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.cache = cache
        self.negotiate = negotiate
        self.max_body_bytes = max_body_bytes
        self.path = path
        self.get_cache_control = f"public, max-age={cache_max_age}".encode()
        self.any_origin = "*" in cors_origins
        self.origins = {o.encode() for o in cors_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from the cache, or pass the request on (with its body, if read)."""
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        accept = language = match = origin = content_type = length = None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
            elif name == b"accept-language":
                language = value
            elif name == b"if-none-match":
                match = value
            elif name == b"origin":
                origin = value
            elif name == b"content-type":
                content_type = value
            elif name == b"content-length":
                length = value
        if method == "GET":
            payload = scope["query_string"]
        else:
            media_type = content_type.split(b";", 1)[0].strip().lower() if content_type else b""
            if media_type != b"application/json":
                await self.app(scope, receive, send)
                return
            if length is None or not length.isdigit() or int(length) > self.max_body_bytes:
                await self.app(scope, receive, send)  # the body limit answers these
                return
            payload, receive = await _read(receive)
        media = GRAPHQL_RESPONSE if accept and GRAPHQL_RESPONSE in accept else b"application/json"
        locale = self.negotiate(language.decode("latin-1")) if language else "en"
        key = (method, payload, media, locale)
        entry = self.cache.peek(key)
        if entry is None:
            scope[RAW_KEY] = key
            await self.app(scope, receive, send)
            return
        await self._answer(send, entry, method, media, match, origin)

    async def _answer(
        self,
        send: Send,
        entry: CachedResponse,
        method: str,
        media: bytes,
        match: bytes | None,
        origin: bytes | None,
    ) -> None:
        etag = entry.etag.encode()
        # Starlette's CORS middleware marks every response as varying by Origin too
        headers = [(b"etag", etag), (b"vary", b"Accept, Accept-Language, Origin")]
        if entry.content_language:
            headers.append((b"content-language", entry.content_language.encode()))
        if method == "GET":
            headers.append((b"cache-control", self.get_cache_control))
        if origin is not None:
            # what the CORS middleware adds to a simple request
            if self.any_origin:
                headers.append((b"access-control-allow-origin", b"*"))
            elif origin in self.origins:
                headers.append((b"access-control-allow-origin", origin))
        if match is not None and etag_matches(match.decode("latin-1"), entry.etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers.append((b"content-type", media))
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
