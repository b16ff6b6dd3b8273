"""All-or-nothing writes: every writing command, a failure at the second of several files.

Each case diffs the whole tree before and after: a failed command leaves no byte changed,
no temporary file behind, exits 1 with one clean line and no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pdcontent.translations.interchange import Format, export_locale
from pdcontent.writing import WriteError, write_all

from .conftest import CONTENT, SCHEMA, Completed
from .test_interchange import edit_xliff


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` (folders as None), hidden and temporary files included."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        out[str(path.relative_to(root))] = None if path.is_dir() else path.read_bytes()
    return out


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def fail_second_replace(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the second ``os.replace`` fail (a full disk, say); later ones (the restore) work."""
    calls: list[str] = []
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def two_file_import(root: Path, tmp_path: Path) -> Path:
    """An XLIFF file that changes units in two overlay files of ``es``."""
    data = export_locale(root, "es", Format.XLIFF)
    data = edit_xliff(data, "techniques/free-association/title", "Asociación libre de ideas")
    data = edit_xliff(data, "metadata/metadata/title", "Terapia psicodinámica (guía)")
    path = tmp_path / "two.xlf"
    path.write_bytes(data)
    return path


def assert_clean_failure(result: Completed, prefix: str) -> None:
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err + result.out
    lines = result.err.strip().splitlines()
    assert lines[-1].startswith(f"pdcontent {prefix}: cannot write ")
    assert lines[-1].endswith("; nothing was written")


# --- every command, the second file's rename fails ---------------------------------------


def test_import_failing_at_the_second_file_writes_nothing(
    root: Path, tmp_path: Path, command: Callable[..., Completed], fail_second_replace: list[str]
) -> None:
    exchange = two_file_import(root, tmp_path)
    before = tree(root)
    result = command("import", str(exchange), "--content", str(root))
    assert_clean_failure(result, "import")
    assert "No space left on device" in result.err
    assert tree(root) == before
    assert len([c for c in fail_second_replace if c.endswith(".yaml")]) >= 2


def test_confirm_failing_at_the_second_file_writes_nothing(
    root: Path, command: Callable[..., Completed], fail_second_replace: list[str]
) -> None:
    before = tree(root)
    result = command("translations", "confirm", "fr", "*", "--content", str(root))
    assert_clean_failure(result, "translations")
    assert tree(root) == before


def test_init_failing_at_the_second_file_writes_nothing(
    root: Path, command: Callable[..., Completed], fail_second_replace: list[str]
) -> None:
    before = tree(root)
    result = command("translations", "init", "pt-BR", "--content", str(root))
    assert_clean_failure(result, "translations")
    assert tree(root) == before
    assert not (root / "pt-BR").exists()  # not even the folder


def test_schema_failing_at_the_second_file_writes_nothing(
    tmp_path: Path, command: Callable[..., Completed], fail_second_replace: list[str]
) -> None:
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA, target)
    for path in sorted(target.glob("*.json"))[:3]:
        path.write_text("{}\n", encoding="utf-8")  # three stale files to rewrite
    before = tree(target)
    result = command("schema", "--output", str(target))
    assert_clean_failure(result, "schema")
    assert tree(target) == before


def test_the_same_commands_succeed_without_the_failure(
    root: Path, tmp_path: Path, command: Callable[..., Completed]
) -> None:
    exchange = two_file_import(root, tmp_path)
    result = command("import", str(exchange), "--content", str(root))
    assert result.code == 0, result.err
    assert "es: 2 unit(s) updated in 2 file(s)" in result.out
    assert command("translations", "confirm", "fr", "*", "--content", str(root)).code == 0
    assert command("translations", "init", "pt-BR", "--content", str(root)).code == 0
    assert not [p for p in root.rglob(".*") if p.is_file()]  # no temporary file left
    assert command("validate", str(root)).code == 0


# --- real failures: an immutable file, a read-only folder, a folder in the way -----------


def _chattr(flag: str, path: Path) -> bool:
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """Mark paths immutable (chattr +i, root on ext4); always undone afterwards."""
    marked: list[Path] = []

    def mark(path: Path) -> None:
        if shutil.which("chattr") is None or not _chattr("+i", path):
            pytest.skip("chattr +i is not available here (needs root on ext4)")
        marked.append(path)

    yield mark
    for path in marked:
        _chattr("-i", path)


