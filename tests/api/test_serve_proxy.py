"""``pdcontent serve --proxy-headers``: behind a reverse proxy, the client's address is known."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import Completed
from .test_server import Server, serving

pytestmark = pytest.mark.slow

CLIENT = "203.0.113.9"  # TEST-NET-3: an address no test machine has


def _logged_client(server: Server) -> str:
    """Where the access log says the last request to /healthz came from."""
    with server.client() as client:
        assert client.get("/healthz", headers={"X-Forwarded-For": CLIENT}).status_code == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [line for line in server.output().splitlines() if '"GET /healthz' in line]
        if lines:
            return lines[-1]
        time.sleep(0.05)
    pytest.fail(f"no access-log line:\n{server.output()}")


def test_forwarded_for_is_trusted_from_the_proxy_with_proxy_headers(tmp_path: Path) -> None:
    with serving(tmp_path, "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1") as server:
        assert CLIENT in _logged_client(server)


def test_forwarded_for_is_ignored_without_proxy_headers(tmp_path: Path) -> None:
    with serving(tmp_path) as server:
        line = _logged_client(server)
        assert CLIENT not in line
        assert "127.0.0.1" in line


def test_forwarded_for_is_ignored_from_a_sender_not_listed(tmp_path: Path) -> None:
    with serving(tmp_path, "--proxy-headers", "--forwarded-allow-ips", "192.0.2.1") as server:
        assert CLIENT not in _logged_client(server)


def test_allow_ips_without_proxy_headers_is_a_usage_error(
    cli: Callable[..., Completed], tmp_path: Path
) -> None:
    result = cli("serve", "--forwarded-allow-ips", "10.0.0.1", cwd=tmp_path)
    assert result.code == 2
    assert result.err == "pdcontent serve: --forwarded-allow-ips needs --proxy-headers\n"
