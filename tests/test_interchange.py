"""XLIFF 2.0 and gettext PO export/import: round trips, hash and state rules, refusals."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdcontent.models import FILE_KINDS
from pdcontent.translations.interchange import (
    Entry,
    Format,
    InterchangeError,
    Snapshot,
    export_locale,
    export_snapshot,
    import_bytes,
    load_snapshot,
    plan_document,
    read_document,
)
from pdcontent.translations.interchange.xliff import MDA_NS, XLIFF_NS
from pdcontent.translations.overlay import TranslationFile, TranslationUnit, UnitStatus
from pdcontent.translations.scaffold import modeline
from pdcontent.translations.units import SourceUnit, source_units
from pdcontent.translations.yamlwriter import dump
from pdcontent.validation import check_locale
from pdcontent.yamlsource import parse

from .conftest import CONTENT, Completed

NS = {"x": XLIFF_NS, "mda": MDA_NS}
KINDS = [kind.name for kind in FILE_KINDS]
TITLE = "techniques/free-association/title"
NMTOKEN = re.compile(r"^[\w.:-]+$")
PROBLEM_LINE = re.compile(r"es/techniques\.yaml:\d+:\d+: [a-z-]+: ")


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the repository's content tree (outside any git checkout)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def overlay_unit(root: Path, unit_id: str, locale: str = "es") -> Any:
    kind, key, field, *index = unit_id.split("/")
    data = yaml.safe_load((root / locale / f"{kind}.yaml").read_text(encoding="utf-8"))
    value = data["units"][key][field]
    return value[int(index[0])] if index else value


def english_hash(root: Path, unit_id: str) -> str:
    english = check_locale(root / "en")
    return next(u.hash for u in source_units(english.models) if u.id == unit_id)


def set_english_title(root: Path, new: str) -> None:
    path = root / "en" / "techniques.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("title: Free association\n") == 1
    path.write_text(text.replace("title: Free association\n", f"title: {new}\n"), "utf-8")


def xliff_unit(document: ET.Element, unit_id: str) -> ET.Element:
    unit = document.find(f".//x:unit[@id='{unit_id.replace('/', ':')}']", NS)
    assert unit is not None, unit_id
    return unit


def edit_xliff(
    data: bytes, unit_id: str, target: str | None = None, state: str | None = None
) -> bytes:
    document = ET.fromstring(data)
    segment = xliff_unit(document, unit_id).find("x:segment", NS)
    assert segment is not None
    if target is not None:
        element = segment.find("x:target", NS)
        if element is None:
            element = ET.SubElement(segment, f"{{{XLIFF_NS}}}target")
        element.text = target
    if state is not None:
        segment.set("state", state)
    out: bytes = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    return out


def edit_po(
    data: bytes,
    tmp_path: Path,
    unit_id: str,
    msgstr: str | None = None,
    *,
    fuzzy: bool | None = None,
) -> bytes:
    path = tmp_path / "edit.po"
    path.write_bytes(data)
    po = polib.pofile(str(path), encoding="utf-8")
    entry = next(e for e in po if e.msgctxt == unit_id)
    if msgstr is not None:
        entry.msgstr = msgstr
    if fuzzy is True and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if fuzzy is False and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(path))
    return path.read_bytes()


def po_entries(data: bytes, tmp_path: Path) -> dict[str, polib.POEntry]:
    path = tmp_path / "read.po"
    path.write_bytes(data)
    return {e.msgctxt: e for e in polib.pofile(str(path), encoding="utf-8")}


# --- the command line: round trips --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_cli_round_trip_changes_nothing(
    command: Callable[..., Completed], root: Path, tmp_path: Path, fmt: str
) -> None:
    before = snapshot_bytes(root / "es")
    exported = tmp_path / f"es.{fmt}"
    result = command(
        "export", "--format", fmt, "es", "--content", str(root), "--output", str(exported)
    )
    assert result.code == 0, result.err
    again = command("export", "--format", fmt, "es", "--content", str(root))
    assert again.code == 0
    assert again.out.encode() == exported.read_bytes()  # stdout and --output agree

    result = command("import", str(exported), "--content", str(root))
    assert result.code == 0, result.out + result.err
    assert "es: 0 unit(s) updated in 0 file(s)" in result.out
    assert snapshot_bytes(root / "es") == before


def test_cli_xliff_import_updates_one_unit(
    command: Callable[..., Completed], root: Path, tmp_path: Path
) -> None:
    before = snapshot_bytes(root / "es")
    data = export_locale(root, "es", Format.XLIFF)
    edited = tmp_path / "edited.xlf"
    edited.write_bytes(edit_xliff(data, TITLE, "Asociación libre de ideas"))

    dry = command("import", str(edited), "--content", str(root), "--dry-run")
    assert dry.code == 0, dry.out + dry.err
    assert "1 unit(s) to update in 1 file(s)" in dry.out
    assert snapshot_bytes(root / "es") == before

    result = command("import", str(edited), "--content", str(root))
    assert result.code == 0, result.out + result.err
    assert "es: 1 unit(s) updated in 1 file(s)" in result.out
    after = snapshot_bytes(root / "es")
    assert [name for name in before if before[name] != after[name]] == ["techniques.yaml"]
    assert overlay_unit(root, TITLE) == {
        "text": "Asociación libre de ideas",
        "source_hash": english_hash(root, TITLE),
        "status": "translated",
    }
    assert after["techniques.yaml"].startswith(b"# yaml-language-server: $schema=")
    assert command("validate", str(root)).code == 0


def test_cli_po_import_updates_one_unit(
    command: Callable[..., Completed], root: Path, tmp_path: Path
) -> None:
    data = export_locale(root, "es", Format.PO)
    edited = tmp_path / "edited.po"
    edited.write_bytes(edit_po(data, tmp_path, TITLE, "Asociación libre de ideas"))
    result = command("import", str(edited), "--content", str(root))
    assert result.code == 0, result.out + result.err
    assert "es: 1 unit(s) updated in 1 file(s)" in result.out
    unit = overlay_unit(root, TITLE)
    assert unit["text"] == "Asociación libre de ideas"
    assert unit["status"] == "translated"


def test_import_keeps_provenance_and_untouched_units(root: Path, tmp_path: Path) -> None:
    before = yaml.safe_load((root / "es" / "metadata.yaml").read_text(encoding="utf-8"))
    unit_id = "metadata/metadata/title"
    data = edit_xliff(export_locale(root, "es", Format.XLIFF), unit_id, "Terapia psicodinámica")
    plan = import_bytes(root, data)
    assert plan.count == 1
    after = yaml.safe_load((root / "es" / "metadata.yaml").read_text(encoding="utf-8"))
    assert after["provenance"] == before["provenance"]
    assert after["units"]["metadata"]["title"]["text"] == "Terapia psicodinámica"
    del after["units"]["metadata"]["title"], before["units"]["metadata"]["title"]
    assert after == before


# --- XLIFF shape and states ---------------------------------------------------------------


def test_xliff_is_well_formed_with_namespaces_states_and_ids(root: Path) -> None:
    # make a draft, a reviewed, a missing and a stale unit
    path = root / "es" / "techniques.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entity = data["units"]["free-association"]
    entity["summary"]["status"] = "draft"
    entity["body"]["status"] = "reviewed"
    del entity["title"]
    data["units"]["dream-analysis"]["title"]["source_hash"] = "0123456789abcdef"
    path.write_text(dump(data, modeline("translation-techniques.schema.json")), "utf-8")

    raw = export_locale(root, "es", Format.XLIFF)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="')
    document = ET.fromstring(raw)
    assert document.tag == f"{{{XLIFF_NS}}}xliff"
    assert document.attrib == {"version": "2.0", "srcLang": "en", "trgLang": "es"}
    assert b'xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"' in raw

    files = document.findall("x:file", NS)
    assert [f.get("id") for f in files] == KINDS
    assert all(f.get("original") == f"content/en/{f.get('id')}.yaml" for f in files)

    english = list(source_units(check_locale(root / "en").models))
    ids = [u.get("id", "") for u in document.iterfind(".//x:unit", NS)]
    assert ids == [u.id.replace("/", ":") for u in english]
    assert all(NMTOKEN.match(i) and "/" not in i for i in ids)

    def meta(unit_id: str) -> dict[str, str]:
        unit = xliff_unit(document, unit_id)
        found = unit.findall("mda:metadata/mda:metaGroup/mda:meta", NS)
        return {m.get("type", ""): m.text or "" for m in found}

    def segment(unit_id: str) -> ET.Element:
        element = xliff_unit(document, unit_id).find("x:segment", NS)
        assert element is not None
        return element

    by_id = {u.id: u for u in english}
    title = segment(TITLE)
    assert title.get("state") == "initial"
    assert title.find("x:target", NS) is None
    assert meta(TITLE) == {"current-source-hash": by_id[TITLE].hash, "format": "plain"}
    assert segment("techniques/free-association/summary").get("state") == "initial"
    body = "techniques/free-association/body"
    assert segment(body).get("state") == "reviewed"
    assert meta(body)["format"] == "markdown"
    assert segment(body).findtext("x:source", namespaces=NS) == by_id[body].text
    assert segment(body).findtext("x:target", namespaces=NS) == entity["body"]["text"]
    assert segment("techniques/dream-analysis/summary").get("state") == "translated"
    stale = "techniques/dream-analysis/title"
    assert meta(stale)["source-hash"] == "0123456789abcdef"
    assert meta(stale)["current-source-hash"] == by_id[stale].hash
    assert xliff_unit(document, stale).find("x:notes/x:note", NS) is not None
    states = {s.get("state") for s in document.iterfind(".//x:segment", NS)}
    assert states <= {"initial", "translated", "reviewed"}

    # and importing it back changes nothing
    assert import_bytes(root, raw).count == 0


def test_xliff_state_changes_refresh_the_hash(root: Path) -> None:
    set_english_title(root, "Free association (talking freely)")
    current = english_hash(root, TITLE)
    old = overlay_unit(root, TITLE)
    assert old["source_hash"] != current
    data = export_locale(root, "es", Format.XLIFF)
    assert import_bytes(root, data).count == 0  # stale, unchanged: kept as it was

    summary = "techniques/free-association/summary"
    edited = edit_xliff(edit_xliff(data, TITLE, state="final"), summary, state="initial")
    plan = import_bytes(root, edited)
    assert plan.count == 2
    assert overlay_unit(root, TITLE) == {
        "text": old["text"],
        "source_hash": current,
        "status": "reviewed",
    }
    assert overlay_unit(root, summary)["status"] == "draft"


# --- PO specifics -----------------------------------------------------------------------------


def test_po_header_entries_and_flags(root: Path, tmp_path: Path) -> None:
    path = root / "es" / "techniques.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"]["free-association"]["summary"]["status"] = "draft"
    path.write_text(dump(data, modeline("translation-techniques.schema.json")), "utf-8")

    raw = export_locale(root, "es", Format.PO)
    po_path = tmp_path / "es.po"
    po_path.write_bytes(raw)
    po = polib.pofile(str(po_path), encoding="utf-8")
    assert po.metadata["Language"] == "es"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    entries = {e.msgctxt: e for e in po}
    english = {u.id: u for u in source_units(check_locale(root / "en").models)}
    assert set(entries) == set(english)
    title = entries[TITLE]
    assert title.msgid == english[TITLE].text
    assert title.msgstr == overlay_unit(root, TITLE)["text"]
    assert f"pdcontent-source-hash: {english[TITLE].hash}" in title.comment
    assert "pdcontent-status: translated" in title.comment
    assert "fuzzy" not in title.flags
    assert "fuzzy" in entries["techniques/free-association/summary"].flags  # a draft


def test_po_stale_unit_is_fuzzy_outside_git(
    command: Callable[..., Completed], root: Path, tmp_path: Path
) -> None:
    old_hash = overlay_unit(root, TITLE)["source_hash"]
    set_english_title(root, "Free association (talking freely)")
    result = command("export", "--format", "po", "es", "--content", str(root))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    entry = po_entries(result.out.encode(), tmp_path)[TITLE]
    assert "fuzzy" in entry.flags
    assert entry.msgid == "Free association (talking freely)"
    assert f"pdcontent-source-hash: {old_hash}" in entry.comment
    assert entry.previous_msgid is None  # no history to find it in


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_po_stale_unit_has_previous_msgid_from_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    root = repo / "content"
    shutil.copytree(CONTENT, root)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "--no-gpg-sign", "-m", "content")
    set_english_title(root, "Free association (talking freely)")
    git("commit", "-q", "--no-gpg-sign", "-am", "retitle")  # history holds both texts
    entry = po_entries(export_locale(root, "es", Format.PO), tmp_path)[TITLE]
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Free association"
    other = po_entries(export_locale(root, "es", Format.PO), tmp_path)[
        "techniques/free-association/summary"
    ]
    assert other.previous_msgid is None
    assert "fuzzy" not in other.flags


def test_po_fuzzy_rules(root: Path, tmp_path: Path) -> None:
    set_english_title(root, "Free association (talking freely)")
    current = english_hash(root, TITLE)
    old = overlay_unit(root, TITLE)
    data = export_locale(root, "es", Format.PO)
    assert import_bytes(root, data).count == 0  # stale and still fuzzy: kept

    # the translator confirms the stale unit: the fuzzy flag goes, the hash is refreshed
    confirmed = edit_po(data, tmp_path, TITLE, fuzzy=False)
    assert import_bytes(root, confirmed).count == 1
    assert overlay_unit(root, TITLE) == {
        "text": old["text"],
        "source_hash": current,
        "status": "translated",
    }

    # flagging a sound translation fuzzy makes it a draft
    summary = "techniques/free-association/summary"
    flagged = edit_po(export_locale(root, "es", Format.PO), tmp_path, summary, fuzzy=True)
    assert import_bytes(root, flagged).count == 1
    assert overlay_unit(root, summary)["status"] == "draft"


# --- refusals: nothing is written -------------------------------------------------------------


def test_unknown_unit_id_writes_nothing(
    command: Callable[..., Completed], root: Path, tmp_path: Path
) -> None:
    before = snapshot_bytes(root / "es")
    data = export_locale(root, "es", Format.XLIFF)
    document = ET.fromstring(edit_xliff(data, TITLE, "Asociación libre de ideas"))
    unit = xliff_unit(document, TITLE)
    unit.set("id", "techniques:no-such-technique:title")
    path = tmp_path / "unknown.xlf"
    path.write_bytes(ET.tostring(document, encoding="utf-8", xml_declaration=True))
    result = command("import", str(path), "--content", str(root))
    assert result.code == 1
    assert "unknown unit 'techniques:no-such-technique:title'" in result.err
    assert "Traceback" not in result.err
    assert snapshot_bytes(root / "es") == before

    po = edit_po(export_locale(root, "es", Format.PO), tmp_path, TITLE, "Asociación")
    po_path = tmp_path / "unknown.po"
    po_path.write_bytes(
        po.replace(f'msgctxt "{TITLE}"'.encode(), b'msgctxt "techniques/nope/title"')
    )
    result = command("import", str(po_path), "--content", str(root))
    assert result.code == 1
    assert "unknown unit 'techniques/nope/title'" in result.err
    assert snapshot_bytes(root / "es") == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.xlf", None),
        ("garbage.xlf", b"<xliff><file></xliff>"),
        ("entity.xlf", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><xliff/>'),
        ("wrong-root.xlf", b'<?xml version="1.0"?><html xmlns="urn:x"/>'),
        ("bad.po", b'msgid "a"\nmsgstr "b"\nnot po at all\n'),
        ("binary.po", b"\xff\xfe\x00garbage"),
        ("no-language.po", b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'),
    ],
)
def test_malformed_file_is_one_clear_error(
    command: Callable[..., Completed], root: Path, tmp_path: Path, name: str, content: bytes | None
) -> None:
    before = snapshot_bytes(root / "es")
    if content is None:
        content = export_locale(root, "es", Format.XLIFF)[:5000]
    path = tmp_path / name
    path.write_bytes(content)
    result = command("import", str(path), "--content", str(root))
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"pdcontent import: {path}: "), result.err
    assert snapshot_bytes(root / "es") == before


@pytest.mark.parametrize("fmt", ["xliff", "po"])
# controls travel in XLIFF as <cp hex="1B"/>, in PO as the raw character: both refused by
# the one definition of forbidden characters, like the bidi override
@pytest.mark.parametrize(
    "target",
    ["   ", "Asociación\u202elibre", "Asociación\x1b[31mlibre", "Aso\x85ciación", "Aso\rciación"],
)
def test_target_that_fails_validation_writes_nothing(
    command: Callable[..., Completed], root: Path, tmp_path: Path, fmt: str, target: str
) -> None:
    before = snapshot_bytes(root / "es")
    if fmt == "xliff":
        # what XML cannot carry (and a carriage return, which parsing turns into a line
        # feed) travels as <cp hex=".."/>, as the export writes it
        marked = re.sub("[\x00-\x1f]", lambda m: f"@cp{ord(m.group()):X}@", target)
        data = edit_xliff(export_locale(root, "es", Format.XLIFF), TITLE, marked)
        cp = f'<cp xmlns="{XLIFF_NS}" hex="\\1"/>'.encode()
        data = re.sub(rb"@cp([0-9A-F]+)@", cp, data)
    else:
        data = edit_po(export_locale(root, "es", Format.PO), tmp_path, TITLE, target)
    path = tmp_path / f"bad.{fmt}"
    path.write_bytes(data)
    result = command("import", str(path), "--content", str(root), cwd=root.parent)
    assert result.code == 1, result.out
    assert PROBLEM_LINE.search(result.out), result.out
    assert "nothing was written" in result.err
    assert "pdcontent-import-" not in result.out  # reported against the real files
    assert snapshot_bytes(root / "es") == before


def test_list_items_import_in_order(root: Path) -> None:
    path = root / "es" / "conditions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    key, field, items = next(
        (k, f, v)
        for k, fields in data["units"].items()
        for f, v in fields.items()
        if isinstance(v, list) and len(v) >= 3
    )
    exported = export_locale(root, "es", Format.XLIFF)
    del items[1:]
    path.write_text(dump(data, modeline("translation-conditions.schema.json")), "utf-8")
    second, third = f"conditions/{key}/{field}/1", f"conditions/{key}/{field}/2"
    with pytest.raises(InterchangeError, match="translate the items of a list in order"):
        import_bytes(root, edit_xliff(exported, second, ""))  # the third without the second
    assert import_bytes(root, edit_xliff(exported, third, "")).count == 1
    assert overlay_unit(root, second)["status"] == "translated"


def test_usage_errors_exit_2(command: Callable[..., Completed], root: Path, tmp_path: Path) -> None:
    content = str(root)
    for args in [
        ("export", "es", "--content", content),
        ("export", "--format", "xml", "es", "--content", content),
        ("export", "--format", "po", "en", "--content", content),
        ("export", "--format", "po", "../es", "--content", content),
        ("export", "--format", "po", "es", "--content", str(tmp_path / "nowhere")),
        ("import", str(tmp_path / "missing.po"), "--content", content),
        ("import",),
    ]:
        result = command(*args)
        assert result.code == 2, args
        assert "Traceback" not in result.err


# --- the property: export -> import is lossless -------------------------------------------------

_ENGLISH: list[SourceUnit] = []


def english_units() -> list[SourceUnit]:
    if not _ENGLISH:
        _ENGLISH.extend(source_units(check_locale(CONTENT / "en").models))
    return _ENGLISH


SNIPPETS = [
    "**bold**",
    "*emphasis*",
    "`code`",
    "\n\n",
    "\n- item",
    "\n1. first",
    "> quoted",
    "# Heading\n",
    '"double"',
    "'single'",
    "a < b & c > d",
    "&amp; &#13; <![CDATA[ ]]>",
    "😀👍🏽",
    "\u00a0",
    "\u2028",
    "\t",
    "  ",
    "\\n \\ \\\\",
    "key: value",
    "- ",
    "#",
    "%s {0} {name}",
    "...",
    "[link](https://example.org)",
    'msgid "x"',
]
TEXT_CHARS = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"), include_characters="\n")
TEXTS = (
    st.lists(st.one_of(st.text(TEXT_CHARS, max_size=12), st.sampled_from(SNIPPETS)), max_size=6)
    .map("".join)
    .filter(lambda s: re.search(r"\S", s) is not None)
)
HASHES = st.text("0123456789abcdef", min_size=16, max_size=16)


def _units(kind: str, data: dict[str, Any]) -> dict[str, TranslationUnit]:
    out: dict[str, TranslationUnit] = {}
    for key, fields in data["units"].items():
        for name, value in fields.items():
            if isinstance(value, list):
                for i, item in enumerate(value):
                    out[f"{kind}/{key}/{name}/{i}"] = TranslationUnit.model_validate(item)
            else:
                out[f"{kind}/{key}/{name}"] = TranslationUnit.model_validate(value)
    return out


def _all_units(files: dict[str, dict[str, Any]]) -> dict[str, TranslationUnit]:
    return {uid: unit for kind, data in files.items() for uid, unit in _units(kind, data).items()}


@st.composite
def overlays(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Overlay files for locale ``eo``: every English text scaffolded with a random status,
    then some replaced by arbitrary texts, statuses and stale hashes, some units removed
    (a list keeps only its leading items), some files emptied or absent, maybe a provenance."""
    units = english_units()
    statuses = st.sampled_from(list(UnitStatus))
    state: dict[str, TranslationUnit | None] = {
        u.id: TranslationUnit(text=u.text, source_hash=u.hash, status=draw(statuses)) for u in units
    }
    positions = st.integers(0, len(units) - 1)
    for i in draw(st.lists(positions, max_size=25)):
        unit = units[i]
        stale = draw(st.booleans())
        state[unit.id] = TranslationUnit(
            text=draw(TEXTS),
            source_hash=draw(HASHES) if stale else unit.hash,
            status=draw(statuses),
        )
    for i in draw(st.lists(positions, max_size=15)):
        state[units[i].id] = None
    emptied = draw(st.lists(st.sampled_from(KINDS), max_size=3, unique=True))
    absent = draw(st.sets(st.sampled_from(emptied))) if emptied else set()
    provenance = draw(st.none() | TEXTS)

    files: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        if kind in absent:
            continue
        files[kind] = {"locale": "eo"}
        if kind == "metadata" and provenance is not None:
            files[kind]["provenance"] = {
                "method": "human",
                "clinically_reviewed": True,
                "note": provenance,
            }
        files[kind]["units"] = {}
    cut: set[tuple[str, str, str]] = set()
    for unit in units:
        value = None if unit.kind in emptied else state[unit.id]
        field = (unit.kind, unit.key, unit.field)
        if value is None or field in cut:
            if unit.index is not None:
                cut.add(field)
            continue
        entity = files[unit.kind]["units"].setdefault(unit.key, {})
        if unit.index is None:
            entity[unit.field] = value.model_dump(mode="json")
        else:
            entity.setdefault(unit.field, []).append(value.model_dump(mode="json"))
    return files


