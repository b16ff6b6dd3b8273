"""Synonyms ("also called"): the names marker, its one-unit translation, checks and rule."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
import yaml

import pdcontent
from pdcontent.loading import clear_cache
from pdcontent.models import (
    FILE_KINDS,
    Approach,
    Condition,
    FileKind,
    GlossaryTerm,
    Technique,
    translatable_field,
)
from pdcontent.translations.check import check_overlay
from pdcontent.translations.checks import CheckContext, run_checks
from pdcontent.translations.interchange import Format, export_locale, import_bytes
from pdcontent.translations.overlay import TranslationUnit, UnitStatus
from pdcontent.translations.units import SourceUnit, file_units, split_names, units_by_kind
from pdcontent.validation import check_locale
from pdcontent.validation.synonyms import Named, name_key, synonym_clashes

from .conftest import CONTENT, Completed, source_unit_count

Cli = Callable[..., Completed]

APPROACH_NAMES = "approach/psychodynamic-therapy/also_called"
SCHEMA = Path(__file__).parent.parent / "schema"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the content tree."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


# --- the marker and the units ------------------------------------------------------------


def test_the_marker_describes_one_names_unit_not_a_list() -> None:
    for model in (Technique, Condition, GlossaryTerm):
        described = translatable_field("also_called", model.model_fields["also_called"])
        assert described is not None
        assert (described.names, described.is_list, described.markdown) == (True, False, False)
    title = translatable_field("title", Technique.model_fields["title"])
    assert title is not None
    assert not title.names


def test_the_content_schema_marks_names_as_a_translatable_list() -> None:
    schema = json.loads((SCHEMA / "techniques.schema.json").read_text(encoding="utf-8"))
    prop = schema["$defs"]["Technique"]["properties"]["also_called"]
    assert prop["type"] == "array"
    assert (prop["x-translatable"], prop["x-format"]) == (True, "names")
    overlay = json.loads((SCHEMA / "translation-techniques.schema.json").read_text("utf-8"))
    entity = overlay["properties"]["units"]["additionalProperties"]
    assert "also_called" in entity["properties"]


def test_a_names_list_is_one_unit_with_a_name_a_line() -> None:
    english = check_locale(CONTENT / "en", full=False)
    units = {u.id: u for u in units_by_kind(english.models)["approach"]}
    unit = units[APPROACH_NAMES]
    assert unit.names
    assert unit.index is None
    approach = english.models["approach"]
    assert isinstance(approach, Approach)
    assert unit.text.splitlines() == list(approach.also_called)
    # an item without names has no unit at all (nothing to translate)
    techniques = english.models["techniques"]
    ids = {u.id for u in file_units(_kind("techniques"), techniques)}
    assert "techniques/dream-analysis/also_called" in ids
    assert "techniques/free-association/also_called" not in ids


def _kind(name: str) -> FileKind:
    return next(k for k in FILE_KINDS if k.name == name)


def test_split_names_trims_and_drops_blank_lines() -> None:
    assert split_names("  MBT \n\n mentalisation-based treatment\n") == (
        "MBT",
        "mentalisation-based treatment",
    )


# --- loading -------------------------------------------------------------------------------


def test_each_locale_serves_its_own_names_in_its_own_number() -> None:
    english = pdcontent.load("en").approach.also_called
    german = pdcontent.load("de").approach.also_called
    assert "psychodynamic psychotherapy" in english
    assert "tiefenpsychologisch fundierte Psychotherapie" in german
    assert "analytische Psychotherapie" in german
    assert len(german) != len(english)  # count parity is not required
    for tag in ("es", "fr"):
        names = pdcontent.load(tag).approach.also_called
        assert names
        assert not set(names) & set(english)


def test_the_pseudo_locale_brackets_each_name() -> None:
    english = pdcontent.load("en").approach.also_called
    pseudo = pdcontent.load("en-XA").approach.also_called
    assert len(pseudo) == len(english)
    assert all(name.startswith("⟦") and name.endswith("⟧") for name in pseudo)


# --- translation checks ------------------------------------------------------------------


def _names_source(text: str) -> SourceUnit:
    return SourceUnit("approach", "x", "also_called", None, text, False, (), None, names=True)


def _target(text: str) -> TranslationUnit:
    return TranslationUnit(text=text, source_hash="0123456789abcdef", status=UnitStatus.TRANSLATED)


def test_prose_checks_do_not_apply_to_names() -> None:
    source = _names_source("ICD-10 F43.1\npost-traumatic stress disorder\nPTSD")
    # fewer names, other numbers, a third of the length: all fine for a names list
    findings = run_checks(source, _target("PTBS"), "de", CheckContext())
    assert findings == []


def test_a_blank_line_between_names_is_empty_text() -> None:
    findings = run_checks(_names_source("a\nb"), _target("x\n\ny"), "de", CheckContext())
    assert [f.rule for f in findings] == ["empty-text"]


# --- the duplicate-synonym rule ------------------------------------------------------------


def test_clashes_with_titles_and_names_compare_case_and_space_insensitively() -> None:
    items = [
        Named("a", "Dream analysis", ("dream  WORK", "dream analysis")),
        Named("b", "Transference", ("Dream work", "transference")),
        Named("c", None, ("TRANSFERENCE",)),
        Named("d", "Other", ("x", "X")),
    ]
    messages = [(c.item, c.index, c.message) for c in synonym_clashes(items)]
    assert [(i, j) for i, j, _ in messages] == [(0, 1), (1, 0), (1, 1), (2, 0), (3, 1)]
    assert "its own title" in messages[0][2]
    assert "a name of a" in messages[1][2]
    assert "its own title" in messages[2][2]
    assert "the title of b" in messages[3][2]
    assert "earlier in its own list" in messages[4][2]
    assert name_key("  Tiefenpsychologisch   fundierte ") == "tiefenpsychologisch fundierte"


def test_the_shipped_names_break_no_rule_in_any_locale() -> None:
    english = check_locale(CONTENT / "en")
    assert [p for p in english.problems if p.rule == "duplicate-synonym"] == []
    by_kind = units_by_kind(english.models)
    for tag in ("de", "es", "fr"):
        result = check_overlay(CONTENT / tag, tag, by_kind)
        flagged = [p for p in result.problems if "also_called" in p.message]
        assert flagged == [], flagged


def test_a_translated_title_clashes_with_an_english_fallback_name(root: Path) -> None:
    # German without its names for dream analysis serves the English ones; a German title
    # equal to one of them is then a clash in the German content
    path = root / "de" / "techniques.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["units"]["dream-analysis"]["also_called"]
    data["units"]["free-association"]["title"]["text"] = "Dream work"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    english = check_locale(root / "en")
    result = check_overlay(root / "de", "de", units_by_kind(english.models))
    rules = {(p.rule, p.message.split(":")[0]) for p in result.problems}
    assert ("duplicate-synonym", "techniques/dream-analysis/also_called") in rules
    assert ("missing-unit", "techniques/dream-analysis/also_called") in rules


# --- XLIFF and PO carry the list as one multi-line text --------------------------------------


@pytest.mark.parametrize("fmt", [Format.XLIFF, Format.PO])
def test_interchange_round_trip_with_another_number_of_names(
    root: Path, tmp_path: Path, fmt: Format
) -> None:
    names = "psicoterapia psicodinámica\nterapia psicoanalítica"
    data = export_locale(root, "es", fmt)
    if fmt is Format.PO:
        path = tmp_path / "es.po"
        path.write_bytes(data)
        po = polib.pofile(str(path), encoding="utf-8")
        entry = next(e for e in po if e.msgctxt == APPROACH_NAMES)
        assert entry.msgid.count("\n") == 3  # four English names, one a line
        entry.msgstr = names
        po.save(str(path))
        edited = path.read_bytes()
    else:
        import xml.etree.ElementTree as ET

        from pdcontent.translations.interchange.xliff import XLIFF_NS

        ns = {"x": XLIFF_NS}
        document = ET.fromstring(data)
        unit = document.find(f".//x:unit[@id='{APPROACH_NAMES.replace('/', ':')}']", ns)
        assert unit is not None
        source = unit.find("x:segment/x:source", ns)
        assert source is not None
        assert source.text is not None
        assert source.text.count("\n") == 3
        target = unit.find("x:segment/x:target", ns)
        assert target is not None
        target.text = names
        edited = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    import_bytes(root, edited)
    overlay = yaml.safe_load((root / "es" / "approach.yaml").read_text(encoding="utf-8"))
    assert overlay["units"]["psychodynamic-therapy"]["also_called"]["text"] == names
    clear_cache()
    try:
        served = pdcontent.load("es", path=root).approach.also_called
    finally:
        clear_cache()
    assert served == ("psicoterapia psicodinámica", "terapia psicoanalítica")
    again = export_locale(root, "es", fmt)
    assert names.split("\n")[1].encode() in again


# --- translations status and init --------------------------------------------------------


def _status_line(command: Cli, root: Path, tag: str) -> str:
    result = command("translations", "status", "--content", str(root))
    assert result.code == 0, result.err
    return next(line for line in result.out.splitlines() if line.startswith(f"{tag}:"))


def test_status_counts_a_names_list_as_one_unit(root: Path, command: Cli) -> None:
    english = check_locale(root / "en", full=False)
    names_units = [u for u in units_by_kind(english.models)["glossary"] if u.names]
    assert len(names_units) == 4  # four glossary terms have other names, one unit each
    total = source_unit_count()
    assert f"fr: {total}/{total} translated" in _status_line(command, root, "fr")
    path = root / "fr" / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["units"]["teletherapy"]["also_called"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert f"fr: {total - 1}/{total} translated" in _status_line(command, root, "fr")


def test_an_english_name_added_makes_the_unit_stale_everywhere(root: Path, command: Cli) -> None:
    before = {tag: _status_line(command, root, tag) for tag in ("de", "es", "fr")}
    path = root / "en" / "techniques.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("      - dream work\n") == 1
    path.write_text(text.replace("      - dream work\n", "      - dream work\n      - dreamwork\n"))
    for tag in ("de", "es", "fr"):
        stale = int(before[tag].split(", ")[-1].split()[0])
        assert _status_line(command, root, tag).endswith(f", {stale + 1} stale")


def test_init_scaffolds_the_names_as_one_draft_unit(root: Path, command: Cli) -> None:
    result = command("translations", "init", "pt-BR", "--content", str(root))
    assert result.code == 0, result.err
    data = yaml.safe_load((root / "pt-BR" / "approach.yaml").read_text(encoding="utf-8"))
    unit = data["units"]["psychodynamic-therapy"]["also_called"]
    assert unit["status"] == "draft"
    english = pdcontent.load("en").approach.also_called
    assert split_names(unit["text"]) == english
