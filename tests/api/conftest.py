"""Helpers for the API tests: the app in process, driven over httpx's ASGI transport.

``starlette.testclient`` is not used (it warns, and warnings are errors here). Each call
runs one request in a fresh event loop with ``asyncio.run``, so tests stay synchronous.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, TypeVar

import httpx
import pytest
from starlette.applications import Starlette

from pdcontent.models import KINDS
from pdcontent.resources import content_root
from pdcontent_api import Settings, create_app

from ..conftest import REPO

ATTACK_ROOT = REPO / "tests" / "fixtures" / "attack"

T = TypeVar("T")

#: the locale folders of the packaged content, English first (read from disk)
LOCALE_FOLDERS: tuple[str, ...] = tuple(
    sorted(
        (p.name for p in content_root().iterdir() if (p / "metadata.yaml").is_file()),
        key=lambda tag: (tag != "en", tag),
    )
)


def camel(name: str) -> str:
    """``related_approaches`` or ``glossary-term`` as GraphQL names it."""
    first, *rest = name.replace("-", "_").split("_")
    return first + "".join(part.capitalize() for part in rest)


#: the paginated root fields, with the model collection each one lists (from the registry)
PAGED: dict[str, str] = {camel(k.collection): k.collection for k in KINDS if k.paged}

#: root fields that look one item up by id, with the model collection they read
BY_ID: dict[str, str] = {camel(k.name): k.collection for k in KINDS if k.paged}


class Api:
    """A synchronous client for an ASGI app; every request runs in its own event loop."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and return the read response."""

        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                response = await client.request(method, url, **kwargs)
                await response.aread()
                return response

        return asyncio.run(send())

    def post(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """POST a GraphQL operation as JSON."""
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        return self.request("POST", "/graphql", json=payload, **kwargs)

    def result(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The GraphQL response body; the HTTP status must be 200 and the body clean."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        assert "Traceback" not in response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a query that must succeed without errors."""
        body = self.result(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def errors(self, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The ``errors`` of a query that must fail (with HTTP 200)."""
        body = self.result(query, variables)
        assert body.get("errors"), body
        errors: list[dict[str, Any]] = body["errors"]
        return errors

    def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The single error of a query that must fail with exactly one error."""
        errors = self.errors(query, variables)
        assert len(errors) == 1, errors
        return errors[0]

    def alive(self) -> None:
        """Assert the app still answers an ordinary query."""
        assert self.data("{ approach { id } }") == {"approach": {"id": "psychodynamic-therapy"}}


def make_api(**settings: Any) -> Api:
    """An :class:`Api` over a fresh app built with ``settings``."""
    return Api(create_app(Settings(**settings)))


@pytest.fixture(scope="session")
def api() -> Api:
    """The app with default settings (packaged content), built once."""
    return make_api()


@pytest.fixture(scope="session")
def locked_api() -> Api:
    """The app with GraphiQL, introspection and suggestions off, and one allowed origin."""
    return make_api(graphiql=False, introspection=False, cors_origins=("https://a.test",))


@pytest.fixture(scope="session")
def attack_api() -> Api:
    """The app serving the hostile fixture tree in ``tests/fixtures/attack``."""
    return Api(create_app(Settings(content_root=str(ATTACK_ROOT))))


def ids(items: list[dict[str, Any]]) -> list[str]:
    """The ``id`` of each item, in order."""
    return [item["id"] for item in items]


class Tags(HTMLParser):
    """Every start tag of an HTML fragment, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    @classmethod
    def of(cls, html: str) -> list[tuple[str, dict[str, str | None]]]:
        """Parse ``html`` and return its start tags."""
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.tags


# --- helpers for the caching, persisted-query, GraphQL-over-HTTP and hostile-input tests ---

#: the GraphQL-over-HTTP response media type
GRAPHQL_RESPONSE = "application/graphql-response+json"

#: what a request may take at most, wall clock, however hostile it is
BOUNDED_SECONDS = 5.0


def graphql_get(
    api: Api,
    query: str | None = None,
    *,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
    extensions: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """GET ``/graphql`` with the GraphQL-over-HTTP parameters (JSON-encoded where needed)."""
    params: dict[str, str] = {}
    if query is not None:
        params["query"] = query
    if variables is not None:
        params["variables"] = json.dumps(variables)
    if operation_name is not None:
        params["operationName"] = operation_name
    if extensions is not None:
        params["extensions"] = json.dumps(extensions)
    return api.request("GET", "/graphql", params=params, headers=headers or {})


def graphql_post(api: Api, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """POST any JSON ``payload`` (not only a well-formed request) to ``/graphql``."""
    return api.request("POST", "/graphql", json=payload, headers=headers or {})


@dataclass(frozen=True)
class CacheState:
    """A snapshot of the response cache's counters and size."""

    hits: int
    misses: int
    size: int


def cache_state(api: Api) -> CacheState:
    """The response cache's counters now.

    ``misses`` counts the requests that were executed; a request served from the cache,
    by whichever path, leaves it unchanged.
    """
    cache = api.app.state.graphql.cache
    return CacheState(cache.hits, cache.misses, len(cache))


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """``call()``'s result and how many seconds it took."""
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start
