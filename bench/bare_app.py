"""The floor for repeated queries: one Starlette route answering precomputed bytes.

``BENCH_BARE_RESPONSE`` names a JSON file written by the benchmark from our server's own
answers: ``{"post": {"body": ..., "headers": {...}}, "get": {...}}``. The route reads a
POST's body (every real server must) and sends the stored bytes with the same
content-type and headers our endpoint sends; nothing is parsed or looked up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

_stored = json.loads(Path(os.environ["BENCH_BARE_RESPONSE"]).read_text(encoding="utf-8"))
_POST_BODY: bytes = _stored["post"]["body"].encode("utf-8")
_POST_HEADERS: dict[str, str] = _stored["post"]["headers"]
_GET_BODY: bytes = _stored["get"]["body"].encode("utf-8")
_GET_HEADERS: dict[str, str] = _stored["get"]["headers"]
_MEDIA_TYPE: str = _stored["media_type"]


async def graphql(request: Request) -> Response:
    if request.method == "POST":
        await request.body()
        return Response(_POST_BODY, 200, headers=_POST_HEADERS, media_type=_MEDIA_TYPE)
    return Response(_GET_BODY, 200, headers=_GET_HEADERS, media_type=_MEDIA_TYPE)


app = Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])
