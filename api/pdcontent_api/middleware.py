"""ASGI middleware: a request body size limit that answers 413 before parsing."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .error_responses import RequestError, error_response
from .request_headers import request_headers


class BodyLimit:
    """Reject request bodies over ``max_bytes`` with 413, whether or not they declare a length.

    The body is read (up to the limit) before the app sees it, then replayed; the app
    reads whole bodies anyway, so this costs no extra latency.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer a body within the limit and pass it on, or answer 413."""
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = request_headers(scope).declared_length
        if declared is not None and not 0 <= declared <= self.max_bytes:
            await _too_large(scope, receive, send, self.max_bytes)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _too_large(scope, receive, send, self.max_bytes)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands ``body`` to the next app, then defers to ``receive``."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    # the rest of the body is not read: close the connection rather than drain it
    error = RequestError(
        413,
        f"Request body is larger than {limit} bytes.",
        "PAYLOAD_TOO_LARGE",
        headers={"Connection": "close"},
    )
    await error_response(error)(scope, receive, send)
