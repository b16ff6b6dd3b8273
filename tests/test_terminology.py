"""Terminology in the translation policy: one rendering per English term and locale.

The shipped policy records CBT as KVT (de) and TCC (es, fr); the ``terminology`` check
makes the translations use it, and flags the English letters left in running text.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pdcontent.translations.checks import _contains_term
from pdcontent.translations.policy import Rendering, TranslationPolicy, read_policy

from .conftest import CONTENT, Completed

Cli = Callable[..., Completed]


def test_the_shipped_policy_records_cbt_per_locale() -> None:
    policy = read_policy(CONTENT)
    assert "CBT" not in policy.do_not_translate
    assert policy.renderings("de")["CBT"] == Rendering(
        term="KVT", spelled_out="kognitive Verhaltenstherapie"
    )
    assert policy.renderings("es")["CBT"] == Rendering(
        term="TCC", spelled_out="terapia cognitivo-conductual"
    )
    assert policy.renderings("fr")["CBT"] == Rendering(
        term="TCC", spelled_out="thérapie cognitivo-comportementale"
    )


def test_no_translation_writes_the_english_letters() -> None:
    for locale in ("de", "es", "fr"):
        for path in sorted((CONTENT / locale).glob("*.yaml")):
            assert "CBT" not in path.read_text(encoding="utf-8"), path


def test_a_locale_without_its_own_block_uses_its_language() -> None:
    policy = TranslationPolicy(
        terminology={"es": {"CBT": "TCC"}, "es-MX": {"insight": "introspección"}}
    )
    assert policy.renderings("es-AR") == {"CBT": Rendering(term="TCC")}
    assert policy.renderings("es-MX") == {"insight": Rendering(term="introspección")}
    assert policy.renderings("pt-BR") == {}


def test_the_english_term_left_in_a_translation_is_placed(tmp_path: Path, command: Cli) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    overlay = root / "fr" / "references.yaml"
    lines = overlay.read_text(encoding="utf-8").split("\n")
    [number] = [i for i, line in enumerate(lines) if "mais la TCC a fait" in line]
    lines[number] = lines[number].replace("mais la TCC", "mais la CBT")
    overlay.write_text("\n".join(lines), encoding="utf-8")

    result = command("validate", str(root), "--format", "json")

    assert result.code == 1, result.out + result.err
    [problem] = result.json()["problems"]
    assert problem["rule"] == "terminology"
    assert (problem["line"], problem["column"]) == (number + 1, lines[number].index("CBT") + 1)
    assert "TCC" in problem["hint"]


def test_a_term_recorded_for_a_locale_is_enforced(tmp_path: Path, command: Cli) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    policy = root / "translation-policy.yaml"
    text = policy.read_text(encoding="utf-8")
    # German says "Warteliste" where the English says "waiting list"; record another word
    policy.write_text(
        text.replace("  es:\n", "    waiting list: Wartegruppe\n  es:\n", 1), encoding="utf-8"
    )

    result = command("validate", str(root), "--format", "json")

    assert result.code == 1, result.out + result.err
    problems = result.json()["problems"]
    assert problems
    assert {p["rule"] for p in problems} == {"terminology"}
    assert all("/de/" in p["file"] for p in problems)
    assert all("'Wartegruppe'" in p["message"] for p in problems)


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("A licensed therapist", "license", True),
        ("Ask about their licences", "license", True),
        ("Die Übertragungen in der Therapie", "Übertragung", True),
        ("las transferencias", "transferencia", True),
        ("Something inside you", "insight", False),
        ("lice", "license", False),
        ("You work through feelings", "working through", False),
        ("Working through takes time", "working through", True),
        ("See [this](term:transference)", "transference", False),
    ],
)
def test_a_term_matches_its_inflections_not_its_neighbours(
    text: str, term: str, found: bool
) -> None:
    assert _contains_term(text, term) is found
