"""The Starlette application: GraphQL at /graphql, GraphiQL's files, health and version, CORS."""

from __future__ import annotations

import logging
import sys

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from pdcontent._version import __version__
from pdcontent.problems import ContentError

from .cors import Cors, CorsPolicy
from .endpoint import GraphQLEndpoint
from .errors import masked_payload
from .fastpath import FastPath
from .graphiql import asset_endpoint
from .infobutton import InfobuttonEndpoint
from .jsonld import JsonLdEndpoint
from .locales import ContentSource
from .middleware import BodyLimit
from .schema import build_schema
from .settings import Settings

logger = logging.getLogger("pdcontent_api")


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the ASGI app. Every locale is loaded here, so bad content fails at startup."""
    settings = settings or Settings()
    source = ContentSource(settings.content_root)
    source.check()  # every locale now: fail fast, and keep first requests fast
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

    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/infobutton", InfobuttonEndpoint(source, settings).respond, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/version", version, methods=["GET"]),
        Route("/", root, methods=["GET"]),
        *JsonLdEndpoint(source, settings.cache_max_age).routes(),
    ]
    if settings.graphiql:
        # GraphiQL's scripts and styles, from the package: the IDE needs no network
        routes.append(Route("/graphiql/{digest}/{name}", asset_endpoint, methods=["GET", "HEAD"]))
    if settings.examples_root:  # pdcontent serve --examples: the reference front end
        examples = StaticFiles(directory=settings.examples_root, html=True)
        routes.append(Mount("/examples", app=examples, name="examples"))
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
    # anything unexpected is still a GraphQL response with a code, never a plain-text 500;
    # Starlette re-raises it after answering, so the server log keeps the traceback
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={Exception: _unexpected}
    )
    app.state.settings = settings
    app.state.graphql = graphql
    return app


async def _unexpected(request: Request, exc: Exception) -> Response:
    """The answer to an error nothing else handled: masked, with a code, as JSON."""
    return JSONResponse(masked_payload(), status_code=500)


def app_from_env() -> Starlette:
    """App factory for uvicorn (``--factory``): settings from ``PDCONTENT_*`` variables.

    Broken content ends the process with its problems listed, not a traceback.
    """
    try:
        return create_app(Settings.from_env())
    except ContentError as exc:
        print(f"pdcontent serve: {exc}", file=sys.stderr)
    except (LookupError, OSError, ValueError) as exc:
        print(f"pdcontent serve: no usable content or settings: {exc}", file=sys.stderr)
    raise SystemExit(1)
