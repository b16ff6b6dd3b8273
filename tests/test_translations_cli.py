"""``pdcontent translations init | status | confirm`` as a translator runs them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import CONTENT, Completed, source_unit_count


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_init_scaffolds_a_locale_that_validates(
    root: Path, command: Callable[..., Completed]
) -> None:
    result = command("translations", "init", "pt-BR", "--content", str(root))
    assert result.code == 0, result.err
    files = sorted(p.name for p in (root / "pt-BR").iterdir())
    assert files == sorted(p.name for p in (root / "en").glob("*.yaml"))
    first = (root / "pt-BR" / "techniques.yaml").read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../../schema/translation-")
    data = yaml.safe_load(first)
    unit = data["units"]["free-association"]["title"]
    assert unit["status"] == "draft"
    assert unit["text"] == "Free association"
    # drafts are not translations: nothing is served from them, nothing fails validation
    status = command("translations", "status", "--content", str(root))
    assert f"pt-BR: 0/{source_unit_count()} translated (0%), 0 stale" in status.out
    validated = command("validate", str(root))
    assert validated.code == 0, validated.out


def test_init_never_overwrites_work(root: Path, command: Callable[..., Completed]) -> None:
    before = (root / "de" / "phases.yaml").read_bytes()
    result = command("translations", "init", "de", "--content", str(root))
    assert result.code == 0
    assert "0 file(s) written" in result.err
    assert (root / "de" / "phases.yaml").read_bytes() == before


@pytest.mark.parametrize("tag", ["en", "../x", "not a tag"])
def test_init_refuses_bad_targets(root: Path, command: Callable[..., Completed], tag: str) -> None:
    result = command("translations", "init", tag, "--content", str(root))
    assert result.code == 2
    assert "Traceback" not in result.err


def test_status_counts_stale_units(root: Path, command: Callable[..., Completed]) -> None:
    path = root / "fr" / "phases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"]["initial"]["title"]["source_hash"] = "0" * 16
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    status = command("translations", "status", "--content", str(root))
    total = source_unit_count()
    assert f"fr: {total}/{total} translated (100%), 1 stale" in status.out


def test_confirm_refreshes_the_hash_of_a_reviewed_unit(
    root: Path, command: Callable[..., Completed]
) -> None:
    path = root / "de" / "phases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    current = data["units"]["initial"]["title"]["source_hash"]
    data["units"]["initial"]["title"]["source_hash"] = "0" * 16
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    stale = command("validate", str(root / "de"), "--strict")
    assert stale.code == 1
    assert "stale-source" in stale.out

    result = command("translations", "confirm", "de", "phases/initial/*", "--content", str(root))
    assert result.code == 0, result.err
    assert "confirmed phases/initial/title" in result.out
    after = yaml.safe_load(path.read_text(encoding="utf-8"))["units"]["initial"]
    assert after["title"]["source_hash"] == current
    assert after["title"]["status"] == "reviewed"
    assert after["summary"]["status"] == "reviewed"
    assert after["summary"]["text"] == data["units"]["initial"]["summary"]["text"]
    assert command("validate", str(root / "de"), "--strict").code == 0
    # other units are untouched
    other = yaml.safe_load(path.read_text(encoding="utf-8"))["units"]["exploration"]["title"]
    assert other["status"] == "translated"


def test_confirm_matching_nothing_fails(root: Path, command: Callable[..., Completed]) -> None:
    result = command("translations", "confirm", "de", "nope/*", "--content", str(root))
    assert result.code == 1
    assert "0 unit(s) confirmed" in result.err
