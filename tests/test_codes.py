"""Diagnosis codes: only vetted codes, checked per system, found by the table's match rules."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

import pdcontent
from pdcontent.content import Content
from pdcontent.models import VETTED, CodeSystem, DiagnosisCode, normalize_code

from .conftest import REPO

ICD10, CM, ICD11 = CodeSystem.ICD_10, CodeSystem.ICD_10_CM, CodeSystem.ICD_11_MMS


def test_code_systems_have_the_identifiers_of_the_vetted_table() -> None:
    table = (REPO.parent / "shared" / "references.md").read_text(encoding="utf-8")
    assert ICD10.identifier == "2.16.840.1.113883.6.3"
    assert CM.identifier == "2.16.840.1.113883.6.90"
    assert ICD11.identifier == "http://id.who.int/icd/release/11/mms"
    for system in CodeSystem:
        assert system.identifier in table
        assert CodeSystem.from_identifier(system.identifier) is system
        assert CodeSystem.from_identifier(f"  {system.value} ") is system
    with pytest.raises(LookupError):
        CodeSystem.from_identifier("2.16.840.1.113883.6.96")  # SNOMED CT: no vetted codes


def test_every_vetted_code_is_in_the_references_table() -> None:
    table = (REPO.parent / "shared" / "references.md").read_text(encoding="utf-8")
    section = table.split("## Diagnosis codes", 1)[1]
    for (system, code), title in VETTED.items():
        assert re.search(rf"\b{re.escape(code)}\b", section), code
        assert title.lower() in section.lower(), title
        assert re.fullmatch(system.pattern, code), (system, code)


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        (CM, "F41.10", ["anxiety"]),  # more specific than the listed F41.1
        (CM, "F40.11", ["anxiety"]),
        (CM, "f411", ["anxiety"]),  # case- and dot-insensitive
        (CM, "F41.1", ["anxiety"]),
        (CM, "F43.10", ["trauma"]),
        (ICD10, "F32.1", ["depression"]),
        (ICD11, "6A70.1", ["depression"]),
        (ICD11, "6b04", ["anxiety"]),
        (ICD11, "6D11.5", ["personality-difficulties"]),
        (CM, "F4", []),  # less specific than anything listed
        (CM, "F41.0", []),  # a sibling, not a child
        (CM, "6B00", []),  # an ICD-11 code asked of ICD-10-CM: no cross-system match
        (ICD11, "F41.1", []),
        (CM, "", []),
    ],
)
def test_lookup_follows_the_match_rules(
    content: Content, system: CodeSystem, code: str, expected: list[str]
) -> None:
    assert list(content.conditions_for_code(system, code).ids()) == expected
    assert list(content.conditions_for_code(system.identifier, code).ids()) == expected


def test_unknown_code_system_is_a_lookup_error(content: Content) -> None:
    with pytest.raises(LookupError, match="unknown code system"):
        content.conditions_for_code("1.2.3", "F41.1")


def test_interpersonal_difficulties_has_no_code_and_says_why(content: Content) -> None:
    for condition in content.conditions:
        if condition.id == "interpersonal-difficulties":
            assert condition.codes == ()
            assert "no diagnosis code" in " ".join(condition.body.split())
        else:
            assert condition.codes, condition.id


@pytest.mark.parametrize("locale", ["de", "es", "fr"])
def test_translations_explain_the_missing_code_too(locale: str) -> None:
    body = " ".join(
        pdcontent.load(locale).conditions.lookup("interpersonal-difficulties").body.split()
    )
    # each language's usual ways of saying it ("código de diagnóstico" and "código
    # diagnóstico" are both common Spanish)
    words = {
        "de": r"Diagnoseschlüssel",
        "es": r"código (de )?diagnóstico",
        "fr": r"code (de )?diagnostique|code de diagnostic",
    }
    assert re.search(words[locale], body), body


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"system": "icd-10-cm", "code": "F41.1", "display": "Generalized anxiety disorder"}, None),
        ({"system": "icd-11-mms", "code": "F41.1", "display": "x"}, "code-format"),
        ({"system": "icd-10", "code": "F41.10.1", "display": "x"}, "code-format"),
        ({"system": "icd-10-cm", "code": "f41.1", "display": "x"}, "code-format"),
        ({"system": "icd-11-mms", "code": "6I00", "display": "x"}, "code-format"),
        ({"system": "icd-10-cm", "code": "F41.0", "display": "Panic disorder"}, "code-not-vetted"),
        (
            {"system": "icd-10-cm", "code": "F33", "display": "Depressive episode"},
            "code-not-vetted",
        ),
        ({"system": "snomed", "code": "35489007", "display": "Depression"}, "enum"),
    ],
)
def test_codes_are_checked_per_system_and_against_the_table(
    data: dict[str, str], rule: str | None
) -> None:
    if rule is None:
        assert DiagnosisCode.model_validate(data).code == "F41.1"
        return
    with pytest.raises(ValidationError) as caught:
        DiagnosisCode.model_validate(data)
    assert caught.value.errors()[0]["type"] == rule


def test_normalize_code() -> None:
    assert normalize_code(" f41.10 ") == "F4110"
    assert normalize_code("6D11.5") == "6D115"
