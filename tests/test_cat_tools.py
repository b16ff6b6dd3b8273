"""Our XLIFF 2.0 and PO files through a real CAT-tool library: translate-toolkit.

A translator's tool reads the export, shows every text, writes the file back; ``pdcontent
import`` must then find nothing to change. White space is text here (blank lines between
Markdown paragraphs, one name a line), so the XLIFF marks each unit ``xml:space="preserve"``,
without which translate-toolkit's XLIFF 2 reader collapses it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from translate.storage import po, xliff2

from pdcontent.translations.interchange.xliff import read_xliff

from .conftest import CONTENT, Completed

Cli = Callable[..., Completed]
LOCALES = ("de", "es", "fr")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the content tree."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def _export(command: Cli, root: Path, locale: str, fmt: str) -> bytes:
    out = root.parent / f"{locale}.{'xlf' if fmt == 'xliff' else fmt}"
    result = command(
        "export", locale, "--format", fmt, "--content", str(root), "--output", str(out)
    )
    assert result.code == 0, result.err
    return out.read_bytes()


def _parse(store: type[Any], data: bytes) -> Any:
    """A translate-toolkit store read from ``data`` (its readers are not typed)."""
    return store.parsestring(data)


def _overlays(root: Path, locale: str) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted((root / locale).glob("*.yaml"))
    }


def _retype(units: list[Any]) -> None:
    """Edit every target and put the text back, as a translator who changed nothing."""
    for unit in units:
        if unit.isheader() or not unit.target:
            continue
        text = unit.target
        unit.target = text + " (edited)"
        unit.target = text


def _import_changes_nothing(command: Cli, root: Path, locale: str, data: bytes, name: str) -> None:
    before = _overlays(root, locale)
    path = root.parent / name
    path.write_bytes(data)

    result = command("import", str(path), "--content", str(root))

    assert result.code == 0, result.out + result.err
    assert f"{locale}: 0 unit(s) updated in 0 file(s)" in result.out + result.err
    assert _overlays(root, locale) == before  # byte-equal and not rewritten


@pytest.mark.parametrize("locale", LOCALES)
def test_translate_toolkit_reads_our_xliff_texts_exactly(
    locale: str, root: Path, command: Cli
) -> None:
    data = _export(command, root, locale, "xliff")
    ours = {r.ref: (r.source, r.target) for r in read_xliff(data).records}

    store = _parse(xliff2.Xliff2File, data)

    theirs = {unit.getid(): (unit.source, unit.target) for unit in store.units}
    assert theirs == ours
    # the cases that need it: Markdown paragraphs and names one a line
    assert any("\n\n" in target for _, target in ours.values())
    # translate-toolkit's units are our segments; the attribute is on their <unit>
    assert all(u.xmlelement.getparent().get(XML_SPACE) == "preserve" for u in store.units)


@pytest.mark.parametrize("locale", LOCALES)
def test_xliff_written_back_by_translate_toolkit_imports_unchanged(
    locale: str, root: Path, command: Cli
) -> None:
    store = _parse(xliff2.Xliff2File, _export(command, root, locale, "xliff"))
    _retype(store.units)

    _import_changes_nothing(command, root, locale, bytes(store), f"{locale}-back.xlf")


def test_without_preserve_translate_toolkit_loses_the_paragraphs(root: Path, command: Cli) -> None:
    """Why the attribute is there: the same file without it does not survive the tool."""
    data = _export(command, root, "fr", "xliff").replace(b' xml:space="preserve"', b"")
    store = _parse(xliff2.Xliff2File, data)
    assert not any("\n" in (unit.target or "") for unit in store.units)


@pytest.mark.parametrize("locale", LOCALES)
def test_po_written_back_by_translate_toolkit_imports_unchanged(
    locale: str, root: Path, command: Cli
) -> None:
    data = _export(command, root, locale, "po")
    store = _parse(po.pofile, data)
    assert any("\n\n" in unit.target for unit in store.units if not unit.isheader())
    _retype(store.units)

    _import_changes_nothing(command, root, locale, bytes(store), f"{locale}-back.po")
