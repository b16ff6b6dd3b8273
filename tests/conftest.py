"""Shared fixtures: the repository's content, and running the real ``pdcontent`` command."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import pdcontent
from pdcontent.content import Content

_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Snapshots of loaded content go to a folder of this run, not the user's cache."""
    if "PDCONTENT_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="pdcontent-test-cache-")
        os.environ["PDCONTENT_CACHE_DIR"] = folder
        config.stash[_CACHE_KEY] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's snapshot folder."""
    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("PDCONTENT_CACHE_DIR", None)


def source_unit_count() -> int:
    """How many translation units the English content has (what "313/313" counts)."""
    from pdcontent.loading import source_for

    return len(source_for(CONTENT).units)


REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SCHEMA = REPO / "schema"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Completed:
    """What a command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(args: list[str], cwd: Path | None = None, timeout: float = 120) -> Completed:
    """Run a command with the test interpreter's environment; never raises on exit codes."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    return Completed(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli() -> Callable[..., Completed]:
    """Run the installed ``pdcontent`` console script."""
    script = shutil.which("pdcontent", path=str(BIN)) or "pdcontent"

    def call(*args: str, cwd: Path | None = None) -> Completed:
        return run([script, *args], cwd=cwd)

    return call


def run_in_process(args: list[str], cwd: Path | None = None) -> Completed:
    """``pdcontent args`` through :func:`pdcontent.cli.main` in this process, as ``run`` reports it.

    No interpreter start-up, so a test costs what the command costs. An exception the
    command lets escape is not caught: it fails the test, as a traceback would.
    """
    from pdcontent.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        contextlib.chdir(cwd or os.getcwd()),
    ):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's usage errors and --version
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    stdout.flush()
    stderr.flush()
    return Completed(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@pytest.fixture
def command() -> Callable[..., Completed]:
    """Run ``pdcontent`` in this process; the same interface and result as ``cli``."""

    def call(*args: str, cwd: Path | None = None) -> Completed:
        return run_in_process(list(args), cwd=cwd)

    return call


@pytest.fixture(scope="session")
def content() -> Content:
    """The packaged English content."""
    return pdcontent.load("en")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the content tree; returns its English folder."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content" / "en"


#: the Node side of the tests (Ajv, graphql-http), pinned by its lock file
JS = REPO / "tests" / "js"


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """``tests/js/node_modules``, installed from the lock file when missing or older."""
    installed = JS / "node_modules" / ".package-lock.json"
    lock = JS / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        npm = run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, timeout=300)
        assert npm.code == 0, npm.err
    return installed.parent
