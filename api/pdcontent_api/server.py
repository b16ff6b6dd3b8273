"""``pdcontent serve``: run the API under uvicorn."""

from __future__ import annotations

import os

import uvicorn

from .settings import Settings


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    *,
    log_level: str = "info",
    access_log: bool = True,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve the API. Workers are separate processes, so settings travel as environment.

    Behind a reverse proxy, ``proxy_headers`` takes the client's address and scheme from
    ``X-Forwarded-For`` / ``X-Forwarded-Proto``, but only from ``forwarded_allow_ips``
    (uvicorn's default: 127.0.0.1), so a client cannot claim another address.
    """
    os.environ.update(settings.to_env())
    uvicorn.run(
        "pdcontent_api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        log_level=log_level,
        access_log=access_log,
        # transport limits: idle connections close, a flood of connections gets 503, and
        # a request line with headers larger than this is refused by h11. uvicorn has no
        # timeout for reading the first request's headers: the README asks operators for
        # a reverse proxy that has one
        timeout_keep_alive=settings.timeout_keep_alive,
        limit_concurrency=settings.limit_concurrency,
        h11_max_incomplete_event_size=settings.max_incomplete_event_bytes,
        http="h11",
    )
