"""The Starlette application: GraphQL at /graphql, health and version, CORS, body limit."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pdcontent._version import __version__

from .endpoint import GraphQLEndpoint
from .fastpath import FastPath
from .locales import ContentSource
from .middleware import BodyLimit
from .schema import build_schema
from .settings import Settings

logger = logging.getLogger("pdcontent_api")


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the ASGI app. Content is loaded here, so a bad content root fails at startup."""
    settings = settings or Settings()
    source = ContentSource(settings.content_root)
    source.context(None)  # load English now: fail fast, and keep first requests fast
    graphql = GraphQLEndpoint(build_schema(settings), source, settings)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def version(request: Request) -> Response:
        content = source.context(None).content
        return JSONResponse(
            {
                "package_version": __version__,
                "content_version": content.metadata.content_version,
                "locales": list(source.supported()),
            }
        )

    async def root(request: Request) -> Response:
        return RedirectResponse("/graphql")

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/version", version, methods=["GET"]),
        Route("/", root, methods=["GET"]),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["content-type", "accept", "accept-language"],
            max_age=86400,
        ),
        Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
    ]
    middleware.insert(
        0,
        Middleware(
            FastPath,
            cache=graphql.cache,
            negotiate=graphql.negotiate,
            max_body_bytes=settings.max_body_bytes,
            cache_max_age=settings.cache_max_age,
            cors_origins=settings.cors_origins,
        ),
    )
    app = Starlette(routes=routes, middleware=middleware)
    app.state.settings = settings
    app.state.graphql = graphql
    return app


def app_from_env() -> Starlette:
    """App factory for uvicorn (``--factory``): settings from ``PDCONTENT_*`` variables."""
    return create_app(Settings.from_env())
