"""The base URL of a request: its scheme and a ``Host`` that is a host, else the server's."""

from __future__ import annotations

from typing import Any

import pytest

from pdcontent_api.base_url import base_url


def _scope(host: bytes | None, scheme: str = "http", server: Any = ("10.0.0.5", 8000)) -> Any:
    headers = [] if host is None else [(b"host", host)]
    return {"type": "http", "scheme": scheme, "headers": headers, "server": server}


@pytest.mark.parametrize(
    ("host", "scheme", "expected"),
    [
        (b"example.org", "http", "http://example.org"),
        (b"Example.ORG:8443", "https", "https://example.org:8443"),
        (b"[::1]:8000", "http", "http://[::1]:8000"),
        (b"127.0.0.1:9000", "http", "http://127.0.0.1:9000"),
        # not a host: the server's own address, so nothing can add a path or user info
        (b"evil.org/x?y", "http", "http://10.0.0.5:8000"),
        (b"user@evil.org", "http", "http://10.0.0.5:8000"),
        (b"", "http", "http://10.0.0.5:8000"),
        (None, "https", "https://10.0.0.5:8000"),
    ],
)
def test_base_url(host: bytes | None, scheme: str, expected: str) -> None:
    assert base_url(_scope(host, scheme)) == expected


def test_without_host_or_server() -> None:
    assert base_url(_scope(None, server=None)) == "http://localhost"
    assert base_url(_scope(None, server=("::1", 8000))) == "http://[::1]:8000"
