"""The Starlette application: GraphQL at /graphql, health and version, CORS, body limit."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pdcontent._version import __version__

from .cors import Cors, CorsPolicy
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
    cors = CorsPolicy(settings.cors_origins)
    middleware = [
        Middleware(
            FastPath,
            cache=graphql.cache,
            negotiate=graphql.negotiate,
            max_body_bytes=settings.max_body_bytes,
            cache_max_age=settings.cache_max_age,
            cors=cors,
        ),
        Middleware(Cors, policy=cors),
        Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.settings = settings
    app.state.graphql = graphql
    return app


def app_from_env() -> Starlette:
    """App factory for uvicorn (``--factory``): settings from ``PDCONTENT_*`` variables."""
    return create_app(Settings.from_env())
