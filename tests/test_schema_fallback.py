"""Validation without the committed schema files: the schemas made from the models agree.

The validator reads ``schema/*.schema.json``; when a file cannot be read it makes the schema
from the models (the English kinds) or the overlay format (the translations) instead.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from pdcontent.translations.tree import validate_tree
from pdcontent.validation import schema_errors

from .conftest import CONTENT

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = re.compile(r"^# (\w+): (.*)$", re.MULTILINE)
#: the rules a JSON Schema reports
SCHEMA_RULES = {"missing-field", "unknown-field", "wrong-type", "empty-text", "invalid-id"}


def _header(path: Path) -> dict[str, str]:
    return dict(HEADER.findall(path.read_bytes().decode("utf-8", errors="replace")))


CASES = [
    case
    for folder in ("broken", "broken-translations")
    for case in sorted((FIXTURES / folder).glob("*.yaml"))
    if _header(case)["expect"].split()[0] in SCHEMA_RULES
]


def _problems(root: Path) -> list[str]:
    return [str(p) for report in validate_tree(root) for p in report.problems]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_generated_schemas_find_what_the_committed_ones_find(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    header = _header(case)
    folder = root / ("en" if case.parent.name == "broken" else header.get("locale", "es"))
    if "delete" in header:
        (folder / header["target"]).unlink()
    else:
        shutil.copyfile(case, folder / header["target"])
    monkeypatch.setattr(schema_errors, "_VALIDATORS", {})
    committed = _problems(root)
    assert committed, "the fixture must be reported"

    empty = tmp_path / "no-schemas"
    empty.mkdir()
    monkeypatch.setattr(schema_errors, "_VALIDATORS", {})
    monkeypatch.setattr(schema_errors, "schema_root", lambda: empty)
    assert _problems(root) == committed
    # the committed files carry an $id; what the models make here does not
    assert schema_errors._VALIDATORS
    schemas = [v.schema for v in schema_errors._VALIDATORS.values()]
    assert not any(isinstance(s, Mapping) and "$id" in s for s in schemas)
