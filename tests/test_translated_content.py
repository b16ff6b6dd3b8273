"""Loading translations: per-unit fallback, stale and draft units, pseudo-locale, catalog."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import pdcontent
from pdcontent.provenance import TranslationStatus

from .conftest import CONTENT


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def _edit_unit(path: Path, key: str, field: str, **changes: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit = data["units"][key][field]
    if changes.pop("remove", None):
        del data["units"][key][field]
    else:
        unit.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(("tag", "served"), [("de", "de"), ("de-AT", "de"), ("es-MX", "es")])
def test_regional_tags_resolve_to_their_language(tag: str, served: str) -> None:
    content = pdcontent.load(tag)
    assert content.locale == served
    assert content is pdcontent.load(served)
    technique = content.techniques.lookup("free-association")
    provenance = content.provenance(technique)
    assert provenance.locale == served
    assert provenance.status is TranslationStatus.TRANSLATED


def test_structure_comes_only_from_english() -> None:
    english, german = pdcontent.load("en"), pdcontent.load("de")
    assert german.techniques.ids() == english.techniques.ids()
    assert german.session_guide.minutes == english.session_guide.minutes
    assert german.references[0].doi == english.references[0].doi
    assert german.references[0].title == english.references[0].title  # published title kept
    assert german.techniques[0].title != english.techniques[0].title


def test_missing_unit_falls_back_to_english_visibly(tree: Path) -> None:
    _edit_unit(tree / "fr" / "phases.yaml", "initial", "summary", remove="yes")
    content = pdcontent.load("fr", path=tree)
    phase = content.phases.lookup("initial")
    english = pdcontent.load("en", path=tree).phases.lookup("initial")
    assert phase.summary == english.summary
    assert phase.title != english.title
    provenance = content.provenance(phase)
    assert provenance.status is TranslationStatus.FALLBACK
    assert provenance.fields["summary"].locale == "en"
    assert provenance.fields["title"].locale == "fr"


def test_draft_units_are_not_served(tree: Path) -> None:
    _edit_unit(tree / "es" / "phases.yaml", "initial", "title", status="draft")
    content = pdcontent.load("es", path=tree)
    assert content.phases.lookup("initial").title == "Getting started" or re.match(
        r"[A-Z]", content.phases.lookup("initial").title
    )
    english = pdcontent.load("en", path=tree).phases.lookup("initial").title
    assert content.phases.lookup("initial").title == english
    assert content.provenance(content.phases.lookup("initial")).status is TranslationStatus.FALLBACK


def test_stale_units_are_served_and_marked(tree: Path) -> None:
    _edit_unit(tree / "de" / "phases.yaml", "initial", "title", source_hash="0" * 16)
    content = pdcontent.load("de", path=tree)
    phase = content.phases.lookup("initial")
    assert content.provenance(phase).status is TranslationStatus.STALE
    assert content.provenance(phase).fields["title"].locale == "de"
    info = {entry.code: entry for entry in pdcontent.locales(path=tree)}
    assert info["de"].stale == 1


def test_broken_overlay_is_a_content_error(tree: Path) -> None:
    (tree / "de" / "phases.yaml").write_text("locale: de\nunits: [\n", encoding="utf-8")
    with pytest.raises(pdcontent.ContentError) as caught:
        pdcontent.load("de", path=tree)
    assert caught.value.problems[0].rule == "yaml-syntax"
    assert caught.value.problems[0].file.endswith("phases.yaml")


def test_pseudo_locale() -> None:
    content = pdcontent.load("en-XA")
    english = pdcontent.load("en")
    title = content.techniques[0].title
    assert title.startswith("⟦")
    assert title.endswith("⟧")
    assert len(title) >= 1.3 * len(english.techniques[0].title)
    assert content.provenance(content.techniques[0]).status is TranslationStatus.PSEUDO
    body = content.conditions.lookup("anxiety").evidence_note
    assert re.findall(r"\d+", body) == re.findall(
        r"\d+", english.conditions.lookup("anxiety").evidence_note
    )
    assert content.session_guide.minutes.min == 45


def test_locale_catalog() -> None:
    catalog = {entry.code: entry for entry in pdcontent.locales()}
    assert next(iter(catalog)) == "en"
    assert catalog["en"].source
    assert catalog["de"].native_name == "Deutsch"
    assert catalog["fr"].direction == "ltr"
    for code in ("de", "es", "fr"):
        assert catalog[code].completeness == 1.0
        assert catalog[code].stale == 0
    assert catalog["en-XA"].pseudo


def test_translation_metadata_is_honest() -> None:
    for code in ("de", "es", "fr"):
        data = yaml.safe_load((CONTENT / code / "metadata.yaml").read_text(encoding="utf-8"))
        assert data["provenance"]["method"] == "machine-assisted"
        assert data["provenance"]["clinically_reviewed"] is False
