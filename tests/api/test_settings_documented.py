"""Every server setting has its row in the README's settings table, and no row is stale."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from pdcontent_api.settings import ENV_PREFIX, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _table_variables() -> set[str]:
    # rows of the settings table: "| name | `PDCONTENT_X` | default | meaning |"
    row = re.compile(rf"^\| [^|]+ \| `({ENV_PREFIX}[A-Z_]+)` \|", re.MULTILINE)
    return set(row.findall(README.read_text(encoding="utf-8")))


def test_every_setting_is_in_the_readme_table() -> None:
    variables = {ENV_PREFIX + f.name.upper() for f in fields(Settings)}
    assert variables == _table_variables()
