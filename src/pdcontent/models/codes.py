"""Diagnosis codes: the code systems, the vetted codes, and how a requested code matches.

EHRs and patient portals look patient education up by diagnosis code. Only codes from the
vetted table (``shared/references.md``, "Diagnosis codes") may be attached to a condition,
each with the title the classification gives it; :data:`VETTED` is that table. The match
rules are the table's too: a more specific code matches its listed parent, codes compare
case-insensitively with or without the dot, and nothing matches across code systems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from .base import Model
from .fields import Literal_
from .rules import forbid, schema_rule


@dataclass(frozen=True, slots=True)
class _SystemFacts:
    identifier: str
    name: str
    pattern: str


class CodeSystem(StrEnum):
    """A classification diagnosis codes come from; ``identifier`` is its OID or URI."""

    ICD_10 = "icd-10"
    ICD_10_CM = "icd-10-cm"
    ICD_11_MMS = "icd-11-mms"

    @property
    def identifier(self) -> str:
        """The OID (HL7 ``codeSystem``) or, for ICD-11, the URI that names the system."""
        return _FACTS[self].identifier

    @property
    def display_name(self) -> str:
        """The system's name for people: ``ICD-10-CM (US)``."""
        return _FACTS[self].name

    @property
    def pattern(self) -> str:
        """A regular expression every code of the system matches (dotted form)."""
        return _FACTS[self].pattern

    @classmethod
    def from_identifier(cls, identifier: str) -> CodeSystem:
        """The system named by an OID or URI (or by its short name); :class:`LookupError` else."""
        wanted = identifier.strip()
        for system in cls:
            if wanted in (system.identifier, system.value):
                return system
        raise LookupError(f"unknown code system {identifier[:80]!r}")


_FACTS: dict[CodeSystem, _SystemFacts] = {
    # a letter, two digits, then up to two digits after the dot (WHO's four-character codes
    # plus the five-character national extensions some countries use)
    CodeSystem.ICD_10: _SystemFacts(
        "2.16.840.1.113883.6.3", "ICD-10 (WHO)", r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$"
    ),
    # ICD-10-CM subdivides to seven characters: a letter, a digit, a digit or letter, then
    # up to four more after the dot
    CodeSystem.ICD_10_CM: _SystemFacts(
        "2.16.840.1.113883.6.90", "ICD-10-CM (US)", r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"
    ),
    # ICD-11 MMS stem codes: four characters (digit or letter, letter, digit, digit or
    # letter; never I or O), optionally a dot and up to two more
    CodeSystem.ICD_11_MMS: _SystemFacts(
        "http://id.who.int/icd/release/11/mms",
        "ICD-11 MMS (WHO)",
        r"^[1-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,2})?$",
    ),
}

#: (system, code) -> the classification's title, exactly as vetted in references.md
VETTED: dict[tuple[CodeSystem, str], str] = {
    (CodeSystem.ICD_10, "F32"): "Depressive episode",
    (CodeSystem.ICD_10, "F33"): "Recurrent depressive disorder",
    (CodeSystem.ICD_10, "F41.1"): "Generalized anxiety disorder",
    (CodeSystem.ICD_10, "F40.1"): "Social phobias",
    (CodeSystem.ICD_10, "F60.3"): "Emotionally unstable personality disorder",
    (CodeSystem.ICD_10, "F43.1"): "Post-traumatic stress disorder",
    (CodeSystem.ICD_10, "F45"): "Somatoform disorders",
    (CodeSystem.ICD_10_CM, "F32"): "Depressive episode",
    (CodeSystem.ICD_10_CM, "F33"): "Major depressive disorder, recurrent",
    (CodeSystem.ICD_10_CM, "F41.1"): "Generalized anxiety disorder",
    (CodeSystem.ICD_10_CM, "F40.1"): "Social phobias",
    (CodeSystem.ICD_10_CM, "F60.3"): "Borderline personality disorder",
    (CodeSystem.ICD_10_CM, "F43.1"): "Post-traumatic stress disorder",
    (CodeSystem.ICD_10_CM, "F45"): "Somatoform disorders",
    (CodeSystem.ICD_11_MMS, "6A70"): "Single episode depressive disorder",
    (CodeSystem.ICD_11_MMS, "6A71"): "Recurrent depressive disorder",
    (CodeSystem.ICD_11_MMS, "6B00"): "Generalised anxiety disorder",
    (CodeSystem.ICD_11_MMS, "6B04"): "Social anxiety disorder",
    (CodeSystem.ICD_11_MMS, "6D10"): "Personality disorder",
    (CodeSystem.ICD_11_MMS, "6D11.5"): "Borderline pattern",
    (CodeSystem.ICD_11_MMS, "6B40"): "Post traumatic stress disorder",
    (CodeSystem.ICD_11_MMS, "6B41"): "Complex post traumatic stress disorder",
    (CodeSystem.ICD_11_MMS, "6C20"): "Bodily distress disorder",
}


def normalize_code(code: str) -> str:
    """A code as the match rules compare it: upper case, without dots or spaces."""
    return re.sub(r"[.\s]", "", code).upper()


def _format_ok() -> dict[str, Any]:
    """JSON Schema: the code is written as its system writes codes."""
    return {
        "anyOf": [
            {
                "properties": {
                    "system": {"const": s.value},
                    "code": {"type": "string", "pattern": s.pattern},
                }
            }
            for s in CodeSystem
        ]
    }


def _vetted_schema() -> dict[str, Any]:
    """JSON Schema: (system, code, display) is a row of the vetted table."""
    return {
        "anyOf": [
            {
                "properties": {
                    "system": {"const": system.value},
                    "code": {"const": code},
                    "display": {"const": display},
                }
            }
            for (system, code), display in VETTED.items()
        ]
    }


class DiagnosisCode(Model):
    """A diagnosis code that names what a condition's text describes."""

    model_config = schema_rule(
        forbid(
            "the code is not written the way its code system writes codes",
            {"not": _format_ok()},
            rule="code-format",
        ),
        forbid(
            "the code, or its title, is not in the vetted table of diagnosis codes",
            {"allOf": [_format_ok(), {"not": _vetted_schema()}]},
            rule="code-not-vetted",
        ),
    )

    system: CodeSystem
    code: Literal_
    display: Literal_

    @model_validator(mode="after")
    def _vetted(self) -> DiagnosisCode:
        if not re.fullmatch(self.system.pattern, self.code):
            raise PydanticCustomError(
                "code-format",
                "{code!r} is not a {system} code (written like {example})",
                {
                    "code": self.code,
                    "system": self.system.display_name,
                    "example": _EXAMPLE[self.system],
                },
            )
        vetted = VETTED.get((self.system, self.code))
        if vetted is None:
            raise PydanticCustomError(
                "code-not-vetted",
                "{system} {code} is not in the vetted table of diagnosis codes",
                {"code": self.code, "system": self.system.display_name},
            )
        if vetted != self.display:
            raise PydanticCustomError(
                "code-not-vetted",
                "the vetted title of {system} {code} is {vetted!r}",
                {"code": self.code, "system": self.system.display_name, "vetted": vetted},
            )
        return self

    def matches(self, system: CodeSystem, code: str) -> bool:
        """Whether a requested code is this one or a more specific code under it."""
        return system is self.system and normalize_code(code).startswith(normalize_code(self.code))


_EXAMPLE = {
    CodeSystem.ICD_10: "F41.1",
    CodeSystem.ICD_10_CM: "F41.10",
    CodeSystem.ICD_11_MMS: "6B00",
}
