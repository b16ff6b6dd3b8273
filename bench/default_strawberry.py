"""The baseline for cache misses: our schema behind a default Strawberry ASGI view.

The same ``Query`` type, so the same resolvers and the same content, but none of our
endpoint's machinery: no response cache, no parser or validation cache, no limits or
error masking, Strawberry's own async execution and JSON. The context holds what our
resolvers read: the request, a response for headers and one shared ``ContentSource``
(English loaded at import, as our app loads it at startup).
"""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from pdcontent_api.locales import ContentSource
from pdcontent_api.query import Query
from pdcontent_api.request_headers import request_headers

source = ContentSource()
source.context(None)

schema = strawberry.Schema(query=Query)


class DefaultGraphQL(GraphQL[dict[str, Any], None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> dict[str, Any]:
        return {"headers": request_headers(request.scope), "response": response, "source": source}


graphql_app = DefaultGraphQL(schema)
app = Starlette(routes=[Route("/graphql", graphql_app, methods=["GET", "POST"])])
