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
) -> None:
    """Serve the API. Workers are separate processes, so settings travel as environment."""
    os.environ.update(settings.to_env())
    uvicorn.run(
        "pdcontent_api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        proxy_headers=False,
        server_header=False,
        log_level=log_level,
        access_log=access_log,
    )
