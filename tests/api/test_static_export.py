"""``pdcontent export-static``: the API's answers as files, equal to what the API serves."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import pdcontent

from ..conftest import Completed


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pdcontent_api.static import export_static

    target = tmp_path_factory.mktemp("static")
    export_static(target)
    return target


def test_every_locale_and_collection_is_exported(exported: Path) -> None:
    index = json.loads((exported / "index.json").read_text(encoding="utf-8"))
    assert index["locales"] == ["en", "de", "es", "fr", "en-XA"]
    assert index["content_version"] == pdcontent.CONTENT_VERSION
    for locale in index["locales"]:
        for name in ("approach", "techniques", "glossary", "crisisResources", "contentInfo"):
            assert (exported / locale / f"{name}.json").is_file()
    assert (
        (exported / "schema.graphql")
        .read_text(encoding="utf-8")
        .startswith(
            (Path(__file__).parents[2] / "schema" / "schema.graphql").read_text(encoding="utf-8")[
                :40
            ]
        )
    )


def test_exported_items_match_the_content(exported: Path) -> None:
    german = pdcontent.load("de")
    data = json.loads((exported / "de" / "techniques.json").read_text(encoding="utf-8"))
    assert data["total"] == len(german.techniques)
    first = data["items"][0]
    technique = german.techniques[0]
    assert first["id"] == technique.id
    assert first["title"] == technique.title
    assert first["body"] == technique.body
    assert first["bodyHtml"].startswith("<p>")
    assert first["locale"] == "de"
    assert first["translationStatus"] == "TRANSLATED"
    assert [p["id"] for p in first["principles"]] == list(technique.principles)
    guide = json.loads((exported / "en" / "sessionGuide.json").read_text(encoding="utf-8"))
    assert guide["minutes"] == {"min": 45, "max": 50}
    assert guide["frequency"] == "WEEKLY"
    approach = json.loads((exported / "en" / "approach.json").read_text(encoding="utf-8"))
    assert {a["abbreviation"] for a in approach["relatedApproaches"]} == {"TFP", "MBT"}


@pytest.mark.parametrize("locale", ["en", "de", "es", "fr"])
def test_other_names_are_exported_per_locale(exported: Path, locale: str) -> None:
    content = pdcontent.load(locale)
    approach = json.loads((exported / locale / "approach.json").read_text(encoding="utf-8"))
    assert approach["alsoCalled"] == list(content.approach.also_called)
    conditions = json.loads((exported / locale / "conditions.json").read_text(encoding="utf-8"))
    by_id = {item["id"]: item["alsoCalled"] for item in conditions["items"]}
    assert by_id["trauma"] == list(content.conditions.lookup("trauma").also_called)
    assert by_id["interpersonal-difficulties"] == []


def test_cli_export_static(cli: Callable[..., Completed], tmp_path: Path) -> None:
    result = cli("export-static", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert "files to" in result.err
    locales = json.loads((tmp_path / "out" / "locales.json").read_text(encoding="utf-8"))
    assert [entry["code"] for entry in locales][:4] == ["en", "de", "es", "fr"]
    bad = cli("export-static", str(tmp_path / "x"), "--content", str(tmp_path / "missing"))
    assert bad.code == 2
    assert "Traceback" not in bad.err
