"""The reading layer: reading files, and its parse cache (fresh, bounded, thread-safe)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from pdcontent import yamlsource
from pdcontent.problems import Problem, Severity
from pdcontent.validation.problemsink import FileProblems
from pdcontent.yamlsource import (
    Position,
    clear_parse_cache,
    counting_parses,
    parse,
    parse_count,
    read,
)


@pytest.fixture(autouse=True)
def cold_cache() -> None:
    """Every test starts with an empty parse cache."""
    clear_parse_cache()


def test_reading_a_file_gives_data_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Hello\nitems:\n  - id: x\n")
    document = read(path)
    assert document.issues == []
    assert document.data == {"title": "Hello", "items": [{"id": "x"}]}
    assert document.key_position(("items", 0, "id")) == Position(3, 5)


@pytest.mark.parametrize(
    ("raw", "rule", "where"),
    [
        (b"a: 1\nb: \xff\n", "encoding", Position(2, 4)),
        (b"a: 1\na: 2\n", "duplicate-key", Position(2, 1)),
        (b"a: [1\n", "yaml-syntax", None),
    ],
)
def test_reading_problems_are_issues_not_exceptions(
    tmp_path: Path, raw: bytes, rule: str, where: Position | None
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    issues = read(path).issues
    assert [i.rule for i in issues] == [rule]
    if where is not None:
        assert issues[0].position == where


def test_a_missing_file_or_a_folder_is_file_missing(tmp_path: Path) -> None:
    assert [i.rule for i in read(tmp_path / "nope.yaml").issues] == ["file-missing"]
    assert [i.rule for i in read(tmp_path).issues] == ["file-missing"]


def test_a_file_over_the_limit_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 100 + b"\n")
    with counting_parses() as counts:
        issues = read(path, max_bytes=50).issues
    assert [(i.rule, i.message) for i in issues] == [
        ("invalid-value", "file is 104 bytes; the limit is 50")
    ]
    assert not counts


def test_each_text_is_parsed_once_whatever_its_path(tmp_path: Path) -> None:
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_text("a: 1\n", encoding="utf-8")
    second.write_text("a: 1\n", encoding="utf-8")
    before = parse_count()
    with counting_parses() as counts:
        assert read(first) is read(first) is read(second) is parse("a: 1\n")
    assert dict(counts) == {str(first): 1}
    assert parse_count() == before + 1


def test_a_changed_file_is_never_served_stale(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert read(path).data == {"a": 1}
    stat = path.stat()
    # the same size and modification time: only the content tells the versions apart
    path.write_text("a: 2\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert read(path).data == {"a": 2}
    path.write_text("a: 1\n", encoding="utf-8")
    with counting_parses() as counts:
        assert read(path).data == {"a": 1}
    assert not counts  # the first version is still cached


def test_the_cache_is_bounded_by_count_and_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_CACHED_DOCUMENTS", 3)
    for i in range(10):
        parse(f"a: {i}\n")
    assert len(yamlsource._cache) == 3
    with counting_parses() as counts:
        parse("a: 9\n")  # the newest stayed
        parse("a: 0\n")  # the oldest went
    assert sum(counts.values()) == 1

    clear_parse_cache()
    monkeypatch.setattr(yamlsource, "MAX_CACHED_CHARS", 100)
    for i in range(10):
        parse(f"a: '{i}{'x' * 40}'\n")
    assert yamlsource._cached_chars <= 100
    assert len(yamlsource._cache) == 2


def test_threads_reading_one_file_parse_it_once(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("".join(f"k{i}: {i}\n" for i in range(2000)), encoding="utf-8")
    results: list[object] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        results.append(read(path))

    with counting_parses() as counts:
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert dict(counts) == {str(path): 1}
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_nested_counting_blocks_each_see_their_parses() -> None:
    with counting_parses() as outer:
        parse("a: 1\n")
        with counting_parses() as inner:
            parse("a: 2\n")
    assert outer == {"<text>": 2}
    assert inner == {"<text>": 1}


def test_a_repeated_problem_is_recorded_once_in_order() -> None:
    sink = FileProblems("f.yaml")
    for i in (3, 1, 3, 2, 1):
        sink.at(Position(i, 1), "wrong-type", f"problem {i}")
    assert [p.line for p in sink.problems] == [3, 1, 2]


def test_a_problem_as_json_has_every_field_and_the_severity_as_text() -> None:
    problem = Problem(
        "f.yaml", 3, 5, "wrong-type", "expected", "fix it", "items[0]", Severity.WARNING
    )
    assert problem.to_json() == {
        "file": "f.yaml",
        "line": 3,
        "column": 5,
        "rule": "wrong-type",
        "message": "expected",
        "hint": "fix it",
        "path": "items[0]",
        "severity": "warning",
    }
    assert type(problem.to_json()["severity"]) is str
