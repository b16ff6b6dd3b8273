"""Translation checks: a broken-overlay corpus through the real CLI, and the checks themselves.

Each fixture in ``fixtures/broken-translations`` is a real overlay from ``content/<locale>/``
with exactly one mistake. Its header says which file it replaces and what must be reported::

    # target: course-length.yaml      the overlay file it replaces
    # locale: de                      the locale folder (default: es)
    # flags: --require-complete       extra ``pdcontent validate`` options (optional)
    # expect: missing-unit 8          the rule and the line it is reported at
    # severity: error                 the severity of every problem in the file (default: error)
    # exit: 1                         the exit code (default: 1 for errors, 0 for warnings)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from pydantic import ValidationError

from pdcontent.problems import RULES, Severity
from pdcontent.translations.checks import (
    CHECKS,
    CheckContext,
    Finding,
    do_not_translate,
    empty_text,
    glossary_consistency,
    invisible_characters,
    length_ratio,
    markdown_parity,
    names_list,
    number_parity,
    run_checks,
    terminology,
    typography,
    unchanged,
    whitespace,
)
from pdcontent.translations.overlay import TranslationUnit, UnitStatus
from pdcontent.translations.policy import (
    POLICY_FILE,
    LengthRatio,
    Rendering,
    Suppression,
    TranslationPolicy,
    read_policy,
)
from pdcontent.translations.units import SourceUnit

from .conftest import CONTENT, Completed

FIXTURES = Path(__file__).parent / "fixtures" / "broken-translations"
CASES = sorted(FIXTURES.glob("*.yaml"))
HEADER = re.compile(r"^# (target|locale|flags|expect|severity|exit): (.*)$", re.MULTILINE)
TRANSLATED_LOCALES = ("de", "es", "fr")

#: the rules of checks.py, each a pure function of (source unit, translation unit)
CHECK_RULES = {
    "empty-text",
    "unchanged",
    "markdown-parity",
    "number-parity",
    "glossary-term",
    "do-not-translate",
    "whitespace",
    "invisible-character",
    "length-ratio",
    "typography",
    "terminology",
}
#: the rules check.py adds by comparing a whole overlay with the English units
STRUCTURAL_RULES = {"missing-unit", "obsolete-unit", "stale-source", "locale-mismatch"}
#: YAML and JSON Schema rules the corpus must exercise on overlay files too
SCHEMA_RULES = {"yaml-syntax", "duplicate-key", "unknown-field", "invalid-value"}

Cli = Callable[..., Completed]


# --- the corpus of broken overlays -------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """A broken overlay and what ``pdcontent validate`` must say about it."""

    path: Path
    target: str
    locale: str
    flags: tuple[str, ...]
    rule: str
    line: int
    severity: str
    exit: int


def _fixture(path: Path) -> Fixture:
    header = dict(HEADER.findall(path.read_text(encoding="utf-8")))
    rule, line = header["expect"].split()
    severity = header.get("severity", "error")
    return Fixture(
        path=path,
        target=header["target"],
        locale=header.get("locale", "es"),
        flags=tuple(header.get("flags", "").split()),
        rule=rule,
        line=int(line),
        severity=severity,
        exit=int(header.get("exit", "1" if severity == "error" else "0")),
    )


def _in(problem: dict[str, Any], locale: str, filename: str) -> bool:
    return Path(problem["file"]).parts[-2:] == (locale, filename)


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A writable copy of the whole content tree (English, overlays and policy)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_the_corpus_covers_every_translation_rule() -> None:
    fixtures = [_fixture(case) for case in CASES]
    assert len(fixtures) >= 25
    rules = {f.rule for f in fixtures}
    assert rules >= CHECK_RULES | STRUCTURAL_RULES | SCHEMA_RULES, sorted(
        (CHECK_RULES | STRUCTURAL_RULES | SCHEMA_RULES) - rules
    )
    assert rules <= set(RULES) | CHECK_RULES | STRUCTURAL_RULES
    # the switchable rules appear with both severities
    severities = {(f.rule, f.severity) for f in fixtures}
    for rule in ("missing-unit", "stale-source"):
        assert {(rule, "warning"), (rule, "error")} <= severities
    for f in fixtures:
        assert f.locale in TRANSLATED_LOCALES, f.path.name
        assert (CONTENT / f.locale / f.target).is_file(), f.path.name
        assert f.severity in ("error", "warning"), f.path.name
        assert f.exit == (1 if f.severity == "error" else 0), f.path.name


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_translation_is_reported(case: Path, content_root: Path, command: Cli) -> None:
    fixture = _fixture(case)
    target = content_root / fixture.locale / fixture.target
    shutil.copyfile(case, target)

    result = command("validate", str(content_root), "--format", "json", *fixture.flags)

    assert result.code == fixture.exit, result.out + result.err
    assert "Traceback" not in result.err
    report = result.json()
    problems = report["problems"]
    in_target = [p for p in problems if _in(p, fixture.locale, fixture.target)]
    found = {(p["rule"], p["line"]) for p in in_target}
    assert (fixture.rule, fixture.line) in found, in_target
    # the fixture holds one mistake, so nothing else is reported in its file ...
    assert {p["rule"] for p in in_target} == {fixture.rule}, in_target
    assert {p["severity"] for p in in_target} == {fixture.severity}, in_target
    # ... nor anywhere else: the rest of the copy is the shipped, clean content
    assert problems == in_target, problems
    summary = {s["locale"]: s for s in report["summary"]}
    counted = "errors" if fixture.severity == "error" else "warnings"
    assert summary[fixture.locale][counted] == len(in_target)
    assert report["ok"] is (fixture.exit == 0)


# --- the checks as pure functions --------------------------------------------------------

HASH = "0123456789abcdef"


@dataclass(frozen=True)
class Owner:
    """Stands in for the model a text belongs to: the glossary check reads its ``terms``."""

    terms: tuple[str, ...] = ()


def _source(
    text: str,
    *,
    markdown: bool = False,
    owner: object = None,
    field: str = "body",
    names: bool = False,
) -> SourceUnit:
    return SourceUnit("phases", "initial", field, None, text, markdown, (), owner, names=names)


def _target(text: str) -> TranslationUnit:
    if text.strip():
        return TranslationUnit(text=text, source_hash=HASH, status=UnitStatus.TRANSLATED)
    # the overlay schema refuses blank texts, so the check is a second line of defence
    return TranslationUnit.model_construct(
        text=text, source_hash=HASH, status=UnitStatus.TRANSLATED
    )


Check = Callable[[SourceUnit, TranslationUnit, str, str, CheckContext], Iterator[Finding]]

GLOSSARY = {
    "transference": ("Transference", "Transferencia"),
    "insight": ("Insight", "Insight"),
    "defense-mechanism": ("Defense mechanism", "Mecanismo de defensa"),
    "untranslated-term": ("Working through", None),
}
POLICY = TranslationPolicy(
    do_not_translate=("TFP", "Línea de la Vida"),
    keep_unchanged=("OK",),
    length_ratio=LengthRatio(min=0.5, max=2.0, min_source_length=20),
    terminology={"es": {"CBT": Rendering(term="TCC", spelled_out="terapia cognitivo-conductual")}},
)
CTX = CheckContext(policy=POLICY, glossary=GLOSSARY)
TERMS = Owner(("transference", "defense-mechanism", "untranslated-term"))
LONG = "Most people see their therapist once a week."  # 44 characters


@dataclass(frozen=True)
class PureCase:
    """One call of one check and the rule it must (or must not) report."""

    id: str
    check: Check
    source: str
    target: str
    rule: str
    found: bool
    markdown: bool = False
    owner: object = None
    names: bool = False
    locale: str = "es"


PURE_CASES = [
    # names units (also_called): one name a line, as many as the language has
    PureCase("names-blank-line", names_list, "a\nb", "x\n\ny", "empty-text", True, names=True),
    PureCase("names-ok", names_list, "a\nb", "x\ny\nz", "empty-text", False, names=True),
    PureCase("names-prose-is-not-names", names_list, "a", "x\n\ny", "empty-text", False),
    PureCase(
        "names-numbers-free", number_parity, "ICD 10", "CIM", "number-parity", False, names=True
    ),
    PureCase("names-length-free", length_ratio, LONG, "x", "length-ratio", False, names=True),
    # typography (locale rules in detail: test_typography.py)
    PureCase("typo-fr-plain-space", typography, LONG, "Oui : non", "typography", True, locale="fr"),
    PureCase(
        "typo-fr-ok",
        typography,
        LONG,
        "Oui\u202f: «\u202fnon\u202f»",
        "typography",
        False,
        locale="fr",
    ),
    PureCase("typo-es-no-opening", typography, LONG, "Qué?", "typography", True),
    PureCase("typo-es-ok", typography, LONG, "¿Qué?", "typography", False),
    PureCase("typo-de-english-quotes", typography, LONG, '"Ja"', "typography", True, locale="de"),
    PureCase("typo-de-ok", typography, LONG, "„Ja“", "typography", False, locale="de"),
    # terminology (in detail: test_terminology.py)
    PureCase("term-english-left", terminology, "CBT helps", "La CBT ayuda", "terminology", True),
    PureCase("term-not-used", terminology, "CBT helps", "Otra ayuda", "terminology", True),
    PureCase("term-used", terminology, "CBT helps", "La TCC ayuda", "terminology", False),
    PureCase(
        "term-spelled-out",
        terminology,
        "CBT helps",
        "La terapia cognitivo-conductual ayuda",
        "terminology",
        False,
    ),
    # empty-text
    PureCase("empty-blank", empty_text, LONG, "   ", "empty-text", True),
    PureCase("empty-newlines", empty_text, LONG, "\n\n", "empty-text", True),
    PureCase("empty-ok", empty_text, LONG, "Hola", "empty-text", False),
    # unchanged
    PureCase("unchanged-same", unchanged, "Transference", "Transference", "unchanged", True),
    PureCase("unchanged-padded", unchanged, "Transference", " Transference\n", "unchanged", True),
    PureCase("unchanged-ok", unchanged, "Transference", "Transferencia", "unchanged", False),
    PureCase("unchanged-digits", unchanged, "2026", "2026", "unchanged", False),
    PureCase("unchanged-allowed", unchanged, "OK", "OK", "unchanged", False),
    # markdown-parity
    PureCase(
        "md-link-target-changed",
        markdown_parity,
        "See [the list](https://example.org/a).",
        "Vea [la lista](https://example.org/b).",
        "markdown-parity",
        True,
        markdown=True,
    ),
    PureCase(
        "md-link-dropped",
        markdown_parity,
        "See [the list](https://example.org/a).",
        "Vea la lista.",
        "markdown-parity",
        True,
        markdown=True,
    ),
    PureCase(
        "md-link-label-translated",
        markdown_parity,
        "See [the list](https://example.org/a) and <https://example.org/b>.",
        "Vea [la lista](https://example.org/a) y <https://example.org/b>.",
        "markdown-parity",
        False,
        markdown=True,
    ),
    PureCase(
        "md-bold-removed",
        markdown_parity,
        "This is **insight**.",
        "Esto es insight.",
        "markdown-parity",
        True,
        markdown=True,
    ),
    PureCase(
        "md-emphasis-style",
        markdown_parity,
        "This is *new* and `code`.",
        "Esto es _nuevo_ y `code`.",
        "markdown-parity",
        False,
        markdown=True,
    ),
    PureCase(
        "md-list-item-dropped",
        markdown_parity,
        "Topics:\n\n- one\n- two\n",
        "Temas:\n\n- uno\n",
        "markdown-parity",
        True,
        markdown=True,
    ),
    PureCase(
        "md-paragraph-merged",
        markdown_parity,
        "First.\n\nSecond.\n",
        "Primero.\nSegundo.\n",
        "markdown-parity",
        True,
        markdown=True,
    ),
    PureCase(
        "md-same-shape",
        markdown_parity,
        "First **bold**.\n\n- one\n- two\n",
        "Primero **negrita**.\n\n- uno\n- dos\n",
        "markdown-parity",
        False,
        markdown=True,
    ),
    PureCase(
        "md-plain-field-ignored",
        markdown_parity,
        "This is **insight**.",
        "Esto es insight.",
        "markdown-parity",
        False,
        markdown=False,
    ),
    # number-parity
    PureCase("num-changed", number_parity, "45 to 50", "46 a 50", "number-parity", True),
    PureCase("num-dropped", number_parity, "12 to 20", "hasta 20", "number-parity", True),
    PureCase("num-spelled-out", number_parity, "12 to 20", "doce a 20", "number-parity", True),
    PureCase("num-added", number_parity, "weekly", "1 vez por semana", "number-parity", True),
    PureCase("num-same", number_parity, "12 to 20", "de 12 a 20", "number-parity", False),
    PureCase("num-reordered", number_parity, "12 of 20", "20 de 12", "number-parity", False),
    PureCase(
        "num-separators", number_parity, "1,000 or 2.5", "1.000 o 2,5", "number-parity", False
    ),
    # glossary-term
    PureCase(
        "glossary-other-word",
        glossary_consistency,
        "strong feelings (transference)",
        "sentimientos intensos (transfert)",
        "glossary-term",
        True,
        owner=TERMS,
    ),
    PureCase(
        "glossary-multiword",
        glossary_consistency,
        "Each defense mechanism protects.",
        "Cada defensa protege.",
        "glossary-term",
        True,
        owner=TERMS,
    ),
    PureCase(
        "glossary-inflected",
        glossary_consistency,
        "strong feelings (transference)",
        "las transferencias intensas",
        "glossary-term",
        False,
        owner=TERMS,
    ),
    PureCase(
        "glossary-term-not-in-text",
        glossary_consistency,
        "strong feelings",
        "sentimientos intensos",
        "glossary-term",
        False,
        owner=TERMS,
    ),
    PureCase(
        "glossary-term-not-listed",
        glossary_consistency,
        "insight grows",
        "la comprensión crece",
        "glossary-term",
        False,
        owner=TERMS,
    ),
    PureCase(
        "glossary-no-translation",
        glossary_consistency,
        "working through it",
        "elaborarlo",
        "glossary-term",
        False,
        owner=TERMS,
    ),
    PureCase(
        "glossary-no-owner",
        glossary_consistency,
        "strong feelings (transference)",
        "sentimientos intensos (transfert)",
        "glossary-term",
        False,
    ),
    # do-not-translate
    PureCase(
        "dnt-translated", do_not_translate, "TFP helps", "PFT ayuda", "do-not-translate", True
    ),
    PureCase(
        "dnt-lowercased", do_not_translate, "TFP helps", "tfp ayuda", "do-not-translate", True
    ),
    PureCase("dnt-kept", do_not_translate, "TFP helps", "La TFP ayuda", "do-not-translate", False),
    PureCase(
        "dnt-phrase-kept",
        do_not_translate,
        "Call Línea de la Vida.",
        "Llame a Línea de la Vida.",
        "do-not-translate",
        False,
    ),
    PureCase(
        "dnt-not-in-source", do_not_translate, "Therapy helps", "Ayuda", "do-not-translate", False
    ),
    # whitespace
    PureCase("ws-leading", whitespace, "Hello there", " Hola", "whitespace", True),
    PureCase("ws-trailing", whitespace, "Hello there", "Hola ", "whitespace", True),
    PureCase("ws-double", whitespace, "Hello there", "Hola  amigo", "whitespace", True),
    PureCase("ws-trailing-in-line", whitespace, "a\nb\n", "a \nb\n", "whitespace", True),
    PureCase("ws-newline-dropped", whitespace, "Hello\n", "Hola", "whitespace", True),
    PureCase("ws-block-ok", whitespace, "Hello\n\nthere\n", "Hola\n\namigo\n", "whitespace", False),
    PureCase("ws-ok", whitespace, "Hello there", "Hola amigo", "whitespace", False),
    # invisible-character
    PureCase("inv-zwsp", invisible_characters, "Hello", "Ho\u200bla", "invisible-character", True),
    PureCase("inv-rlo", invisible_characters, "Hello", "\u202eHola", "invisible-character", True),
    PureCase("inv-bom", invisible_characters, "Hello", "Hola\ufeff", "invisible-character", True),
    PureCase(
        "inv-isolate", invisible_characters, "Hi", "\u2066Hola\u2069", "invisible-character", True
    ),
    PureCase("inv-shy", invisible_characters, "Hello", "Ho\u00adla", "invisible-character", True),
    PureCase(
        "inv-joiner", invisible_characters, "Hello", "Ho\u2060la", "invisible-character", True
    ),
    PureCase("inv-none", invisible_characters, "Hello", "Hóla ñ", "invisible-character", False),
    # one definition for English and translations: a character the English holds (which
    # validation refuses there too) does not make it acceptable in the translation
    PureCase(
        "inv-in-source-too",
        invisible_characters,
        "Hel\u00adlo",
        "Ho\u00adla",
        "invisible-character",
        True,
    ),
    PureCase("inv-escape", invisible_characters, "Hi", "Ho\x1b[31mla", "invisible-character", True),
    PureCase("inv-cr", invisible_characters, "Hi", "Ho\rla", "invisible-character", True),
    PureCase("inv-nel", invisible_characters, "Hi", "Ho\x85la", "invisible-character", True),
    PureCase("inv-nonchar", invisible_characters, "Hi", "Ho\uffffla", "invisible-character", True),
    PureCase("inv-tab-ok", invisible_characters, "Hi", "Ho\tla\n", "invisible-character", False),
    # zero-width characters the target's script needs are allowed, elsewhere they hide text
    PureCase(
        "inv-zwnj-persian",
        invisible_characters,
        "Hi",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "invisible-character",
        False,
    ),
    PureCase(
        "inv-zwsp-thai",
        invisible_characters,
        "Hi",
        "\u0e2a\u0e27\u200b\u0e31\u0e2a",
        "invisible-character",
        False,
    ),
    PureCase(
        "inv-zwsp-latin", invisible_characters, "Hi", "Ho\u200bla", "invisible-character", True
    ),
    PureCase(
        "inv-rlm-hebrew",
        invisible_characters,
        "Hi",
        "\u05e9\u05dc\u200f\u05d5\u05dd 5",
        "invisible-character",
        False,
    ),
    PureCase(
        "inv-rlm-latin", invisible_characters, "Hi", "Ho\u200fla", "invisible-character", True
    ),
    PureCase(
        "inv-emoji-zwj",
        invisible_characters,
        "Hi",
        "Hola \U0001f469\u200d\U0001f52c",
        "invisible-character",
        False,
    ),
    PureCase(
        "inv-zwj-latin", invisible_characters, "Hi", "Ho\u200dla", "invisible-character", True
    ),
    PureCase(
        "inv-rlo-hebrew",
        invisible_characters,
        "Hi",
        "\u05e9\u202e\u05dc",
        "invisible-character",
        True,
    ),
    # length-ratio
    PureCase("len-long", length_ratio, LONG, LONG * 3, "length-ratio", True),
    PureCase("len-short", length_ratio, LONG, "Una vez.", "length-ratio", True),
    PureCase("len-ok", length_ratio, LONG, LONG[:30], "length-ratio", False),
    PureCase("len-at-max", length_ratio, LONG, LONG * 2, "length-ratio", False),
    PureCase(
        "len-short-source",
        length_ratio,
        "Insight",
        "Comprensión profunda de uno",
        "length-ratio",
        False,
    ),
]

SEVERITY = {
    "empty-text": Severity.ERROR,
    "markdown-parity": Severity.ERROR,
    "number-parity": Severity.ERROR,
    "invisible-character": Severity.ERROR,
    "unchanged": Severity.WARNING,
    "glossary-term": Severity.WARNING,
    "do-not-translate": Severity.WARNING,
    "whitespace": Severity.WARNING,
    "length-ratio": Severity.WARNING,
    "typography": Severity.ERROR,
    "terminology": Severity.ERROR,
}


@pytest.mark.parametrize("case", PURE_CASES, ids=[c.id for c in PURE_CASES])
def test_check_function(case: PureCase) -> None:
    source = _source(case.source, markdown=case.markdown, owner=case.owner, names=case.names)
    target = _target(case.target)

    findings = list(case.check(source, target, source.field, case.locale, CTX))

    assert {f.rule for f in findings} <= {case.rule}, findings
    assert bool(findings) is case.found, findings
    for finding in findings:
        assert finding.severity is SEVERITY[case.rule]
        assert finding.message
        assert finding.hint
    # a pure function: the same inputs give the same findings
    assert list(case.check(source, target, source.field, case.locale, CTX)) == findings


def test_every_check_has_positive_and_negative_cases() -> None:
    positive = {c.rule for c in PURE_CASES if c.found}
    negative = {c.rule for c in PURE_CASES if not c.found}
    assert positive == negative == CHECK_RULES
    assert set(SEVERITY) == CHECK_RULES
    assert {c.check for c in PURE_CASES} == set(CHECKS)


def test_link_messages_name_the_missing_and_added_targets() -> None:
    source = _source("See [it](https://example.org/a).", markdown=True)
    [finding] = markdown_parity(
        source, _target("Vea [eso](https://example.org/b)."), "body", "es", CTX
    )
    assert "https://example.org/a" in finding.message
    assert "https://example.org/b" in finding.message


def test_length_ratio_uses_the_policy_bounds() -> None:
    loose = CheckContext(policy=TranslationPolicy(length_ratio=LengthRatio(min=0.1, max=5.0)))
    source, target = _source(LONG), _target(LONG * 3)
    assert list(length_ratio(source, target, "body", "es", loose)) == []
    assert [f.rule for f in length_ratio(source, target, "body", "es", CTX)] == ["length-ratio"]


def test_do_not_translate_is_per_policy() -> None:
    source, target = _source("TFP helps"), _target("PFT ayuda")
    assert list(do_not_translate(source, target, "body", "es", CheckContext())) == []


def test_run_checks_combines_every_check() -> None:
    source = _source("Transference 12 to 20", owner=TERMS)
    target = _target("Transference  12\u200b a 21")
    rules = sorted(f.rule for f in run_checks(source, target, "es", CTX))
    assert rules == ["invisible-character", "number-parity", "whitespace"]
    assert (
        run_checks(_source(LONG), _target("Casi todo el mundo va una vez a la semana."), "es", CTX)
        == []
    )


# --- suppressions ------------------------------------------------------------------------


def _suppress(locale: str, unit: str, rule: str) -> Suppression:
    return Suppression(
        locale=locale, unit=unit, rule=rule, reason="the loanword is the usual term here"
    )


def test_a_suppression_silences_exactly_its_finding() -> None:
    policy = TranslationPolicy(suppressions=(_suppress("es", "phases/initial/*", "unchanged"),))
    ctx = CheckContext(policy=policy)
    source, target = _source("Transference", field="title"), _target(" Transference")
    assert source.id == "phases/initial/title"

    assert sorted(f.rule for f in run_checks(source, target, "es", CTX)) == [
        "unchanged",
        "whitespace",
    ]
    # the suppressed rule goes, other rules on the same unit stay
    assert [f.rule for f in run_checks(source, target, "es", ctx)] == ["whitespace"]
    # only in the suppression's locale ...
    assert sorted(f.rule for f in run_checks(source, target, "de", ctx)) == [
        "unchanged",
        "whitespace",
    ]
    # ... and only for the units its glob matches
    other = SourceUnit("phases", "exploration", "title", None, "Transference", False)
    assert sorted(f.rule for f in run_checks(other, target, "es", ctx)) == [
        "unchanged",
        "whitespace",
    ]
    assert policy.suppressed("es", "phases/initial/title", "unchanged")
    assert not policy.suppressed("es", "phases/initial/title", "whitespace")
    assert not policy.suppressed("fr", "phases/initial/title", "unchanged")


@pytest.mark.parametrize("reason", ["", "ok", "too short", " " * 12])
def test_a_suppression_needs_a_reason(reason: str) -> None:
    with pytest.raises(ValidationError):
        Suppression(locale="es", unit="*", rule="unchanged", reason=reason)


def _policy_data(root: Path) -> dict[str, Any]:
    data = yaml.safe_load((root / POLICY_FILE).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write_policy(root: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / POLICY_FILE).write_text(text, encoding="utf-8")


def test_the_shipped_policy_gives_every_suppression_a_reason() -> None:
    policy = read_policy(CONTENT)
    assert policy.suppressions
    assert all(len(s.reason.strip()) >= 10 for s in policy.suppressions)


def test_a_policy_suppression_silences_exactly_that_finding_in_the_cli(
    content_root: Path, command: Cli
) -> None:
    es = (FIXTURES / "unchanged.yaml").read_text(encoding="utf-8")
    # a second finding in the same file, which the suppression must not touch
    es = es.replace("de unas 12 a 20 sesiones,", "de unas doce a 20 sesiones,", 1)
    (content_root / "es" / "course-length.yaml").write_text(es, encoding="utf-8")
    fr_file = content_root / "fr" / "course-length.yaml"
    fr = fr_file.read_text(encoding="utf-8")
    fr_file.write_text(fr.replace("Durée de la thérapie", "How long therapy lasts"), "utf-8")

    def reported() -> set[tuple[str, str, int]]:
        result = command("validate", str(content_root), "--format", "json")
        assert "Traceback" not in result.err
        return {
            (Path(p["file"]).parts[-2], p["rule"], p["line"]) for p in result.json()["problems"]
        }

    before = reported()
    assert before == {
        ("es", "unchanged", 10),
        ("es", "number-parity", 14),
        ("fr", "unchanged", 6),
    }
    data = _policy_data(content_root)
    data["suppressions"].append(
        {
            "locale": "es",
            "unit": "course-length/course-length/title",
            "rule": "unchanged",
            "reason": "A test: the English title is kept on purpose.",
        }
    )
    _write_policy(content_root, data)
    assert reported() == before - {("es", "unchanged", 10)}


@pytest.mark.parametrize(
    ("reason", "rule"),
    [("ok", "invalid-value"), (" " * 12, "empty-text"), (None, "missing-field")],
    ids=["too-short", "blank", "missing"],
)
def test_a_suppression_without_a_reason_makes_the_policy_invalid(
    reason: str | None, rule: str, content_root: Path, command: Cli
) -> None:
    data = _policy_data(content_root)
    suppression = {"locale": "es", "unit": "glossary/insight/title", "rule": "unchanged"}
    if reason is not None:
        suppression["reason"] = reason
    data["suppressions"] = [suppression]
    _write_policy(content_root, data)
    with pytest.raises(ValueError, match=re.escape(POLICY_FILE)):
        read_policy(content_root)

    result = command("validate", str(content_root))

    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    lines = result.out.strip().splitlines()
    assert len(lines) == 1
    # named and placed like a content problem
    assert re.search(rf"{re.escape(POLICY_FILE)}:\d+:\d+: {rule}: ", lines[0]), lines[0]


# --- output formats ----------------------------------------------------------------------


@pytest.fixture
def one_error_one_warning(content_root: Path) -> Path:
    """A content copy with an error in es (number-parity) and a warning in de (glossary)."""
    shutil.copyfile(
        FIXTURES / "number-parity-changed.yaml", content_root / "es" / "session-guide.yaml"
    )
    shutil.copyfile(FIXTURES / "glossary-term-de.yaml", content_root / "de" / "considerations.yaml")
    return content_root


def test_github_format(one_error_one_warning: Path, command: Cli) -> None:
    result = command("validate", str(one_error_one_warning), "--format", "github")

    assert result.code == 1
    lines = result.out.strip().splitlines()
    annotations = [line for line in lines if not line.startswith("::notice ")]
    notices = [line for line in lines if line.startswith("::notice ")]
    assert len(notices) == 4  # a summary per locale: en, de, es, fr
    assert len(annotations) == 2
    [error] = [line for line in annotations if line.startswith("::error file=")]
    [warning] = [line for line in annotations if line.startswith("::warning file=")]
    annotation = re.compile(
        r"::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::.+"
    )
    error_match = annotation.fullmatch(error)
    warning_match = annotation.fullmatch(warning)
    assert error_match is not None
    assert warning_match is not None
    assert error_match.group(2).endswith("es/session-guide.yaml")
    assert (error_match.group(3), error_match.group(5)) == ("14", "number-parity")
    assert warning_match.group(2).endswith("de/considerations.yaml")
    assert (warning_match.group(3), warning_match.group(5)) == ("145", "glossary-term")


def test_junit_format(one_error_one_warning: Path, command: Cli) -> None:
    result = command("validate", str(one_error_one_warning), "--format", "junit")

    assert result.code == 1
    root = ET.fromstring(result.out)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"pdcontent.en", "pdcontent.de", "pdcontent.es", "pdcontent.fr"}
    failures = list(root.iter("failure"))
    assert len(failures) == 1  # one per error; the warning passes
    assert failures[0].get("type") == "number-parity"
    assert sum(int(s.get("failures", "0")) for s in suites.values()) == 1
    assert suites["pdcontent.es"].get("failures") == "1"
    [case] = suites["pdcontent.es"].iter("testcase")
    assert case.get("line") == "14"
    [warning] = suites["pdcontent.de"].iter("testcase")
    assert warning.find("failure") is None
    out = warning.find("system-out")
    assert out is not None
    assert (out.text or "").startswith("warning: ")


def test_text_format(one_error_one_warning: Path, command: Cli) -> None:
    result = command("validate", str(one_error_one_warning))

    assert result.code == 1
    lines = sorted(result.out.strip().splitlines())
    assert len(lines) == 2  # one line per problem
    assert re.fullmatch(r".*de/considerations\.yaml:145:\d+: glossary-term: .+", lines[0])
    assert re.fullmatch(r".*es/session-guide\.yaml:14:\d+: number-parity: .+", lines[1])
    summaries = result.err.strip().splitlines()
    assert summaries[0] == "en: 0 error(s), 0 warning(s)"
    counts = [
        r"de: 0 error\(s\), 1 warning",
        r"es: 1 error\(s\), 0 warning",
        r"fr: 0 error\(s\), 0 warning",
    ]
    assert len(summaries) == 1 + len(counts)
    for line, count in zip(summaries[1:], counts, strict=True):
        assert re.fullmatch(count + r"\(s\), (\d+)/\1 units translated", line), line


# --- the shipped translations -------------------------------------------------------------


def test_shipped_translations_are_clean_when_strict_and_complete(command: Cli) -> None:
    result = command("validate", str(CONTENT), "--strict", "--require-complete", "--format", "json")

    assert result.code == 0, result.out + result.err
    report = result.json()
    assert report["ok"] is True
    assert report["problems"] == []
    summary = {s["locale"]: s for s in report["summary"]}
    assert set(TRANSLATED_LOCALES) <= set(summary)
    for locale in TRANSLATED_LOCALES:
        assert summary[locale]["errors"] == 0
        assert summary[locale]["total"] > 0
        assert summary[locale]["translated"] == summary[locale]["total"]
