"""Each broken fixture is reported with its rule id and line, through the real CLI.

A fixture in ``fixtures/broken`` replaces one file of a copy of the good content. Its
header says which file (``# target:``), and what must be reported (``# expect: RULE LINE``);
``# delete:`` removes the target instead.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pdcontent.problems import RULES

from .conftest import Completed

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(FIXTURES.glob("*.yaml"))


def _header(path: Path) -> dict[str, str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return dict(re.findall(r"^# (target|expect|delete): (.*)$", text, re.MULTILINE))


def test_there_is_a_fixture_for_at_least_twenty_mistakes() -> None:
    assert len(CASES) >= 20
    rules = {_header(case)["expect"].split()[0] for case in CASES}
    assert rules <= set(RULES)
    assert len(rules) >= 18


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_fixture_is_reported(
    case: Path, content_copy: Path, command: Callable[..., Completed]
) -> None:
    header = _header(case)
    rule, line = header["expect"].split()
    target = content_copy / header["target"]
    if "delete" in header:
        target.unlink()
    else:
        shutil.copyfile(case, target)

    result = command("validate", str(content_copy.parent), "--format", "json")

    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    problems = result.json()["problems"]
    in_target = [p for p in problems if Path(p["file"]).name == target.name]
    found = {(p["rule"], p["line"]) for p in in_target}
    assert (rule, int(line)) in found, in_target
    # the fixture holds one mistake, so nothing else is reported in its file
    assert {p["rule"] for p in in_target} == {rule}, in_target


def test_text_output_is_one_line_per_problem(
    content_copy: Path, command: Callable[..., Completed]
) -> None:
    shutil.copyfile(FIXTURES / "unknown-field.yaml", content_copy / "course-length.yaml")
    result = command("validate", str(content_copy.parent))
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r".*course-length\.yaml:8:1: unknown-field: unknown field 'sumary' "
        r"\(did you mean 'summary'\?\)",
        lines[0],
    )
