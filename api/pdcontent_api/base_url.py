"""The base URL of a request, ``scheme://host``, for the absolute ids JSON-LD answers carry.

The scheme is the ASGI scope's (uvicorn sets it from ``X-Forwarded-Proto`` for trusted
proxies, ``--forwarded-allow-ips``); the host is the ``Host`` header when it is a valid
host and port, else the address the server listens on. Answers that contain the base
are cached per base, so one client's ``Host`` never reaches another client.
"""

from __future__ import annotations

import re

from starlette.types import Scope

from .request_headers import request_headers

# a DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port: nothing
# that could add a path, a query or user info to the URLs built from it
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)


def base_url(scope: Scope) -> str:
    """``scheme://host[:port]`` of the request in ``scope``."""
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    host = request_headers(scope).host
    if host is None or not _HOST.match(host):
        server = scope.get("server")
        if server is None:
            host = "localhost"
        else:
            name, port = server[0], server[1]
            host = f"[{name}]" if ":" in name else name
            if port is not None:
                host = f"{host}:{port}"
    return f"{scheme}://{host.lower()}"