def make_snapshot(files: dict[str, dict[str, Any]]) -> Snapshot:
    models = {kind: TranslationFile.model_validate(data) for kind, data in files.items()}
    present = _all_units(files)
    entries = [Entry(unit, present.get(unit.id)) for unit in english_units()]
    return Snapshot(CONTENT, "eo", entries, models)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(before=overlays())
def test_export_import_is_lossless(before: dict[str, dict[str, Any]]) -> None:
    snapshot = make_snapshot(before)
    units = _all_units(before)
    empty = Snapshot(CONTENT, "eo", [Entry(u, None) for u in english_units()], {})
    for fmt in Format:
        exported = export_snapshot(snapshot, fmt, history=False)
        document = read_document(exported)
        assert document.format is fmt
        assert document.locale == "eo"

        plan = plan_document(snapshot, document)
        assert plan.count == 0
        assert plan.overlays == before
        assert export_snapshot(make_snapshot(plan.overlays), fmt, history=False) == exported

        # into a locale that has nothing yet, every text arrives exactly, and so does its
        # status through XLIFF (PO knows only fuzzy or not); the YAML written keeps it all
        fresh = plan_document(empty, document)
        arrived = _all_units(fresh.overlays)
        assert {uid: u.text for uid, u in arrived.items()} == {
            uid: u.text for uid, u in units.items()
        }
        if fmt is Format.XLIFF:
            assert {uid: u.status for uid, u in arrived.items()} == {
                uid: u.status for uid, u in units.items()
            }
        for kind, text in fresh.rendered.items():
            # read back as every overlay is read: libyaml, and no duplicate keys or aliases
            written = parse(text)
            assert written.issues == []
            assert written.data == fresh.overlays[kind]


def test_snapshot_of_the_repository_exports(root: Path) -> None:
    snapshot = load_snapshot(root, "es")
    assert len(snapshot.entries) == len(english_units())
    assert snapshot.files["metadata"].provenance is not None
