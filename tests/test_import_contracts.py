"""The import contracts of ``pyproject.toml`` hold, and catch the imports they exist to stop."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import BIN, REPO

LINT_IMPORTS = str(BIN / "lint-imports")


def _lint(cwd: Path, *args: str, pythonpath: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_contract_is_kept() -> None:
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the packages and their contracts, for adding imports that break them."""
    root = tmp_path_factory.mktemp("contracts")
    shutil.copy(REPO / "pyproject.toml", root)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "src" / "pdcontent", root / "src" / "pdcontent", ignore=ignore)
    shutil.copytree(REPO / "api" / "pdcontent_api", root / "api" / "pdcontent_api", ignore=ignore)
    clean = _lint(root, pythonpath=_paths(root))
    assert clean.returncode == 0, clean.stdout + clean.stderr  # so each break is the cause
    return root


def _paths(root: Path) -> str:
    """PYTHONPATH for the copy: it comes before the editable install of the real packages."""
    return os.pathsep.join([str(root / "src"), str(root / "api")])


# (contract id, file under src/ or api/, the line added to it)
BREAKS = [
    ("core-without-api", "src/pdcontent/tags.py", "import pdcontent_api.settings"),
    ("core-without-api", "src/pdcontent/loading.py", "import starlette"),
    ("core-layers", "src/pdcontent/validation/report.py", "from ..translations import units"),
    ("core-layers", "src/pdcontent/models/base.py", "from .. import yamlsource"),
    ("core-layers", "src/pdcontent/translations/units.py", "from .. import content"),
    ("core-layers", "src/pdcontent/unplaced.py", '"""A module no layer names."""'),
    ("api-layers", "api/pdcontent_api/derive.py", "from . import query"),
    ("no-cycles", "src/pdcontent/translations/interchange/records.py", "from . import plan"),
]


@pytest.mark.parametrize(("contract", "file", "line"), BREAKS, ids=[b[1] for b in BREAKS])
def test_a_contract_catches_the_import_it_forbids(
    checkout: Path, contract: str, file: str, line: str
) -> None:
    path = checkout / file
    original = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(f"{original or ''}\n{line}\n", encoding="utf-8")
    try:
        result = _lint(checkout, "--contract", contract, pythonpath=_paths(checkout))
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
