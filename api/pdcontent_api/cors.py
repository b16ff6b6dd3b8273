"""CORS: the one place that decides CORS headers, for every response.

The content is public, so by default any origin may read it; ``cors_origins`` narrows
that. Preflights are answered by Starlette's ``CORSMiddleware``, configured here. Every
other answer gets what Starlette's middleware would add (these settings never allow
credentials, which keeps that small): ``Origin`` in ``Vary`` always, and for an allowed
``Origin`` ``Access-Control-Allow-Origin`` and ``Access-Control-Expose-Headers`` (``ETag``
for conditional requests, ``Content-Language`` for the locale served). :meth:`CorsPolicy.apply`
computes that; :class:`Cors` applies it to the app's responses and the fast path, which
answers before any middleware, applies it to its own, so the two cannot disagree. It
works on the raw header list because Starlette's per-response ``MutableHeaders``
rewriting cost as much as the rest of a cached answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .request_headers import request_headers

ALLOWED_METHODS = ("GET", "POST", "OPTIONS")
# what real clients send: conditional GETs, and Apollo Client's identification headers
ALLOWED_HEADERS = (
    "content-type",
    "accept",
    "accept-language",
    "if-none-match",
    "apollographql-client-name",
    "apollographql-client-version",
)
# what browsers may let scripts read besides the CORS-safelisted headers
EXPOSED_HEADERS = ("ETag", "Content-Language")
PREFLIGHT_MAX_AGE = 86400

RawHeaders = list[tuple[bytes, bytes]]
_EXPOSED = ", ".join(EXPOSED_HEADERS).encode("latin-1")
_CORS_RESPONSE_HEADERS = (b"access-control-allow-origin", b"access-control-expose-headers")


class CorsPolicy:
    """Which origins may read responses, and the headers that says so."""

    def __init__(self, origins: Sequence[str]) -> None:
        self.origins = tuple(origins)
        self.any_origin = "*" in self.origins
        self._allowed = frozenset(self.origins)

    def allow_origin(self, origin: str | None) -> bytes | None:
        """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, if any."""
        if origin is None:
            return None
        if self.any_origin:
            return b"*"
        return origin.encode("latin-1") if origin in self._allowed else None

    def apply(self, headers: Iterable[tuple[bytes, bytes]], origin: str | None) -> RawHeaders:
        """``headers`` of a response (not a preflight's) with the CORS headers added."""
        allowed = self.allow_origin(origin)
        out: RawHeaders = []
        vary: list[bytes] = []
        for header in headers:
            name = header[0]
            if name == b"vary":
                vary.append(header[1])
            elif allowed is None or name not in _CORS_RESPONSE_HEADERS:
                out.append(header)
        # the answer depends on Origin whether or not this request sent one
        vary.append(b"Origin")
        out.append((b"vary", b", ".join(vary)))
        if allowed is not None:
            out.append((b"access-control-allow-origin", allowed))
            out.append((b"access-control-expose-headers", _EXPOSED))
        return out


class Cors:
    """ASGI middleware: answers preflights and adds CORS headers to every other answer."""

    def __init__(self, app: ASGIApp, policy: CorsPolicy) -> None:
        self.app = app
        self.policy = policy
        self._preflight = CORSMiddleware(
            app,
            allow_origins=list(policy.origins),
            allow_methods=list(ALLOWED_METHODS),
            allow_headers=list(ALLOWED_HEADERS),
            expose_headers=list(EXPOSED_HEADERS),
            max_age=PREFLIGHT_MAX_AGE,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a preflight, or pass the request on and add CORS headers to its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if is_preflight(scope):
            response = self._preflight.preflight_response(request_headers=Headers(scope=scope))
            await response(scope, receive, send)
            return

        origin = request_headers(scope).origin

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self.policy.apply(message.get("headers", ()), origin)
            await send(message)

        await self.app(scope, receive, send_with_cors)


def is_preflight(scope: Scope) -> bool:
    """Whether a request is a CORS preflight (as Starlette tells them apart)."""
    headers = request_headers(scope)
    return (
        scope["method"] == "OPTIONS"
        and headers.origin is not None
        and headers.preflight_method is not None
    )
