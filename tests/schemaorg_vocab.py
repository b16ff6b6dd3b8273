"""The schema.org vocabulary and context in ``../shared/vocab``, for checking JSON-LD offline.

:class:`Vocabulary` knows every class, property, enumeration member, ``rdfs:subClassOf``
and each property's ``schema:domainIncludes`` / ``schema:rangeIncludes``; :func:`expand`
runs pyld with a document loader that serves the bundled context for schema.org and
refuses every other URL, so nothing touches the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest

from .conftest import REPO

#: the fresh-clone layout is ``<dir>/pdcontent`` beside ``<dir>/shared``
VOCAB_DIR = REPO.parent / "shared" / "vocab"
VOCABULARY_FILE = VOCAB_DIR / "schemaorg-30.0-current-https.jsonld"
CONTEXT_FILE = VOCAB_DIR / "schemaorgcontext-30.0.jsonld"
SCHEMA = "https://schema.org/"
#: the context URLs a document may name; everything else is refused
CONTEXT_URLS = frozenset({"https://schema.org", "https://schema.org/"})
#: schema.org data types: literal values, never nodes
DATA_TYPES = frozenset(
    SCHEMA + name
    for name in ("Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Boolean")
)


def require_vocab() -> None:
    """Skip the calling test, with the reason, when ``../shared/vocab`` is absent."""
    if not (VOCABULARY_FILE.is_file() and CONTEXT_FILE.is_file()):
        pytest.skip(f"schema.org vocabulary not found in {VOCAB_DIR} (../shared/vocab)")


def _iri(term: str) -> str:
    """``schema:Thing`` or ``http://schema.org/Thing`` as ``https://schema.org/Thing``."""
    if term.startswith("schema:"):
        return SCHEMA + term.removeprefix("schema:")
    if term.startswith("http://schema.org/"):
        return SCHEMA + term.removeprefix("http://schema.org/")
    return term


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [_iri(v["@id"]) for v in values]


@dataclass
class Vocabulary:
    """What the vocabulary file says about classes and properties."""

    classes: dict[str, set[str]] = field(default_factory=dict)  # class -> direct parents
    domains: dict[str, set[str]] = field(default_factory=dict)  # property -> domainIncludes
    ranges: dict[str, set[str]] = field(default_factory=dict)  # property -> rangeIncludes
    members: dict[str, set[str]] = field(default_factory=dict)  # enum member -> its types

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it through ``rdfs:subClassOf``."""
        seen: set[str] = set()
        stack = [cls]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack += self.classes.get(current, ())
        return seen

    def admits(self, types: list[str], allowed: set[str]) -> bool:
        """Whether one of ``types`` is one of ``allowed`` or a subclass of one."""
        return any(self.ancestors(t) & allowed for t in types)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary, read once."""
    graph = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))["@graph"]
    vocab = Vocabulary()
    for node in graph:
        iri = _iri(node["@id"])
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            vocab.classes[iri] = set(_ids(node.get("rdfs:subClassOf")))
        if "rdf:Property" in types:
            vocab.domains[iri] = set(_ids(node.get("schema:domainIncludes")))
            vocab.ranges[iri] = set(_ids(node.get("schema:rangeIncludes")))
        others = {_iri(t) for t in types if t.startswith("schema:")}
        if others:
            vocab.members[iri] = others
    return vocab


@cache
def _context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader: the bundled context for schema.org, a refusal for the rest."""
    if url not in CONTEXT_URLS:
        raise RuntimeError(f"offline: refusing to load {url}")
    return {"contextUrl": None, "documentUrl": url, "document": _context()}


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document expanded by pyld, offline."""
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": offline_loader})  # type: ignore[no-any-return]


def _nodes(expanded: Any) -> Iterator[dict[str, Any]]:
    """Every node object of an expanded document (not value objects)."""
    stack = list(expanded) if isinstance(expanded, list) else [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += item
        elif isinstance(item, dict) and "@value" not in item:
            if "@list" in item:
                stack += item["@list"]
                continue
            yield item
            for key, value in item.items():
                if not key.startswith("@"):
                    stack += value


def problems(expanded: list[dict[str, Any]]) -> list[str]:
    """Everything in an expanded document the vocabulary does not admit."""
    vocab = vocabulary()
    found: list[str] = []
    for node in _nodes(expanded):
        where = node.get("@id", "(blank node)")
        types = [_iri(t) for t in node.get("@type", [])]
        for t in types:
            if t not in vocab.classes:
                found.append(f"{where}: @type {t} is not a schema.org class")
        for key, values in node.items():
            if key.startswith("@"):
                continue
            prop = _iri(key)
            if prop not in vocab.domains:
                found.append(f"{where}: {prop} is not a schema.org property")
                continue
            if not types:
                found.append(f"{where}: {prop} on a node without @type")
            elif not vocab.admits(types, vocab.domains[prop]):
                found.append(f"{where}: {prop} is not admitted on {types}")
            for value in values:
                found += _range_problems(vocab, where, prop, value)
    return found


def _range_problems(vocab: Vocabulary, where: str, prop: str, value: dict[str, Any]) -> list[str]:
    allowed = vocab.ranges[prop]
    if "@value" in value:
        return []  # a literal: schema.org lets Text stand in where a thing is expected
    if "@type" in value:
        types = [_iri(t) for t in value["@type"]]
    elif _iri(value.get("@id", "")) in vocab.members:
        types = sorted(vocab.members[_iri(value["@id"])])  # an enumeration member
    else:
        return []  # a bare reference (a URL): its type is not stated here
    if allowed & DATA_TYPES and not allowed - DATA_TYPES and SCHEMA + "URL" in allowed:
        return []  # a URL-valued property given as a reference
    if vocab.admits(types, allowed):
        return []
    return [f"{where}: {prop} value {value.get('@id', '')} of type {types} is not in {allowed}"]
