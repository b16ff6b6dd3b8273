"""XLIFF 2.0 export and import of a locale's translations.

One ``<file>`` per content file kind, one ``<unit>`` per English unit. XLIFF ids are
NMTOKENs, so the unit id's ``/`` become ``:``; import maps them back through a table of
the current English units. Each unit carries ``mda:metadata`` with the recorded source
hash, the current source hash and the text format; one ``<segment>`` holds the English
``<source>`` and, when the locale has the unit, the ``<target>``.

Each ``<unit>`` is ``xml:space="preserve"``: its texts' white space (blank lines between
Markdown paragraphs, one name a line) is content, not layout.

Overlay status and segment state: draft = ``initial``, translated = ``translated``,
reviewed = ``reviewed``; ``final`` imports as reviewed. A state other than the one the
export wrote (``final`` for a reviewed unit, say) counts as a change, so the unit records
the hash of the English it was checked against.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ...tags import SOURCE_LOCALE
from ..overlay import TranslationUnit, UnitStatus
from ..units import HASH_LENGTH
from .records import Document, Entry, Format, InterchangeError, Record, Snapshot

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"

STATES = ("initial", "translated", "reviewed", "final")
_STATE_OF = {
    UnitStatus.DRAFT: "initial",
    UnitStatus.TRANSLATED: "translated",
    UnitStatus.REVIEWED: "reviewed",
}
_STATUS_OF = {
    "initial": UnitStatus.DRAFT,
    "translated": UnitStatus.TRANSLATED,
    "reviewed": UnitStatus.REVIEWED,
    "final": UnitStatus.REVIEWED,
}
STALE_NOTE = (
    "The English source changed after this translation was made: "
    "check the target against the current source."
)
#: code points XML 1.0 cannot carry; XLIFF writes them as <cp hex="..."/>
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEX = re.compile(r"^[0-9A-Fa-f]{1,6}$")
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _m(name: str) -> str:
    return f"{{{MDA_NS}}}{name}"


def xliff_id(unit_id: str) -> str:
    """The XLIFF unit id (an NMTOKEN) of a unit id: ``/`` becomes ``:``."""
    return unit_id.replace("/", ":")


def expected_state(unit: TranslationUnit | None) -> str:
    """The segment state an export writes for ``unit``."""
    return "initial" if unit is None else _STATE_OF[unit.status]


def _set_text(element: ET.Element, text: str) -> None:
    """Put ``text`` into ``element``, code points XML cannot hold as ``<cp>`` children."""
    element.text = ""
    last: ET.Element | None = None
    position = 0
    for match in _NOT_XML.finditer(text):
        chunk = text[position : match.start()]
        if last is None:
            element.text += chunk
        else:
            last.tail = chunk
        last = ET.SubElement(element, "cp", {"hex": f"{ord(match.group()):04X}"})
        position = match.end()
    if last is None:
        element.text += text[position:]
    else:
        last.tail = text[position:]


def write_xliff(snapshot: Snapshot) -> bytes:
    """The XLIFF 2.0 document for ``snapshot``, UTF-8, indented; texts kept exactly."""
    # written with literal prefixes: ElementTree's own namespace handling either clashes
    # with unqualified attributes or registers prefixes process-wide
    attributes = {
        "xmlns": XLIFF_NS,
        "xmlns:mda": MDA_NS,
        "version": "2.0",
        "srcLang": SOURCE_LOCALE,
        "trgLang": snapshot.locale,
    }
    root = ET.Element("xliff", attributes)
    files: dict[str, ET.Element] = {}
    texts: list[tuple[ET.Element, str]] = []
    for entry in snapshot.entries:
        src, unit = entry.source, entry.unit
        file = files.get(src.kind)
        if file is None:
            original = f"content/{SOURCE_LOCALE}/{src.kind}.yaml"
            file = ET.SubElement(root, "file", {"id": src.kind, "original": original})
            files[src.kind] = file
        # white space is text (Markdown paragraphs, names one a line): XLIFF 2 lets a unit
        # say so, and CAT tools (translate-toolkit's reader) otherwise collapse it
        element = ET.SubElement(file, "unit", {"id": xliff_id(src.id), "xml:space": "preserve"})
        metadata = ET.SubElement(element, "mda:metadata")
        group = ET.SubElement(metadata, "mda:metaGroup", {"category": "pdcontent"})
        meta: list[tuple[str, str]] = []
        if unit is not None:
            meta.append(("source-hash", unit.source_hash))
        meta.append(("current-source-hash", src.hash))
        meta.append(("format", "markdown" if src.markdown else "plain"))
        for kind, value in meta:
            ET.SubElement(group, "mda:meta", {"type": kind}).text = value
        if entry.stale:
            notes = ET.SubElement(element, "notes")
            note = ET.SubElement(notes, "note", {"category": "pdcontent", "appliesTo": "target"})
            note.text = STALE_NOTE
        segment = ET.SubElement(element, "segment", {"state": expected_state(unit)})
        texts.append((ET.SubElement(segment, "source"), src.text))
        if unit is not None:
            texts.append((ET.SubElement(segment, "target"), unit.text))
    ET.indent(root, space="  ")
    for element, text in texts:  # after indenting, which would pad <cp> children
        _set_text(element, text)
    body = ET.tostring(root, encoding="unicode")
    # a raw carriage return would come back as a line feed; a character reference stays
    body = body.replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _text(element: ET.Element, where: str) -> str:
    parts = [element.text or ""]
    for child in element:
        hex_value = child.get("hex", "")
        if child.tag != _q("cp") or not _HEX.match(hex_value) or int(hex_value, 16) > 0x10FFFF:
            name = child.tag.rpartition("}")[2]
            raise InterchangeError(f"{where}: inline element <{name}> is not supported")
        parts.append(chr(int(hex_value, 16)))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_unit(unit: ET.Element, kind: str | None, where: str) -> Record:
    ref = unit.get("id", "")
    sources: list[str] = []
    targets: list[str] = []
    states: list[str] = []
    translated: list[bool] = []
    for child in unit:
        if child.tag not in (_q("segment"), _q("ignorable")):
            continue
        source = child.find(_q("source"))
        if source is None:
            raise InterchangeError(f"{where}: a <{child.tag.rpartition('}')[2]}> has no <source>")
        target = child.find(_q("target"))
        text = _text(source, where)
        sources.append(text)
        if child.tag == _q("ignorable"):  # white space between segments, kept as it is
            targets.append(text if target is None else _text(target, where))
            continue
        state = child.get("state", "initial")
        if state not in STATES:
            raise InterchangeError(f"{where}: unknown segment state {state!r}")
        states.append(state)
        translated.append(target is not None)
        targets.append("" if target is None else _text(target, where))
    if not states:
        raise InterchangeError(f"{where}: the unit has no <segment>")
    if not any(translated):
        targets = []
    elif not all(translated):
        raise InterchangeError(f"{where}: some segments of the unit have no <target>")
    exported: str | None = None
    metadata = unit.find(_m("metadata"))
    if metadata is not None:
        for meta in metadata.iter(_m("meta")):
            value = (meta.text or "").strip()
            if meta.get("type") == "current-source-hash" and _HASH.match(value):
                exported = value
    return Record(
        ref=ref,
        where=where,
        source="".join(sources),
        target="".join(targets),
        marker=min(states, key=STATES.index),
        exported_hash=exported,
        kind=kind,
    )


def read_xliff(data: bytes) -> Document:
    """Parse an XLIFF 2.0 file; raise :class:`InterchangeError` when it is not one we can read."""
    try:
        # defusedxml sees the declarations after decoding, so UTF-16 without a BOM (where a
        # byte search for "<!DOCTYPE" finds nothing) is refused as surely as UTF-8
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InterchangeError(
            "XLIFF files with a DOCTYPE or entity declarations are not accepted"
        ) from None
    except ET.ParseError as exc:
        raise InterchangeError(f"not well-formed XML: {exc}") from None
    if root.tag != _q("xliff"):
        raise InterchangeError(
            f"not an XLIFF 2 document: the root element is {root.tag!r}, "
            f"expected xliff in namespace {XLIFF_NS}"
        )
    if not root.get("version", "").startswith("2."):
        raise InterchangeError(f"unsupported XLIFF version {root.get('version')!r}")
    if root.get("srcLang") != SOURCE_LOCALE:
        raise InterchangeError(f"srcLang is {root.get('srcLang')!r}; expected {SOURCE_LOCALE!r}")
    locale = root.get("trgLang")
    if not locale:
        raise InterchangeError("the <xliff> element has no trgLang")
    records: list[Record] = []
    for file in root.findall(_q("file")):
        kind = file.get("id")
        for unit in file.iter(_q("unit")):
            records.append(_read_unit(unit, kind, f"unit {unit.get('id', '?')}"))
    return Document(Format.XLIFF, locale, records)


def resolve_state(record: Record, entry: Entry) -> tuple[UnitStatus, bool]:
    """The overlay status of an imported unit, and whether its state differs from the export's."""
    return _STATUS_OF[record.marker], record.marker != expected_state(entry.unit)


__all__ = ["MDA_NS", "XLIFF_NS", "read_xliff", "resolve_state", "write_xliff", "xliff_id"]
