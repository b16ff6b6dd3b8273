"""Reading-level limits per text kind and locale (README, "Readability")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from pdcontent.loading import source_for

from .conftest import CONTENT
from .readability import HIGHER_IS_HARDER, median, plain_text, score

KINDS = ("summary", "body", "evidence_note")

#: (median limit, limit for any one text) per locale and text kind; README "Readability"
LIMITS: dict[str, dict[str, tuple[float, float]]] = {
    # Flesch-Kincaid US school grade: at most grade 8 typical, none above grade 10
    "en": {"summary": (8, 10), "body": (8, 10), "evidence_note": (8, 10)},
    # first Wiener Sachtextformel, a school grade as well: the same reader, the same grades
    "de": {"summary": (8, 10), "body": (8, 10), "evidence_note": (8, 10)},
    # Szigriszt-Pazos on the INFLESZ scale: 55 and up "normal", under 40 "muy difícil"
    "es": {"summary": (55, 40), "body": (55, 40), "evidence_note": (55, 40)},
    # Kandel-Moles (Flesch scale): 60 and up standard, under 50 fairly difficult or worse
    "fr": {"summary": (60, 50), "body": (60, 50), "evidence_note": (60, 50)},
}


def texts(locale: str, kind: str) -> dict[str, str]:
    """Every text of ``kind`` in ``locale``, by unit id (translations as their files hold them)."""
    units = [u for u in source_for(CONTENT).units if u.field == kind]
    if locale == "en":
        return {u.id: u.text for u in units}
    found: dict[str, str] = {}
    for unit in units:
        path = CONTENT / locale / f"{unit.kind}.yaml"
        overlay = _overlay(path)
        entry = overlay.get(unit.key, {}).get(unit.field)
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            found[unit.id] = entry["text"]
    return found


@cache
def _overlay(path: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    units: dict[str, dict[str, object]] = (data or {}).get("units", {})
    return units


def over(locale: str, kind: str) -> tuple[float, list[str]]:
    """The median score of ``kind`` in ``locale`` and the units past the per-text limit."""
    worst = LIMITS[locale][kind][1]
    scores = {uid: score(text, locale) for uid, text in texts(locale, kind).items()}
    harder = HIGHER_IS_HARDER[locale]
    bad = sorted(uid for uid, s in scores.items() if (s > worst if harder else s < worst))
    return median(scores.values()), bad


@pytest.mark.parametrize(
    ("locale", "kind"),
    [pytest.param(locale, kind, id=f"{locale}-{kind}") for locale in LIMITS for kind in KINDS],
)
def test_reading_level_holds(locale: str, kind: str) -> None:
    typical, worst = LIMITS[locale][kind]
    mid, bad = over(locale, kind)
    ok = mid <= typical if HIGHER_IS_HARDER[locale] else mid >= typical
    assert ok, f"{locale} {kind}: median {mid} misses {typical}"
    assert not bad, f"{locale} {kind}: past {worst}: " + ", ".join(bad)


def test_every_kind_is_measured_in_every_locale() -> None:
    for locale in LIMITS:
        for kind in KINDS:
            assert texts(locale, kind), (locale, kind)


def test_markdown_is_measured_as_plain_text() -> None:
    md = "See [insight](term:insight) and **this**:\n\n- one item\n- two items"
    assert plain_text(md) == "See insight and this:\n\n\none item.\n\ntwo items."


#: one short plain sentence pair and one long technical sentence per language
SAMPLES = {
    "en": (
        "The cat sat on the mat. It was warm.",
        "Psychodynamic psychotherapy emphasizes unconscious determinants of "
        "interpersonal functioning.",
    ),
    "de": (
        "Die Katze sitzt auf der Matte. Sie ist warm.",
        "Psychodynamische Psychotherapie betont unbewusste Determinanten "
        "zwischenmenschlicher Beziehungsgestaltung.",
    ),
    "es": (
        "El gato está en la casa. Hace sol.",
        "La psicoterapia psicodinámica enfatiza determinantes inconscientes "
        "del funcionamiento interpersonal.",
    ),
    "fr": (
        "Le chat est sur le lit. Il fait beau.",
        "La psychothérapie psychodynamique privilégie les déterminants "
        "inconscients du fonctionnement interpersonnel.",
    ),
}


@pytest.mark.parametrize("locale", sorted(SAMPLES))
def test_each_formula_ranks_hard_text_as_harder(locale: str) -> None:
    easy, hard = SAMPLES[locale]
    easy_score, hard_score = score(easy, locale), score(hard, locale)
    assert (hard_score > easy_score) is HIGHER_IS_HARDER[locale], (easy_score, hard_score)


def test_an_unknown_locale_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no readability formula"):
        score("Some text.", "xx")
