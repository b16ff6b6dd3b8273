"""``pdcontent.load()``: cheap import, lazy cached thread-safe loading, clear errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest

import pdcontent
from pdcontent.content import Content
from pdcontent.loading import clear_cache
from pdcontent.models import KINDS

from .conftest import CONTENT


def test_import_reads_no_content_and_imports_no_models() -> None:
    code = (
        "import sys\n"
        "import pdcontent\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'jsonschema', 'pdcontent.content', "
        "'strawberry', 'starlette') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_public_surface_is_exactly_the_intended_names() -> None:
    assert set(pdcontent.__all__) == {
        "CONTENT_VERSION",
        "Content",
        "ContentError",
        "LocaleInfo",
        "Problem",
        "__version__",
        "load",
        "locales",
    }
    for name in pdcontent.__all__:
        assert getattr(pdcontent, name) is not None
    with pytest.raises(AttributeError):
        _ = pdcontent.no_such_name


def test_versions_come_from_one_source_each(content: Content) -> None:
    assert pdcontent.__version__ == version("pdcontent")
    assert content.package_version == pdcontent.__version__
    assert content.metadata.content_version == pdcontent.CONTENT_VERSION


def test_load_caches_and_is_thread_safe() -> None:
    clear_cache()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: pdcontent.load("en"), range(32)))
    assert all(r is results[0] for r in results)
    assert pdcontent.load() is results[0]
    assert pdcontent.load("EN") is results[0]


def test_content_exposes_every_collection(content: Content) -> None:
    for kind in KINDS:
        items = content.items(kind)
        if kind.top_level:
            stored = getattr(content, kind.collection)
            assert items == (stored if kind.many else (stored,))
        assert isinstance(items, tuple)
        assert items
        for item in items:
            assert item.id
            assert item.title
            assert item.summary
    dumped = content.model_dump(mode="json")
    assert dumped["session_guide"]["minutes"] == {"min": 45, "max": 50}


@pytest.mark.parametrize("tag", ["xx", "../en", "en/../en", "", "e", "en_US!", "/etc/passwd"])
def test_unknown_or_malformed_locale_is_a_lookup_error(tag: str) -> None:
    with pytest.raises(LookupError):
        pdcontent.load(tag)


def test_load_from_a_path_reports_every_problem(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    course = tmp_path / "content" / "en" / "course-length.yaml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("min: 12", "min: twelve"), encoding="utf-8"
    )
    with pytest.raises(pdcontent.ContentError) as caught:
        pdcontent.load("en", path=tmp_path / "content")
    problems = caught.value.problems
    assert [p.rule for p in problems] == ["wrong-type"]
    assert problems[0].file.endswith("course-length.yaml")
    assert "course-length.yaml" in str(caught.value)


def test_load_from_a_good_path(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    loaded = pdcontent.load("en", path=tmp_path / "content")
    assert loaded == pdcontent.load("en")
    assert loaded is not pdcontent.load("en")