def test_import_onto_an_immutable_second_file_writes_nothing(
    root: Path, tmp_path: Path, command: Callable[..., Completed], immutable: Callable[[Path], None]
) -> None:
    exchange = two_file_import(root, tmp_path)
    # the import writes metadata.yaml and techniques.yaml: make the later one immutable
    immutable(root / "es" / "techniques.yaml")
    before = tree(root)
    result = command("import", str(exchange), "--content", str(root))
    assert_clean_failure(result, "import")
    assert "techniques.yaml" in result.err
    assert tree(root) == before


def test_init_into_a_read_only_content_root_writes_nothing(
    root: Path, command: Callable[..., Completed], immutable: Callable[[Path], None]
) -> None:
    immutable(root)  # like a read-only checkout, even for root
    before = tree(root)
    result = command("translations", "init", "pt-BR", "--content", str(root))
    assert_clean_failure(result, "translations")
    assert tree(root) == before


def test_init_with_a_folder_where_a_file_should_be_writes_nothing(
    root: Path, command: Callable[..., Completed]
) -> None:
    (root / "it" / "phases.yaml").mkdir(parents=True)
    before = tree(root)
    result = command("translations", "init", "it", "--content", str(root))
    assert result.code == 1
    assert "a folder is in the way" in result.err
    assert "Traceback" not in result.err
    assert tree(root) == before


def test_schema_into_a_read_only_folder_writes_nothing(
    tmp_path: Path, command: Callable[..., Completed], immutable: Callable[[Path], None]
) -> None:
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA, target)
    (target / "metadata.schema.json").write_text("{}\n", encoding="utf-8")
    immutable(target)
    before = tree(target)
    result = command("schema", "--output", str(target))
    assert_clean_failure(result, "schema")
    assert tree(target) == before


def test_schema_with_a_file_where_the_folder_should_be(
    tmp_path: Path, command: Callable[..., Completed]
) -> None:
    target = tmp_path / "schema"
    target.write_text("not a folder\n", encoding="utf-8")
    result = command("schema", "--output", str(target))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert target.read_text(encoding="utf-8") == "not a folder\n"


# --- the writer itself ------------------------------------------------------------------


def test_write_all_restores_replaced_files_and_removes_new_ones(
    tmp_path: Path, fail_second_replace: list[str]
) -> None:
    (tmp_path / "a.txt").write_text("old a", encoding="utf-8")
    files: dict[Path, str | bytes] = {
        tmp_path / "a.txt": "new a",
        tmp_path / "new" / "b.txt": "new b",
        tmp_path / "c.txt": b"new c",
    }
    before = tree(tmp_path)
    with pytest.raises(WriteError, match=r"cannot write .*b\.txt: No space left on device"):
        write_all(files)
    assert tree(tmp_path) == before


def test_write_all_keeps_the_mode_of_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_all({path: "new", tmp_path / "y.yaml": "fresh"})
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "y.yaml").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml", "y.yaml"]


def test_confirm_onto_an_immutable_second_file_writes_nothing(
    root: Path, command: Callable[..., Completed], immutable: Callable[[Path], None]
) -> None:
    from pdcontent.models import FILE_KINDS

    # confirm '*' rewrites every file of fr (in FILE_KINDS order): pin the second
    immutable(root / "fr" / FILE_KINDS[1].filename)
    before = tree(root)
    result = command("translations", "confirm", "fr", "*", "--content", str(root))
    assert_clean_failure(result, "translations")
    assert FILE_KINDS[1].filename in result.err
    assert tree(root) == before


def test_an_interrupt_between_renames_is_rolled_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).write_text(f"old {name}", encoding="utf-8")
    before = tree(tmp_path)
    real = os.replace
    calls: list[object] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_all({tmp_path / n: f"new {n}" for n in ("a", "b", "c")})
    assert tree(tmp_path) == before


def test_write_all_writes_through_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "x.yaml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "x.yaml"
    link.symlink_to(real)
    write_all({link: "new"})
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
