"""A real ``pdcontent serve`` process with chosen ``PDCONTENT_*`` settings, for transport tests."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .test_server import Server, _env, _stop, _wait_ready, free_port


@contextmanager
def serving_with(log_dir: Path, settings: dict[str, str]) -> Iterator[Server]:
    """Run ``python -m pdcontent serve`` with ``PDCONTENT_<NAME>`` settings until the block ends."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    env = _env()
    env.update({f"PDCONTENT_{name.upper()}": value for name, value in settings.items()})
    command = [sys.executable, "-m", "pdcontent", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(proc)


def connect(server: Server, timeout: float = 5.0) -> socket.socket:
    """A raw TCP connection to ``server``."""
    host, port = server.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or the timeout hits)."""
    chunks: list[bytes] = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
