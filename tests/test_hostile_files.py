"""A hostile corpus of content and interchange files: each case asserts the exact outcome.

Exact outcome: the exit code, the rule and the ``line:column`` it is reported at, no
traceback, nothing written, and a bounded time for inputs built to stall a checker.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pdcontent.characters import forbidden
from pdcontent.translations.checks import _without_link_targets
from pdcontent.translations.interchange import Format
from pdcontent.translations.interchange.records import InterchangeError
from pdcontent.translations.interchange.xliff import read_xliff
from pdcontent.validation.markdown import broken_link
from pdcontent.yamlsource import MAX_DEPTH, parse

from .conftest import Completed

TECHNIQUES_HEAD = "# yaml-language-server: $schema=../../schema/techniques.schema.json\nitems:\n"


def _problems(result: Completed, name: str) -> list[dict[str, Any]]:
    assert "Traceback" not in result.err
    return [p for p in result.json()["problems"] if Path(p["file"]).name == name]


def _validate(command: Callable[..., Completed], root: Path) -> Completed:
    return command("validate", str(root), "--format", "json")


def _replace_first(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle``, counting only line feeds as breaks."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --- characters in the English source ----------------------------------------------------


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u2066", "\u200b", "\ufeff", "\u00ad", "\u2060", "\x85", "\U000e0041"],
    ids=["rlo", "lri", "zwsp", "bom", "shy", "wj", "nel", "tag"],
)
def test_english_title_with_a_forbidden_character_is_a_problem_at_its_position(
    command: Callable[..., Completed], content_copy: Path, char: str
) -> None:
    path = content_copy / "techniques.yaml"
    text = _replace_first(path, "title: Free association", f"title: Free {char}association")
    result = _validate(command, content_copy.parent)
    assert result.code == 1
    found = [p for p in _problems(result, "techniques.yaml") if p["rule"] == "forbidden-character"]
    line, column = _line_col(text, char)
    # YAML reads a raw NEL as a line break, so it is refused before parsing (no field path)
    field = "" if char == "\x85" else "items[0].title"
    assert [(p["line"], p["column"], p["path"]) for p in found] == [(line, column, field)]
    assert f"U+{ord(char):04X}" in found[0]["message"]


@pytest.mark.parametrize("escape", ["\\x1b[31m", "\\u202e", "\\r", "\\0", "\\x7f", "\\uffff"])
def test_a_forbidden_character_written_as_an_escape_is_found_too(
    command: Callable[..., Completed], content_copy: Path, escape: str
) -> None:
    path = content_copy / "techniques.yaml"
    text = _replace_first(path, "title: Free association", f'title: "Free {escape}association"')
    result = _validate(command, content_copy.parent)
    assert result.code == 1
    found = [p for p in _problems(result, "techniques.yaml") if p["rule"] == "forbidden-character"]
    # an escape has no single character to point at: the string's own position
    line, column = _line_col(text, '"Free ')
    assert [(p["line"], p["column"]) for p in found] == [(line, column)]


def test_the_packaged_content_holds_no_forbidden_character() -> None:
    root = Path(__file__).parent.parent / "content"
    for path in sorted(root.rglob("*.yaml")):
        document = parse(path.read_text(encoding="utf-8"))
        assert document.characters == [], path


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        (b"a: b\nc: d\x00e\n", (2, 5)),
        (b"a: b\n\n  title: \x1b[31m\n", (3, 10)),
        ("a: \u00e9\u00e9\u00e9\x07\n".encode(), (1, 7)),  # columns count characters
        (b"a: b\x7f\n", (1, 5)),
        ("a: \ud800".encode("utf-8", "surrogatepass"), None),  # not UTF-8 at all
    ],
    ids=["nul", "escape-byte", "after-multibyte", "del", "surrogate"],
)
def test_raw_control_bytes_are_reported_at_their_exact_position(
    command: Callable[..., Completed],
    content_copy: Path,
    raw: bytes,
    position: tuple[int, int] | None,
) -> None:
    (content_copy / "techniques.yaml").write_bytes(raw)
    result = _validate(command, content_copy.parent)
    assert result.code == 1
    problems = _problems(result, "techniques.yaml")
    if position is None:
        assert [p["rule"] for p in problems] == ["encoding"]
        return
    assert [(p["rule"], p["line"], p["column"]) for p in problems] == [
        ("forbidden-character", *position)
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_breaks_only_yaml_counts_do_not_shift_later_positions(
    command: Callable[..., Completed], content_copy: Path, separator: str
) -> None:
    # U+2028 inside a quoted title, then an unknown field three lines further down: YAML
    # counts one more line than an editor shows, the report must not
    path = content_copy / "techniques.yaml"
    text = _replace_first(
        path,
        "title: Free association\n",
        f'title: "Free{separator}association"\n    colour: red\n',
    )
    result = _validate(command, content_copy.parent)
    assert result.code == 1
    unknown = [p for p in _problems(result, "techniques.yaml") if p["rule"] == "unknown-field"]
    assert [(p["line"], p["column"]) for p in unknown] == [_line_col(text, "colour")]


def test_a_syntax_error_after_a_line_separator_is_at_the_editor_line() -> None:
    text = 'a: "x\u2028y"\nb: [1\nc: 2\n'
    (issue,) = parse(text).issues
    assert (issue.rule, issue.position.line, issue.position.column) == ("yaml-syntax", 3, 2)


# --- YAML tags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['echo pwned']", "!!python/object/apply:os.system"),
        ("!!python/tuple [1, 2]", "!!python/tuple"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!local thing", "!local"),
        ("!<tag:example.com,2026:x> [1]", "tag:example.com,2026:x"),
    ],
)
def test_a_tag_outside_the_core_schema_is_a_problem_at_its_position(
    command: Callable[..., Completed], content_copy: Path, value: str, tag: str
) -> None:
    path = content_copy / "techniques.yaml"
    text = _replace_first(path, "title: Free association", f"title: {value}")
    result = _validate(command, content_copy.parent)
    assert result.code == 1
    problems = _problems(result, "techniques.yaml")
    assert [(p["rule"], p["line"], p["column"]) for p in problems] == [
        ("yaml-tag", *_line_col(text, value))
    ]
    assert tag in problems[0]["message"]


def test_core_tags_written_out_are_accepted() -> None:
    document = parse("a: !!str 3\nb: !!int '4'\nc: !!seq [x]\nd: !!map {e: !!null ''}\n")
    assert document.issues == []
    assert document.data == {"a": "3", "b": 4, "c": ["x"], "d": {"e": None}}


# --- nesting -------------------------------------------------------------------------------


def _deep(levels: int, style: str) -> str:
    if style == "flow-seq":
        return "items: " + "[" * levels + "]" * levels + "\n"
    if style == "flow-map":
        return "items: " + "{a: " * levels + "1" + "}" * levels + "\n"
    return "items:\n" + "- " * levels + "x\n"  # block sequences, nested on one line


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 900, 2000, 20000])
@pytest.mark.parametrize("style", ["flow-seq", "flow-map", "block"])
def test_deep_nesting_is_one_clean_problem(levels: int, style: str) -> None:
    started = time.perf_counter()
    issues = parse(_deep(levels, style)).issues
    assert [i.rule for i in issues] == ["nested-too-deeply"]
    assert issues[0].position.line >= 1
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("where", ["en/techniques.yaml", "es/techniques.yaml"])
def test_deep_content_or_overlay_fails_validate_cleanly(
    command: Callable[..., Completed], content_copy: Path, where: str
) -> None:
    root = content_copy.parent
    (root / where).write_text(_deep(2000, "flow-seq"), encoding="utf-8")
    result = _validate(command, root)
    assert result.code == 1
    problems = [p for p in result.json()["problems"] if p["file"].endswith(where)]
    assert [p["rule"] for p in problems] == ["nested-too-deeply"]


def test_deep_policy_is_a_clean_error(
    command: Callable[..., Completed], content_copy: Path
) -> None:
    root = content_copy.parent
    (root / "translation-policy.yaml").write_text(_deep(2000, "block"), encoding="utf-8")
    result = _validate(command, root)
    assert result.code == 1
    assert "Traceback" not in result.err + result.out
    assert "nested-too-deeply" in result.err + result.out


def test_confirm_on_a_deep_overlay_is_a_clean_error(
    command: Callable[..., Completed], content_copy: Path
) -> None:
    root = content_copy.parent
    overlay = root / "es" / "techniques.yaml"
    overlay.write_text(_deep(2000, "flow-map"), encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = command("translations", "confirm", "es", "techniques/*", "--content", str(root))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "nested-too-deeply" in result.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


# --- Markdown checks that used to backtrack ------------------------------------------------

PATHOLOGICAL = ["[x", "](", "[](", "[]", "] (", "[[", "![", "[\n"]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_link_checks_are_linear(unit: str) -> None:
    small, large = unit * 2_000, unit * 200_000
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        broken_link(text)
        _without_link_targets(text)
        forbidden(text)
        timings.append(time.perf_counter() - started)
    # 100 times the input: well under 100**2 times the time (a quadratic check takes ~10,000x)
    assert timings[1] < max(timings[0], 1e-4) * 1000
    assert timings[1] < 1.0


@pytest.mark.parametrize(
    "text",
    ["", "[a]", "[a](", "[a] (b)", "x](y", "x](y)", "[a\n](b", "](a)](b", "[[a]](", "[a[b](c"],
)
def test_link_rewrites_match_the_patterns_they_replace(text: str) -> None:
    assert _without_link_targets(text) == re.sub(r"\]\([^)]*\)", "]", text)
    assert broken_link(text) == bool(re.search(r"\[[^\]\n]*\]\s*\(|\]\([^)]*$", text))


@pytest.mark.parametrize("unit", ["[x", "](", "[](x"])
def test_a_128_kb_pathological_line_validates_quickly(
    command: Callable[..., Completed], content_copy: Path, unit: str
) -> None:
    line = unit * (128 * 1024 // len(unit))
    path = content_copy / "techniques.yaml"
    _replace_first(path, "    body: |\n", f"    body: |\n      {line}\n")
    started = time.perf_counter()
    result = _validate(command, content_copy.parent)
    assert time.perf_counter() - started < 10
    assert "Traceback" not in result.err
    assert result.code in (0, 1)


# --- interchange files -----------------------------------------------------------------------

XLIFF_BODY = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
    'trgLang="es"><file id="techniques"/></xliff>'
)


@pytest.mark.parametrize(
    "data",
    [
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + XLIFF_BODY).encode(),
        ('<!DOCTYPE xliff SYSTEM "file:///etc/passwd">' + XLIFF_BODY).encode(),
        (
            '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + XLIFF_BODY
        ).encode(),
        # BOM-less UTF-16: no byte sequence "<!DOCTYPE" anywhere in the file
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x []>' + XLIFF_BODY).encode("utf-16-le"),
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x []>' + XLIFF_BODY).encode("utf-16-be"),
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x []>' + XLIFF_BODY).encode("utf-16"),
        ('<?xml version="1.0"?><!DOCTYPE x []>' + XLIFF_BODY).encode("utf-8-sig"),
    ],
    ids=["entity", "external", "laughs", "utf16le", "utf16be", "utf16bom", "utf8bom"],
)
def test_xliff_with_a_dtd_is_refused_whatever_the_encoding(data: bytes) -> None:
    with pytest.raises(InterchangeError, match="DOCTYPE or entity declarations"):
        read_xliff(data)


def test_xliff_in_utf16_without_a_dtd_is_read() -> None:
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + XLIFF_BODY).encode("utf-16-le")
    document = read_xliff(data)
    assert (document.format, document.locale, document.records) == (Format.XLIFF, "es", [])


def test_import_of_a_utf16_dtd_is_one_clean_line_and_writes_nothing(
    command: Callable[..., Completed], content_copy: Path, tmp_path: Path
) -> None:
    root = content_copy.parent
    path = tmp_path / "evil.xlf"
    path.write_bytes(
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM "/etc/passwd">' + XLIFF_BODY
        ).encode("utf-16-le")
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = command("import", str(path), "--content", str(root))
    assert result.code == 1
    assert result.err.strip() == (
        f"pdcontent import: {path}: "
        "XLIFF files with a DOCTYPE or entity declarations are not accepted"
    )
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
