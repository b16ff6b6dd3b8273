"""Each file is parsed at most once per command and per server start (counted by yamlsource).

Every command runs in process on a fresh copy of the content tree, with the parse cache
emptied first, so the counts are those of a cold process.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections import Counter
from pathlib import Path

import httpx
import pytest

from pdcontent.cli import main
from pdcontent.models import FILE_KINDS
from pdcontent.tags import PSEUDO_LOCALES, SOURCE_LOCALE, available
from pdcontent.yamlsource import clear_parse_cache, counting_parses, parse_count
from pdcontent_api import Settings, create_app

from .conftest import CONTENT
from .test_interchange import edit_xliff

FILES = len(FILE_KINDS)
TRANSLATIONS = [tag for tag in available(CONTENT) if tag != SOURCE_LOCALE]
TITLE = "techniques/free-association/title"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the content tree, and a parse cache and snapshots that know none of it."""
    # copies of one tree share a digest: an earlier test's snapshots would parse nothing
    monkeypatch.setenv("PDCONTENT_CACHE_DIR", str(tmp_path / "snapshots"))
    shutil.copytree(CONTENT, tmp_path / "content")
    clear_parse_cache()
    return tmp_path / "content"


def under(counts: Counter[str], root: Path) -> Counter[str]:
    """The counts of files below ``root``, keyed by their path relative to it."""
    prefix = os.path.abspath(root)
    return Counter(
        {path[len(prefix) + 1 :]: n for path, n in counts.items() if path.startswith(prefix)}
    )


def run(*args: str) -> int:
    """``pdcontent args`` in this process."""
    return main(list(args))


def test_validate_content_parses_each_file_once(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = parse_count()
    with counting_parses() as counts:
        assert run("validate", str(root)) == 0
    capsys.readouterr()
    assert max(counts.values()) == 1, counts.most_common(3)
    # English, every overlay, and the translation policy
    assert sum(counts.values()) == FILES * (1 + len(TRANSLATIONS)) + 1
    assert under(counts, root)["translation-policy.yaml"] == 1
    assert parse_count() - before == sum(counts.values())


def test_validate_twice_parses_nothing_and_reports_the_same(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # broken files, so the shared documents carry issues and schema findings (kept with
    # the document and replayed the second time) that must neither pile up nor get lost
    (root / "es" / "phases.yaml").write_text("units: {a: 1, a: 2}\n", encoding="utf-8")
    (root / "fr" / "approach.yaml").write_text("locale: fr\nunits: {}\nbogus: 1\n", "utf-8")
    assert run("validate", str(root), "--format", "json") == 1
    first = capsys.readouterr().out
    with counting_parses() as counts:
        assert run("validate", str(root), "--format", "json") == 1
    assert capsys.readouterr().out == first
    assert '"duplicate-key"' in first
    assert '"unknown-field"' in first
    assert not counts


def test_export_parses_each_file_once(root: Path, tmp_path: Path) -> None:
    out = ["--output", str(tmp_path / "es.xlf")]
    with counting_parses() as counts:
        assert run("export", "--format", "xliff", "es", "--content", str(root), *out) == 0
    assert max(counts.values()) == 1, counts.most_common(3)
    # the English source and the Spanish overlay; nothing else
    assert set(under(counts, root)) == {
        f"{tag}/{kind.filename}" for tag in (SOURCE_LOCALE, "es") for kind in FILE_KINDS
    }
    assert sum(counts.values()) == 2 * FILES


def test_import_dry_run_parses_each_file_once(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "es.xlf"
    out = ["--output", str(exported)]
    assert run("export", "--format", "xliff", "es", "--content", str(root), *out) == 0
    edited = tmp_path / "edited.xlf"
    edited.write_bytes(
        edit_xliff(exported.read_bytes(), TITLE, target="Asociación libre (editada)")
    )
    clear_parse_cache()
    with counting_parses() as counts:
        assert run("import", "--dry-run", str(edited), "--content", str(root)) == 0
    assert "would write" in capsys.readouterr().out
    assert max(counts.values()) == 1, counts.most_common(3)
    # English and the overlay once each; the check in a copy of the tree parses only what
    # is new there: the policy (not read before) and the one overlay file the import makes
    assert sum(counts.values()) == 2 * FILES + 2
    outside = {path for path in counts if not path.startswith(os.path.abspath(root))}
    assert {Path(path).name for path in outside} == {
        "translation-policy.yaml",
        "techniques.yaml",
    }


def test_server_start_and_a_query_per_locale_parse_each_file_once(root: Path) -> None:
    locales = [*available(root), *PSEUDO_LOCALES]
    query = "query($l: String) { approach(locale: $l) { title } locales { code } }"

    async def ask(app: object, locale: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/graphql", json={"query": query, "variables": {"l": locale}})

    with counting_parses() as counts:
        app = create_app(Settings(content_root=str(root)))
        for locale in locales:
            response = asyncio.run(ask(app, locale))
            assert response.status_code == 200, response.text
            assert "errors" not in response.json(), response.text
    assert max(counts.values()) == 1, counts.most_common(3)
    # English and every overlay; the API never reads the translation policy
    assert sum(counts.values()) == FILES * (1 + len(TRANSLATIONS))
    assert set(under(counts, root)) == {
        f"{tag}/{kind.filename}" for tag in available(root) for kind in FILE_KINDS
    }
