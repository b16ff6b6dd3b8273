"""Without Chromium the browser tests skip and say why; where CI requires them, they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPO

pytestmark = pytest.mark.slow


def _run_a_browser_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PDCONTENT_")}
    environ.update(env, PDCONTENT_CHROMIUM=str(tmp_path / "no-chromium"))
    test = "tests/browser/test_graphiql.py::test_a_shared_query_url_opens_with_that_query"
    return subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_missing_browser_skips_with_its_reason(tmp_path: Path) -> None:
    result = _run_a_browser_test(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert f"{tmp_path / 'no-chromium'} is missing" in result.stdout
    assert "apt-get install chromium" in result.stdout


def test_a_missing_browser_fails_where_it_is_required(tmp_path: Path) -> None:
    result = _run_a_browser_test(tmp_path, PDCONTENT_REQUIRE_BROWSER="1")
    assert result.returncode == 1, result.stdout
    assert "PDCONTENT_REQUIRE_BROWSER=1 requires the browser tests to run" in result.stdout
