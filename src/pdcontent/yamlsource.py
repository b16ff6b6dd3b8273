"""The reading layer: every YAML file the project reads is read and parsed here, once.

PyYAML's composer keeps a start mark for every node, so one pass over the node tree gives
both plain Python data and a map from field path to (line, column). Duplicate keys,
aliases and non-string keys become problems here instead of being silently accepted.

:func:`read` reads a file (size limit, UTF-8, BOM) and :func:`parse` parses text; both
go through one bounded, thread-safe cache keyed on the hash of the text, so within a
process each distinct file content is parsed once however many commands, locales or
copies of a tree read it, and a file that changed is parsed again. Parsed documents are
shared: treat them as read-only. :func:`parse_count` and :func:`counting_parses` say how
many parses really ran (tests use them to hold the parse-once promise).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from .characters import describe, forbidden

try:  # libyaml is much faster where it is installed; the pure-Python loader is the same API.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = [
    "MAX_FILE_BYTES",
    "Path_",
    "Position",
    "SourceDocument",
    "SourceIssue",
    "clear_parse_cache",
    "counting_parses",
    "parse",
    "parse_count",
    "read",
]

Path_ = tuple[str | int, ...]
_AS_TEXT = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
#: the core schema's tags (and dates, which the loader resolves and keeps as text); any
#: other tag (!!binary, !!set, !!python/..., a local !tag) is a problem, never a value
_CORE_TAGS = frozenset(
    {
        *_AS_TEXT,
        *(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "seq", "map")),
    }
)
#: no content file nests deeper; refusing deeper documents here, with a position, keeps
#: every later recursive stage (JSON Schema, models, overlays) far from the stack limit
MAX_DEPTH = 64
#: characters the YAML reader refuses (its "non-printable" class), and NEL, which it reads
#: as a line break (so the text would never show it); found here first so the problem names
#: the character and its exact position (libyaml reports NUL at 1:1)
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: characters YAML counts as line breaks that editors (and our positions) do not
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A problem found while reading YAML, before any schema applies."""

    rule: str
    message: str
    position: Position
    hint: str = ""


@dataclass(slots=True)
class SourceDocument:
    """Parsed data plus the position of each path; ``issues`` is empty when the YAML is sound."""

    data: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    block_scalars: dict[Path_, str] = field(default_factory=dict)
    issues: list[SourceIssue] = field(default_factory=list)
    #: strings holding characters no text may hold (pdcontent.characters): path, the exact
    #: position of the first one (the string's own where it was written as an escape), and
    #: the characters; not issues, since a translation's are reported by its checks
    characters: list[tuple[Path_, Position, str]] = field(default_factory=list)
    #: what later stages worked out from this document alone (JSON Schema findings), kept
    #: with it so that identical content, which shares the document, is checked once
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def position(self, path: Path_) -> Position:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(1, 1))

    def key_position(self, path: Path_) -> Position:
        """The position of the key that names ``path`` (falls back to the value's)."""
        return self.key_positions.get(path) or self.position(path)

    def text_line(self, path: Path_, line_in_text: int) -> Position:
        """The file position of line ``line_in_text`` (0-based) inside the text at ``path``."""
        start = self.position(path)
        if self.block_scalars.get(path) in ("|", ">"):
            # a block scalar's text starts on the line after its indicator
            return Position(start.line + 1 + line_in_text, start.column)
        return Position(start.line + line_in_text, start.column)


