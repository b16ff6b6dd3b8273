"""One convention for every command, through the real ``pdcontent`` in folders a user is in.

Commands that only read (``validate``, ``translations status``, ``export``) default to the
packaged content and take ``--content DIR``; commands that write (``translations init`` and
``confirm``, ``import``, ``schema``) need a checkout and, outside one, exit 2 saying so,
leaving nothing behind.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import BIN, CONTENT, Completed, source_unit_count

pytestmark = pytest.mark.slow

Cli = Callable[..., Completed]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """An empty folder that is no checkout (what a user has after ``pip install``)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The top folder of a checkout: ``content/`` (copied) and ``schema/`` beside it."""
    top = tmp_path / "checkout"
    shutil.copytree(CONTENT, top / "content")
    (top / "schema").mkdir()
    return top


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- read-only commands: the packaged content, or --content -------------------------------


def test_validate_outside_a_checkout_reads_the_packaged_content(cli: Cli, outside: Path) -> None:
    result = cli("validate", cwd=outside)
    assert result.code == 0, result.out + result.err
    assert "file-missing" not in result.out + result.err


def test_validate_takes_content_as_the_other_commands_do(
    cli: Cli, outside: Path, checkout: Path
) -> None:
    broken = checkout / "content" / "en" / "phases.yaml"
    broken.write_text("phases: [\n", encoding="utf-8")
    result = cli("validate", "--content", str(checkout / "content"), cwd=outside)
    assert result.code == 1
    assert "yaml-syntax" in result.out
    both = cli("validate", str(CONTENT), "--content", str(CONTENT), cwd=outside)
    assert both.code == 2
    assert "not both" in both.err


def test_translations_status_outside_a_checkout(cli: Cli, outside: Path) -> None:
    result = cli("translations", "status", cwd=outside)
    assert result.code == 0, result.err
    total = source_unit_count()
    assert f"de: {total}/{total} translated (100%), 0 stale" in result.out
    assert "file-missing" not in result.out + result.err
    assert _listing(outside) == []


def test_translations_status_of_another_tree(cli: Cli, outside: Path, checkout: Path) -> None:
    path = checkout / "content" / "fr" / "phases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"]["initial"]["title"]["source_hash"] = "0" * 16
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("translations", "status", "--content", str(checkout / "content"), cwd=outside)
    assert result.code == 0, result.err
    assert "fr: " in result.out
    assert ", 1 stale" in result.out


def test_export_outside_a_checkout_behind_a_redirect(outside: Path) -> None:
    # as the README writes it: the shell's redirect, the packaged content
    proc = subprocess.run(
        f"{BIN / 'pdcontent'} export --format xliff es > es.xlf",
        shell=True,
        cwd=outside,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    written = (outside / "es.xlf").read_text(encoding="utf-8")
    assert written.startswith("<?xml")
    assert 'trgLang="es"' in written


def test_export_output_is_written_whole_or_not_at_all(cli: Cli, outside: Path) -> None:
    (outside / "taken").write_text("a file where a folder should be", encoding="utf-8")
    target = outside / "taken" / "es.po"
    failed = cli("export", "--format", "po", "es", "--output", str(target), cwd=outside)
    assert failed.code == 1
    assert failed.err.startswith(f"pdcontent export: cannot write {target.parent}")
    assert "nothing was written" in failed.err
    assert _listing(outside) == ["taken"]
    done = cli("export", "--format", "po", "es", "--output", str(outside / "es.po"), cwd=outside)
    assert done.code == 0, done.err
    assert "Language: es" in (outside / "es.po").read_text(encoding="utf-8")


def test_export_of_a_tree_without_english_is_a_usage_error(cli: Cli, outside: Path) -> None:
    result = cli("export", "--format", "po", "es", "--content", str(outside), cwd=outside)
    assert result.code == 2
    assert result.err == f"pdcontent export: {outside} holds no en/ folder\n"
    assert result.out == ""


# --- writing commands: a checkout, or exit 2 ----------------------------------------------


def _exported(cli: Cli, folder: Path) -> Path:
    path = folder / "de.xlf"
    result = cli("export", "--format", "xliff", "de", "--output", str(path))
    assert result.code == 0, result.err
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("translations", "init", "pt-BR"),
        ("translations", "confirm", "de", "phases/initial/title"),
        ("import", "{xliff}"),
        ("schema",),
        ("schema", "--check"),
    ],
    ids=["init", "confirm", "import", "schema", "schema-check"],
)
def test_writing_commands_outside_a_checkout_exit_2_and_write_nothing(
    cli: Cli, outside: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    xliff = _exported(cli, tmp_path)
    result = cli(*(a.format(xliff=xliff) for a in args), cwd=outside)
    assert result.code == 2, result.out + result.err
    name = " ".join(args[:2]) if args[0] == "translations" else args[0]
    assert result.err.startswith(f"pdcontent {name}: this command writes")
    assert "checkout" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert _listing(outside) == []  # no schema/, no content/pt-BR/


def test_writing_into_a_tree_without_english_is_a_usage_error(cli: Cli, outside: Path) -> None:
    result = cli("translations", "init", "pt-BR", "--content", str(outside), cwd=outside)
    assert result.code == 2
    assert result.err == f"pdcontent translations init: {outside} holds no en/ folder\n"
    assert _listing(outside) == []


def test_writing_commands_in_a_checkout(cli: Cli, checkout: Path) -> None:
    init = cli("translations", "init", "pt-BR", cwd=checkout)
    assert init.code == 0, init.err
    assert (checkout / "content" / "pt-BR" / "techniques.yaml").is_file()
    schema = cli("schema", cwd=checkout)
    assert schema.code == 0, schema.err
    assert (checkout / "schema" / "schema.graphql").is_file()
    assert cli("schema", "--check", cwd=checkout).code == 0
    xliff = _exported(cli, checkout)
    imported = cli("import", str(xliff), "--dry-run", cwd=checkout)
    assert imported.code == 0, imported.err


def test_schema_output_works_anywhere(cli: Cli, outside: Path) -> None:
    result = cli("schema", "--output", str(outside / "out"), cwd=outside)
    assert result.code == 0, result.err
    assert (outside / "out" / "schema.graphql").is_file()
