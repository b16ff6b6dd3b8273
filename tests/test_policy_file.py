"""A broken ``translation-policy.yaml`` is reported like a broken content file.

Each fixture in ``fixtures/broken-policy`` replaces the policy of a copy of the content;
its first line says what must be reported (``# expect: RULE LINE``).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pdcontent.cli import main
from pdcontent.translations.policy import POLICY_FILE, PolicyError, read_policy

from .conftest import CONTENT, Completed

FIXTURES = Path(__file__).parent / "fixtures" / "broken-policy"
CASES = sorted(FIXTURES.glob("*.yaml"))
DUPLICATE = FIXTURES / "duplicate-suppressions.yaml"


def _expected(case: Path) -> tuple[str, int]:
    found = re.match(rb"# expect: ([a-z-]+) (\d+)\n", case.read_bytes())
    assert found, case
    return found[1].decode(), int(found[2])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the content tree."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_the_fixtures_cover_reading_schema_and_model_rules() -> None:
    rules = {_expected(case)[0] for case in CASES}
    assert rules >= {
        "duplicate-key",
        "yaml-syntax",
        "yaml-alias",
        "non-string-key",
        "encoding",
        "wrong-type",
        "unknown-field",
        "missing-field",
        "invalid-value",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_policy_is_one_placed_problem(
    case: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule, line = _expected(case)
    shutil.copyfile(case, root / POLICY_FILE)

    code = main(["validate", str(root), "--format", "json"])

    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert [(p["rule"], p["line"], Path(p["file"]).name) for p in report["problems"]] == [
        (rule, line, POLICY_FILE)
    ]
    assert report["problems"][0]["column"] >= 1


def test_duplicate_suppressions_key_is_an_error_not_a_silent_drop(root: Path) -> None:
    shutil.copyfile(DUPLICATE, root / POLICY_FILE)
    with pytest.raises(PolicyError) as caught:
        read_policy(root)
    assert [(p.rule, p.line, p.column) for p in caught.value.problems] == [("duplicate-key", 11, 1)]
    assert POLICY_FILE in str(caught.value)
    assert "duplicate-key at line 11" in caught.value.detail


def test_duplicate_suppressions_key_through_the_command(
    root: Path, cli: Callable[..., Completed]
) -> None:
    shutil.copyfile(DUPLICATE, root / POLICY_FILE)
    result = cli("validate", str(root))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert re.fullmatch(
        rf".*{re.escape(POLICY_FILE)}:11:1: duplicate-key: key 'suppressions' appears again "
        r"\(first at line 3\) \(remove or merge one of the two\)",
        result.out.strip(),
    ), result.out
    assert "policy: 1 error(s)" in result.err


def test_an_empty_policy_file_is_the_default_policy(root: Path) -> None:
    (root / POLICY_FILE).write_text("# nothing yet\n", encoding="utf-8")
    assert read_policy(root).suppressions == ()
    assert read_policy(root).length_ratio.max == 2.0


def test_an_edited_policy_is_read_again(root: Path) -> None:
    before = read_policy(root)
    assert "TFP" in before.do_not_translate
    path = root / POLICY_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - TFP\n", "  - TFP-X\n"), encoding="utf-8"
    )
    assert "TFP-X" in read_policy(root).do_not_translate
