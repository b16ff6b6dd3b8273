"""The knowledge response as JSON: the same Atom feed, in the guide's JSON shape.

The Infobutton guide's JSON payloads (and MedlinePlus Connect's ``application/json``
answers) map the Atom feed one to one: ``{"feed": {...}}``, an element's attributes as
keys (``xml:lang`` as ``lang``), its text as ``_value``, and ``entry``, ``link`` and
``category`` always as lists. The JSON is made from the very tree the XML is written
from, so the two forms cannot disagree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

_LISTS = frozenset({"entry", "link", "category"})
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def to_json(feed: ET.Element) -> dict[str, Any]:
    """The guide's JSON form of an Atom feed."""
    body = _object(feed)
    body.setdefault("entry", [])  # an empty answer still has its list of entries
    return {"feed": body}


def _object(element: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in element.attrib.items():
        if name != "xmlns":  # the Atom namespace itself is not part of the JSON form
            out[_local(name)] = value
    if element.text is not None and len(element) == 0:
        out["_value"] = element.text
    for child in element:
        name = _local(child.tag)
        if name in _LISTS:
            out.setdefault(name, []).append(_object(child))
        else:
            out[name] = _object(child)
    return out


def _local(name: str) -> str:
    """``{ns}lang`` -> ``lang``."""
    return name.rsplit("}", 1)[-1] if name.startswith("{") else name
