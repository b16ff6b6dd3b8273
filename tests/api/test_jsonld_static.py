"""``pdcontent export-static`` writes each item's JSON-LD as a ``.jsonld`` file beside the JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import pdcontent
from pdcontent import jsonld
from pdcontent.models import KINDS

from ..conftest import Completed

BASE = "https://content.example.org/api"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pdcontent_api.static import export_static

    target = tmp_path_factory.mktemp("static-jsonld")
    export_static(target, base_url=BASE)
    return target


def _file(root: Path, locale: str, kind_name: str, item_id: str | None) -> Path:
    name = f"{kind_name}/{item_id}.jsonld" if item_id else f"{kind_name}.jsonld"
    return root / locale / "jsonld" / name


def test_a_jsonld_file_per_item_and_locale(exported: Path) -> None:
    index = json.loads((exported / "index.json").read_text(encoding="utf-8"))
    listed = set(index["files"])
    for locale in index["locales"]:
        content = pdcontent.load(locale)
        for kind in KINDS:
            for item in content.items(kind):
                item_id = item.id if kind.many else None
                path = _file(exported, locale, kind.name, item_id)
                document = json.loads(path.read_text(encoding="utf-8"))
                assert document == jsonld.document(content, item, base_url=BASE)
                assert str(path.relative_to(exported)) in listed
    approach = json.loads(_file(exported, "de", "approach", None).read_text(encoding="utf-8"))
    assert approach["@id"] == f"{BASE}/jsonld/approach?locale=de"


def test_the_json_files_do_not_repeat_it(exported: Path) -> None:
    data = json.loads((exported / "en" / "conditions.json").read_text(encoding="utf-8"))
    assert "jsonLd" not in data["items"][0]


def test_cli_base_url(cli: Callable[..., Completed], tmp_path: Path) -> None:
    result = cli("export-static", str(tmp_path / "out"))
    assert result.code == 0, result.err
    placeholder = json.loads(
        (tmp_path / "out" / "en" / "jsonld" / "approach.jsonld").read_text(encoding="utf-8")
    )
    assert placeholder["@id"] == f"{jsonld.PLACEHOLDER_BASE}/jsonld/approach?locale=en"
    bad = cli("export-static", str(tmp_path / "x"), "--base-url", "example.org")
    assert bad.code == 2
    assert "--base-url" in bad.err
    assert "absolute http(s) URL" in bad.err
    assert "Traceback" not in bad.err
    assert not (tmp_path / "x").exists()
