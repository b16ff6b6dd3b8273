"""The graphql-http audit suite (``serverAudits``) against a real ``pdcontent serve``.

``tests/js`` pins graphql-http in its lock file; ``tests/js/audit.js`` runs every audit
against the server's URL and prints one JSON line per audit. GraphQL over HTTP calls
its requirements MUST, SHOULD and MAY: none of the MUSTs and SHOULDs may fail. Skipped
only where Node or npm is absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import JS, run
from .test_server import Server, serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason="node and npm are not installed",
    ),
]


@pytest.fixture(scope="module")
def graphql_http(node_modules: Path) -> Path:
    """The installed ``graphql-http`` package."""
    return node_modules / "graphql-http"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with default settings."""
    with serving(tmp_path_factory.mktemp("audit")) as running:
        yield running


def audit(server: Server) -> list[dict[str, Any]]:
    """Every audit's outcome against ``server``."""
    result = run(["node", str(JS / "audit.js"), server.url + "/graphql"], timeout=120)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines() if line.strip()]


def test_no_must_or_should_fails(graphql_http: Path, server: Server) -> None:
    results = audit(server)
    assert len(results) >= 50  # the whole suite ran (graphql-http 1.23 has 61 audits)
    failed = [
        f"{r['id']} {r['name']}: {r['reason']}"
        for r in results
        if r["status"] != "ok" and r["name"].split(" ", 1)[0] in ("MUST", "SHOULD")
    ]
    assert failed == []
    assert "Traceback" not in server.output()


def test_the_audits_notice_a_failure(graphql_http: Path, server: Server) -> None:
    # the script reports failures it is shown, so an empty list above means something:
    # an address that is not a GraphQL server fails MUSTs
    results = audit(Server(server.url + "/nope", server.proc, server.log))
    assert any(r["status"] == "error" and r["name"].startswith("MUST") for r in results)
