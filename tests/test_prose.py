"""Prose faults a YAML fold makes and no schema sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pdcontent.loading import source_for

CONTENT = Path(__file__).resolve().parents[1] / "content"
# a folded scalar turns "longer-⏎term" into "longer- term": a hyphen, a space, a word
BROKEN_HYPHEN = re.compile(r"\w- \w")


def test_no_english_text_breaks_a_hyphenated_word() -> None:
    broken = [u.id for u in source_for(CONTENT).units if BROKEN_HYPHEN.search(u.text)]
    assert broken == []


@pytest.mark.parametrize("locale", ["de", "es", "fr"])
def test_no_translation_breaks_a_hyphenated_word(locale: str) -> None:
    texts = {
        f"{path.stem}/{key}/{field}": entry["text"]
        for path in sorted((CONTENT / locale).glob("*.yaml"))
        for key, fields in (yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        .get("units", {})
        .items()
        for field, entry in fields.items()
        if isinstance(entry, dict) and isinstance(entry.get("text"), str)
    }
    # German writes "Ein- und Ausatmen": a hyphen before "und"/"oder" is a word left out
    elided = re.compile(r"\w- (und|oder|bis|sowie)\b")
    broken = [uid for uid, text in texts.items() if BROKEN_HYPHEN.search(elided.sub("", text))]
    assert broken == []
