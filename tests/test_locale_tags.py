"""Locale tags are canonical before they name a folder or a cache key (BCP 47 case rules).

An exchange file for ``ES`` updates ``es/`` and never makes a second folder beside it;
only ``translations init`` makes a locale; two folders of one tag are a validation error.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import pdcontent
from pdcontent.tags import canonical, folder_for
from pdcontent.translations.interchange import Format, export_locale

from .conftest import CONTENT, Completed
from .test_atomic_writes import tree
from .test_interchange import edit_xliff

TITLE = "techniques/free-association/title"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ES", "es"),
        ("es", "es"),
        ("pt-br", "pt-BR"),
        ("PT-BR", "pt-BR"),
        ("zh-hant", "zh-Hant"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("de-CH-1996", "de-CH-1996"),
        ("EN-xa", "en-XA"),
        ("en-US-X-Private", "en-US-x-private"),  # after a singleton: lower case
    ],
)
def test_canonical_follows_the_bcp47_case_rules(given: str, expected: str) -> None:
    assert canonical(given) == expected
    assert canonical(expected) == expected


@pytest.mark.parametrize("bad", ["", "../es", "es/..", "e", "es_MX", "x" * 40, "es--MX"])
def test_canonical_refuses_what_is_not_a_tag(bad: str) -> None:
    with pytest.raises(LookupError, match="not a well-formed locale tag"):
        canonical(bad)


def xliff_for(root: Path, tmp_path: Path, trg_lang: str) -> Path:
    data = edit_xliff(export_locale(root, "es", Format.XLIFF), TITLE, "Asociación libre (prueba)")
    data = data.replace(b'trgLang="es"', f'trgLang="{trg_lang}"'.encode())
    path = tmp_path / f"{trg_lang}.xlf"
    path.write_bytes(data)
    return path


def test_import_of_an_upper_case_trglang_updates_the_existing_folder(
    root: Path, tmp_path: Path, command: Callable[..., Completed]
) -> None:
    before = tree(root)
    exchange = xliff_for(root, tmp_path, "ES")
    result = command("import", str(exchange), "--content", str(root))
    assert result.code == 0, result.err
    assert "es: 1 unit(s) updated in 1 file(s)" in result.out
    after = tree(root)
    assert sorted(after) == sorted(before)  # no ES/ beside es/
    assert [name for name in before if before[name] != after[name]] == ["es/techniques.yaml"]
    data = yaml.safe_load((root / "es" / "techniques.yaml").read_text(encoding="utf-8"))
    assert data["locale"] == "es"
    assert command("validate", str(root)).code == 0


def test_import_of_a_posix_language_header_updates_the_bcp47_folder(
    root: Path, tmp_path: Path, command: Callable[..., Completed]
) -> None:
    assert command("translations", "init", "pt-BR", "--content", str(root)).code == 0
    data = export_locale(root, "pt-BR", Format.PO).decode("utf-8")
    assert '"Language: pt-BR\\n"' in data
    data = data.replace('"Language: pt-BR\\n"', '"Language: pt_br\\n"')
    path = tmp_path / "pt.po"
    path.write_text(data, encoding="utf-8")
    before = tree(root)
    result = command("import", str(path), "--content", str(root))
    assert result.code == 0, result.err
    assert sorted(tree(root)) == sorted(before)
    assert not (root / "pt_br").exists()


def test_import_refuses_a_locale_without_a_folder(
    root: Path, tmp_path: Path, command: Callable[..., Completed]
) -> None:
    before = tree(root)
    result = command("import", str(xliff_for(root, tmp_path, "IT")), "--content", str(root))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "there is no it/ folder" in result.err
    assert "pdcontent translations init it" in result.err
    assert tree(root) == before


def test_import_refuses_a_locale_held_by_a_non_canonical_folder(
    root: Path, tmp_path: Path, command: Callable[..., Completed]
) -> None:
    (root / "es").rename(root / "ES")
    before = tree(root)
    result = command("import", str(xliff_for(root, tmp_path, "es")), "--content", str(root))
    assert result.code == 1
    assert "ES/ under" in result.err
    assert "keep one folder named es/" in result.err
    assert tree(root) == before


def test_init_canonicalizes_the_folder_and_the_locale_field(
    root: Path, command: Callable[..., Completed]
) -> None:
    result = command("translations", "init", "PT-br", "--content", str(root))
    assert result.code == 0, result.err
    assert (root / "pt-BR").is_dir()
    assert not (root / "PT-br").exists()
    data = yaml.safe_load((root / "pt-BR" / "phases.yaml").read_text(encoding="utf-8"))
    assert data["locale"] == "pt-BR"
    again = command("translations", "init", "pt-br", "--content", str(root))
    assert "0 file(s) written" in again.err  # the same locale: existing files kept


def test_init_refuses_to_make_a_second_folder_for_one_locale(
    root: Path, command: Callable[..., Completed]
) -> None:
    (root / "de").rename(root / "DE")
    before = tree(root)
    result = command("translations", "init", "de", "--content", str(root))
    assert result.code == 1
    assert "DE/ under" in result.err
    assert "Traceback" not in result.err
    assert tree(root) == before


def test_init_refuses_the_source_locale_in_any_case(
    root: Path, command: Callable[..., Completed]
) -> None:
    result = command("translations", "init", "EN", "--content", str(root))
    assert result.code == 2
    assert not (root / "EN").exists()


def test_confirm_and_export_take_any_case(root: Path, command: Callable[..., Completed]) -> None:
    result = command("translations", "confirm", "FR", "phases/initial/*", "--content", str(root))
    assert result.code == 0, result.err
    exported = command("export", "--format", "xliff", "ES", "--content", str(root))
    assert exported.code == 0
    assert 'trgLang="es"' in exported.out


def test_validate_reports_two_folders_of_one_tag(
    root: Path, command: Callable[..., Completed]
) -> None:
    shutil.copytree(root / "es", root / "ES")
    result = command("validate", str(root))
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if "locale-folder-clash" in line]
    assert len(lines) == 2
    for name, line in zip(["ES", "es"], lines, strict=True):
        assert re.fullmatch(
            rf".*/{name}:1:1: locale-folder-clash: ES/ and es/ are the same locale es "
            r"\(merge them into one folder named es/\)",
            line,
        ), line


def test_validate_warns_of_a_non_canonical_folder_name(
    root: Path, command: Callable[..., Completed]
) -> None:
    assert command("translations", "init", "pt-BR", "--content", str(root)).code == 0
    (root / "pt-BR").rename(root / "pt-br")
    for path in (root / "pt-br").glob("*.yaml"):  # as older tools wrote them
        text = path.read_text(encoding="utf-8").replace("locale: pt-BR\n", "locale: pt-br\n")
        path.write_text(text, encoding="utf-8")
    result = command("validate", str(root))
    assert result.code == 0, result.out
    assert "pt-br:1:1: locale-folder-case: pt-br/ is the locale pt-BR" in result.out
    with pytest.raises(LookupError, match="keep one folder named pt-BR/"):
        folder_for(root, "PT-BR")


def test_load_keys_its_cache_by_the_canonical_tag() -> None:
    assert pdcontent.load("ES") is pdcontent.load("es")
    assert pdcontent.load("Es").locale == "es"
    assert pdcontent.load("DE-at") is pdcontent.load("de-AT")
