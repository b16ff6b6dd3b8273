"""``pdcontent serve`` as an operator runs it: a real uvicorn process over real HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import pdcontent

from ..conftest import Completed

QUERY = "{ approach { id } }"
APPROACH = {"data": {"approach": {"id": "psychodynamic-therapy"}}}
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env() -> dict[str, str]:
    """This interpreter's environment without ``PDCONTENT_*`` settings, for a hermetic server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDCONTENT_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@dataclass(frozen=True)
class Server:
    """A running ``pdcontent serve`` process."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=10.0)

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server (and its workers); kill its process group if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT)


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"server exited with {server.proc.returncode}:\n{server.output()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail(f"server not ready after {READY_TIMEOUT} s:\n{server.output()}")


@contextmanager
def serving(log_dir: Path, *args: str) -> Iterator[Server]:
    """Run ``python -m pdcontent serve`` on a free port until the block ends."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    command = [sys.executable, "-m", "pdcontent", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(),
            start_new_session=True,  # its own process group, so workers can be killed too
        )
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server with default settings, shared by this module's tests."""
    with serving(tmp_path_factory.mktemp("serve")) as running:
        yield running


# --- the default server -------------------------------------------------------------------


@pytest.mark.slow
def test_post_query(server: Server) -> None:
    with server.client() as client:
        response = client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200
    assert response.json() == APPROACH
    assert "server" not in response.headers  # no server banner


@pytest.mark.slow
def test_get_query(server: Server) -> None:
    with server.client() as client:
        response = client.get("/graphql", params={"query": QUERY})
        assert response.status_code == 200
        assert response.json() == APPROACH
        mutation = client.get("/graphql", params={"query": "mutation { x }"})
        assert 400 <= mutation.status_code < 500


@pytest.mark.slow
def test_graphiql_page(server: Server) -> None:
    with server.client() as client:
        response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


@pytest.mark.slow
def test_health_and_version(server: Server) -> None:
    with server.client() as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        version = client.get("/version").json()
    assert version["package_version"] == pdcontent.__version__
    assert version["locales"][0] == "en"


@pytest.mark.slow
def test_large_body_is_413_and_the_server_keeps_answering(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/graphql", content=b" " * 2_000_000, headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
        assert "100000 bytes" in error["message"]

        def chunks() -> Iterator[bytes]:
            for _ in range(50):
                yield b" " * 10_000

        chunked = client.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )
        assert chunked.status_code == 413
        assert client.post("/graphql", json={"query": QUERY}).json() == APPROACH


@pytest.mark.slow
def test_limits_and_masking_over_http(server: Server) -> None:
    with server.client() as client:
        depth = client.post(
            "/graphql",
            json={
                "query": '{ technique(id: "x") {'
                + " principles { techniques {" * 10
                + " id"
                + " } }" * 10
                + " } }"
            },
        )
        assert depth.status_code == 200
        assert "depth" in depth.json()["errors"][0]["message"]
        locale = client.post(
            "/graphql", json={"query": '{ approach(locale: "../../etc/passwd") { id } }'}
        )
        assert locale.json()["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"
        assert "Traceback" not in locale.text


# --- other configurations -----------------------------------------------------------------


@pytest.mark.slow
def test_two_workers_answer_with_the_same_settings(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2", "--cors-origin", "https://a.test") as running:
        with running.client() as client:
            for _ in range(20):
                # a new connection each time, so either worker may answer
                response = client.post(
                    "/graphql",
                    json={"query": QUERY},
                    headers={"origin": "https://a.test", "connection": "close"},
                )
                assert response.json() == APPROACH
                assert response.headers["access-control-allow-origin"] == "https://a.test"
                other = client.get(
                    "/healthz", headers={"origin": "https://example.com", "connection": "close"}
                )
                assert "access-control-allow-origin" not in other.headers
        deadline = time.monotonic() + READY_TIMEOUT
        while running.output().count("Started server process") < 2:
            assert time.monotonic() < deadline, running.output()
            time.sleep(0.1)
    assert running.proc.returncode in (0, -signal.SIGTERM)
    assert "Traceback" not in running.output()


@pytest.mark.slow
def test_no_graphiql_and_no_introspection(tmp_path: Path) -> None:
    with (
        serving(tmp_path, "--no-graphiql", "--no-introspection") as running,
        running.client() as client,
    ):
        page = client.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert not page.headers.get("content-type", "").startswith("text/html")
        schema = client.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        body = schema.json()
        assert "data" not in body
        assert "introspection" in body["errors"][0]["message"].lower()
        typo = client.post("/graphql", json={"query": "{ approch { id } }"})
        assert "Did you mean" not in typo.text
        assert client.post("/graphql", json={"query": QUERY}).json() == APPROACH


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_with_a_missing_content_root_fails_cleanly(tmp_path: Path, workers: str) -> None:
    command = [sys.executable, "-m", "pdcontent", "serve", "--port", str(free_port())]
    proc = subprocess.Popen(
        [*command, "--workers", workers, "--content", str(tmp_path / "missing")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("serve kept running with a content root that does not exist")
    assert proc.returncode in (1, 2)
    assert "Traceback" not in err.decode()
    assert "missing" in err.decode()


# --- usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--workers", "0"),
        ("--workers", "two"),
        ("--port", "70000"),
        ("--bogus",),
    ],
)
def test_serve_usage_errors_exit_2(cli: Callable[..., Completed], args: tuple[str, ...]) -> None:
    result = cli("serve", *args)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.strip()
