"""The English content: complete, typed, honest, and in the project's own words."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import textstat
import yaml

from pdcontent.content import Content
from pdcontent.models import Frequency, TimeUnit

from .conftest import CONTENT, REPO

FACTS = yaml.safe_load((Path(__file__).parent / "facts.yaml").read_text(encoding="utf-8"))


def test_counts(content: Content) -> None:
    assert len(content.principles) == 6
    assert len(content.techniques) == 6
    assert len(content.conditions) == 6
    assert len(content.phases) == 4
    assert len(content.qualifications) == 6
    assert len(content.considerations) == 6
    assert len(content.glossary) >= 15
    assert len(content.references) == 12
    assert [p.order for p in content.phases] == [1, 2, 3, 4]


def test_numbers_are_typed_data(content: Content) -> None:
    guide = content.session_guide
    assert guide.frequency is Frequency.WEEKLY
    assert (guide.minutes.min, guide.minutes.max) == (45, 50)
    course = content.course_length
    assert (course.short_term_sessions.min, course.short_term_sessions.max) == (12, 20)
    assert course.long_term_span.min_unit is TimeUnit.MONTHS
    assert course.long_term_span.max_unit is TimeUnit.YEARS


def test_repaired_technique_bullets(content: Content) -> None:
    free = content.techniques.lookup("free-association")
    assert "free association" in free.title.lower()
    assert "listen" in (free.summary + free.body).lower()
    transference = content.techniques.lookup("transference-analysis")
    assert "transference" in transference.title.lower()
    assert re.search(r"\bpast\b", transference.summary + transference.body)


def test_related_approaches(content: Content) -> None:
    abbreviations = {a.abbreviation for a in content.related_approaches}
    assert abbreviations == {"TFP", "MBT"}
    for approach in content.related_approaches:
        assert approach.evidence


def test_review_metadata_is_honest(content: Content) -> None:
    review = content.metadata.review
    assert review.status == "not-clinically-reviewed"
    assert review.reviewers == ()
    assert "not" in review.process.lower()
    assert "clinician" in review.process.lower()
    assert "replace" in content.metadata.disclaimer.lower()


def test_evidence_is_honest_where_mixed(content: Content) -> None:
    anxiety = content.conditions.lookup("anxiety")
    assert {"leichsenring-2013-sad", "leichsenring-2014-sad-followup"} <= set(anxiety.evidence)
    assert re.search(r"\bmixed\b|\bCBT\b|cognitive", anxiety.evidence_note + anxiety.body)
    personality = content.conditions.lookup("personality-difficulties")
    assert "bhar-2010-critique" in personality.evidence


def _strings(node: object) -> list[str]:
    """Every text and number inside ``node``, as strings, in document order."""
    if isinstance(node, dict):
        return [f"{key}: {s}" for key, value in node.items() for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [str(node)]


@pytest.mark.parametrize("fact", FACTS, ids=[f["fact"][:60] for f in FACTS])
def test_every_article_fact_is_in_the_content(content: Content, fact: dict[str, object]) -> None:
    data = content.model_dump(mode="json")
    node: object = data
    for part in str(fact["where"]).split("/"):
        if isinstance(node, list):
            node = next(item for item in node if item.get("id") == part)
        else:
            assert isinstance(node, dict)
            node = node[part]
    text = re.sub(r"\s+", " ", " ".join(_strings(node))).lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link reads as its text
    for pattern in fact["patterns"]:  # type: ignore[attr-defined]
        assert re.search(pattern, text), f"{fact['fact']!r}: /{pattern}/ not in {fact['where']}"


def test_summaries_are_plain(content: Content) -> None:
    grades = [
        textstat.flesch_kincaid_grade(item.summary)
        for entry_list in (
            content.principles,
            content.techniques,
            content.conditions,
            content.phases,
            content.qualifications,
            content.considerations,
            content.glossary,
        )
        for item in entry_list
    ]
    mean = sum(grades) / len(grades)
    assert mean <= 9.0, f"mean reading grade {mean:.1f}"


def test_no_text_is_copied_from_the_article() -> None:
    tool = REPO.parent / "shared" / "tools" / "copycheck"
    if not tool.exists():
        pytest.skip("shared/tools/copycheck is not beside this checkout")
    python = shutil.which("python3") or "python3"
    proc = subprocess.run(
        [python, str(tool), str(CONTENT)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