class _Lines:
    """Turns YAML marks into positions that count only line feeds as line breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        # only texts with a break YAML counts and we do not need the slower lookup
        self.yaml_counts_right = not _YAML_ONLY_BREAKS.search(text)
        self._starts: list[int] | None = None

    def at(self, mark: Any) -> Position:
        """The position of a YAML mark (its character index is exact; its line may not be)."""
        if self.yaml_counts_right:
            return Position(mark.line + 1, mark.column + 1)
        return self.offset(mark.index)

    def offset(self, index: int) -> Position:
        """The position of the character at ``index``; the line table is built once."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._starts, index) - 1
        return Position(line + 1, index - self._starts[line] + 1)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Builder:
    def __init__(self, loader: Any, doc: SourceDocument, lines: _Lines) -> None:
        self.loader = loader
        self.text = lines.text
        self.doc = doc
        self.lines = lines
        self.active: set[int] = set()
        self.seen: set[int] = set()
        self.too_deep = False

    def _pos(self, node: yaml.Node) -> Position:
        return self.lines.at(node.start_mark)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            # the composer hands back the anchored node for an alias, so a node seen twice is
            # one; the alias itself has no node, so point at the key that holds it
            self.doc.issues.append(
                SourceIssue(
                    "yaml-alias",
                    f"an alias repeats content defined at line {self._pos(node).line}",
                    self.doc.key_positions.get(path, self._pos(node)),
                    "write the value out in full; content files must not use anchors or aliases",
                )
            )
            return None
        self.seen.add(id(node))
        self.doc.positions[path] = self._pos(node)
        if len(path) > MAX_DEPTH:
            if not self.too_deep:  # one problem, at the first node too deep
                self.too_deep = True
                self.doc.issues.append(
                    SourceIssue(
                        "nested-too-deeply",
                        f"the document nests deeper than {MAX_DEPTH} levels",
                        self._pos(node),
                        "flatten it; no content file nests this deep",
                    )
                )
            return None
        if node.tag not in _CORE_TAGS:
            self.doc.issues.append(
                SourceIssue(
                    "yaml-tag",
                    f"the tag {_tag_name(node.tag)} is not allowed",
                    self._pos(node),
                    "remove the tag; content uses plain YAML strings, numbers, lists and maps",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                self.doc.block_scalars[path] = node.style
            if node.tag in _AS_TEXT:
                if node.tag == "tag:yaml.org,2002:str":
                    self._characters(node, path)
                # strings need no constructor (most scalars: a hot path); dates stay ISO
                # text, since the data must stay JSON for JSON Schema
                return node.value
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self.doc.issues.append(SourceIssue("yaml-syntax", _one_line(exc), self._pos(node)))
                return None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        return None  # pragma: no cover - the composer only makes the three node kinds

    def _characters(self, node: yaml.ScalarNode, path: Path_) -> None:
        found = forbidden(node.value)
        if not found:
            return
        chars = "".join(sorted({c for _, c in found}))
        # the written form, between the node's marks, holds the character unless an escape
        # (\x1b, \u202e) wrote it; each scalar's span is searched once, so this stays linear
        start, end = node.start_mark.index, node.end_mark.index
        written = min((i for c in chars if (i := self.text.find(c, start, end)) >= 0), default=-1)
        position = self.lines.offset(written) if written >= 0 else self._pos(node)
        self.doc.characters.append((path, position, chars))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.issues.append(
                    SourceIssue(
                        "yaml-alias", "merge keys (<<) are not allowed", self._pos(key_node)
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.doc.issues.append(
                    SourceIssue(
                        "non-string-key",
                        f"key {getattr(key_node, 'value', '?')!r} is not a string",
                        self._pos(key_node),
                        "quote the key or use a field name",
                    )
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key]
                self.doc.issues.append(
                    SourceIssue(
                        "duplicate-key",
                        f"key {key!r} appears again (first at line {first.line})",
                        self._pos(key_node),
                        "remove or merge one of the two",
                    )
                )
                continue
            first_seen[key] = self._pos(key_node)
            self.doc.key_positions[(*path, key)] = self._pos(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out


def _one_line(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [p for p in (context, problem) if p]
    return "; ".join(parts) if parts else str(exc).splitlines()[0]


def _parse(text: str) -> SourceDocument:
    """Parse one YAML document, recording positions and source issues; never raises."""
    doc = SourceDocument()
    unreadable = _UNREADABLE.search(text)
    if unreadable:
        char = unreadable.group()
        doc.issues.append(
            SourceIssue(
                "forbidden-character",
                f"the character {describe(char)} is not allowed in a content file",
                _Lines(text).offset(unreadable.start()),
                "delete it; retype the text around it if unsure",
            )
        )
        return doc
    lines = _Lines(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        rule = (
            "yaml-multiple-documents" if "single document" in (exc.context or "") else "yaml-syntax"
        )
        position = lines.at(mark) if mark else Position(1, 1)
        doc.issues.append(SourceIssue(rule, _one_line(exc), position))
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.context or "").startswith("while scanning a quoted"):
            # an unclosed quote is found at the end of the file; its start is what to fix
            mark = exc.context_mark
        position = lines.at(mark) if mark else Position(1, 1)
        # libyaml stops at 1,000 levels, before the builder's own limit can see the depth
        deep = "maximum nesting depth" in (exc.problem or "")
        rule = "nested-too-deeply" if deep else "yaml-syntax"
        doc.issues.append(SourceIssue(rule, _one_line(exc), position))
        return doc
    except yaml.YAMLError as exc:  # e.g. a reader error for control characters
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        position = lines.at(mark) if hasattr(mark, "index") else Position(1, 1)
        doc.issues.append(SourceIssue("yaml-syntax", _one_line(exc), position))
        return doc
    except RecursionError:
        doc.issues.append(_too_deep())
        return doc
    if node is None:
        doc.positions[()] = Position(1, 1)
        return doc
    try:
        doc.data = _Builder(loader, doc, lines).build(node, ())
    except RecursionError:
        doc.issues.append(_too_deep())
        doc.data = None
    finally:
        loader.dispose()
    return doc


def _too_deep() -> SourceIssue:
    return SourceIssue("nested-too-deeply", "the document is nested too deeply", Position(1, 1))


# --- reading files, parsing each text once ----------------------------------------------

#: above this size a file is not content; refusing it keeps memory bounded
MAX_FILE_BYTES = 2 * 1024 * 1024
#: the cache holds at most this many parsed documents ...
MAX_CACHED_DOCUMENTS = 256
#: ... and documents parsed from at most this many characters of text in all
MAX_CACHED_CHARS = 8 * 1024 * 1024

_lock = threading.Lock()
#: blake2b digest of the text -> (document, length of the text); least recently used first
_cache: OrderedDict[bytes, tuple[SourceDocument, int]] = OrderedDict()
_cached_chars = 0
_parses = 0
#: the counters of every active :func:`counting_parses` block
_counters: list[Counter[str]] = []
#: the file being read on this thread, so a parse can be counted against its path
_reading = threading.local()
_NO_FILE = "<text>"


def parse(text: str) -> SourceDocument:
    """Parse one YAML document (cached by the text's hash), with positions and issues; never raises.

    The same text always gives the same document, so the result is shared between callers
    and must not be changed.
    """
    global _cached_chars, _parses
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    # one lock around lookup and parse: two threads asking for the same text must not both
    # parse it, and parsing holds the GIL anyway, so nothing runs slower for the wait
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit[0]
        document = _parse(text)
        _parses += 1
        source = getattr(_reading, "path", None) or _NO_FILE
        for counter in _counters:
            counter[source] += 1
        if len(text) <= MAX_CACHED_CHARS:
            _cache[key] = (document, len(text))
            _cached_chars += len(text)
            while len(_cache) > MAX_CACHED_DOCUMENTS or _cached_chars > MAX_CACHED_CHARS:
                _, (_, size) = _cache.popitem(last=False)
                _cached_chars -= size
        return document


def read(path: os.PathLike[str] | str, *, max_bytes: int = MAX_FILE_BYTES) -> SourceDocument:
    """Read and parse one YAML file; a file that cannot be read is a document with an issue.

    Issues for unreadable files: ``file-missing`` (any :class:`OSError`), ``invalid-value``
    (larger than ``max_bytes``) and ``encoding`` (not UTF-8, placed at the first bad byte).
    A leading byte-order mark is dropped. Never raises.
    """
    try:
        with open(path, "rb") as handle:
            # read one byte past the limit: a size check by stat() would race with writers
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _failed("file-missing", f"cannot read the file: {reason}", Position(1, 1))
    if len(raw) > max_bytes:
        size = max(len(raw), _size(path))
        return _failed("invalid-value", f"file is {size} bytes; the limit is {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _failed(
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            Position(line, column),
            "save the file as UTF-8",
        )
    previous = getattr(_reading, "path", None)
    _reading.path = os.path.abspath(path)
    try:
        return parse(text.removeprefix("\ufeff"))
    finally:
        _reading.path = previous


def _size(path: os.PathLike[str] | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _failed(
    rule: str, message: str, position: Position = Position(1, 1), hint: str = ""
) -> SourceDocument:
    # a document that never parsed: no positions, so every problem lands on the issue's
    return SourceDocument(issues=[SourceIssue(rule, message, position, hint)])


def parse_count() -> int:
    """How many parses have run in this process (cache hits are not parses)."""
    return _parses


@contextmanager
def counting_parses() -> Iterator[Counter[str]]:
    """Count the parses run during the block (on any thread), per absolute file path.

    A parse of text that came from no file (:func:`parse` called directly) counts as
    ``<text>``; cache hits are not parses and are not counted.
    """
    counter: Counter[str] = Counter()
    with _lock:
        _counters.append(counter)
    try:
        yield counter
    finally:
        with _lock:
            # by identity: two counters that happen to hold equal counts are still two blocks
            _counters[:] = [c for c in _counters if c is not counter]


def clear_parse_cache() -> None:
    """Forget every parsed document (for tests and long-running editors)."""
    global _cached_chars
    with _lock:
        _cache.clear()
        _cached_chars = 0
