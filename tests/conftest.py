"""Shared fixtures: the repository's content, and running the real ``pdcontent`` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import pdcontent
from pdcontent.content import Content

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


@pytest.fixture(scope="session")
def content() -> Content:
    """The packaged English content."""
    return pdcontent.load("en")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the content tree; returns its English folder."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content" / "en"
