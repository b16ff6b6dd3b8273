"""The ``pdcontent`` command as a user runs it: exit codes, formats, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CONTENT, Completed, source_unit_count


def test_validate_packaged_content_is_clean(cli: Callable[..., Completed]) -> None:
    result = cli("validate")
    assert result.code == 0, result.out
    assert result.out == ""
    assert "en: 0 error(s), 0 warning(s)" in result.err
    total = source_unit_count()
    for locale in ("de", "es", "fr"):
        assert f"{locale}: 0 error(s), 0 warning(s), {total}/{total} units translated" in result.err


def test_validate_checkout_content(cli: Callable[..., Completed]) -> None:
    assert cli("validate", str(CONTENT)).code == 0
    assert cli("validate", str(CONTENT / "en")).code == 0


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pdcontent", "validate", str(CONTENT), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert report["locales"][0] == "en"
    assert not [p for p in report["problems"] if p["severity"] == "error"]


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "/no/such/folder"),
        ("validate", "--format", "xml"),
        ("frobnicate",),
        (),
    ],
)
def test_usage_errors_exit_2(cli: Callable[..., Completed], args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_folder_without_content_is_a_usage_error(
    command: Callable[..., Completed], tmp_path: Path
) -> None:
    result = command("validate", str(tmp_path))
    assert result.code == 2
    assert "holds no content" in result.err


GARBAGE = [
    b"",
    b"\x00\x01\x02",
    b"{{{{",
    b"[" * 5000,
    b"- " * 3000 + b"x",
    b"a: &a [*a]",
    b"!!python/object:os.system ['echo hi']",
    b"items: !!binary aGVsbG8=",
    b"items:\n  - id: x\n    title: !!float nan\n",
    b"\xef\xbb\xbfid: bom",
    b"key: 'unterminated",
    "title: \u202e\u200b".encode(),
    b"items:\n" + b"  - {id: x}\n" * 2000,
]


@pytest.mark.parametrize("raw", GARBAGE, ids=[f"garbage{i}" for i in range(len(GARBAGE))])
def test_any_file_content_gives_problems_not_a_traceback(
    raw: bytes, content_copy: Path, command: Callable[..., Completed]
) -> None:
    for name in ("techniques.yaml", "metadata.yaml"):
        (content_copy / name).write_bytes(raw)
    result = command("validate", str(content_copy.parent), "--format", "json")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    problems = result.json()["problems"]
    assert {Path(p["file"]).name for p in problems} >= {"techniques.yaml", "metadata.yaml"}
    for problem in problems:
        assert problem["line"] >= 1
        assert problem["column"] >= 1
