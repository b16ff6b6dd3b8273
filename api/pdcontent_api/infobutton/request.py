"""A knowledge request: the URL parameters of the HL7 Infobutton URL-based guide, checked.

Parameter names follow "HL7 Version 3 Implementation Guide: URL-Based Implementations of
the Context-Aware Information Retrieval (Infobutton) Domain, Release 4" (the guide
MedlinePlus Connect's web service follows): ``mainSearchCriteria.v.c`` (code),
``.v.cs`` (code system OID), ``.v.dn`` (display name), ``.v.ot`` (original text), the
same with an index for further criteria (``mainSearchCriteria.v.c1`` …, as the guide
numbers repeated parameters), ``informationRecipient`` (``PAT``, ``PROV``),
``informationRecipient.languageCode.c`` and ``knowledgeResponseType``. The guide lets a
knowledge resource ignore context it does not use (``taskContext``, ``patientPerson``,
``encounter`` …), so other names are accepted and ignored; what we do read is checked
strictly, and every refusal names its parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pdcontent.models.codes import CodeSystem

#: the guide's knowledgeResponseType values we answer; JSONP (application/javascript)
#: is left out on purpose: it runs the response as script in the caller's page
ATOM = "text/xml"
JSON = "application/json"
RESPONSE_TYPES = (ATOM, JSON)

#: code systems an EHR sends that we recognise but hold no vetted codes for
#: (shared/references.md lists SNOMED CT's OID and vets none of its concepts): a code
#: in them matches nothing, so the display name decides
CODELESS_SYSTEMS = {"2.16.840.1.113883.6.96": "SNOMED CT"}

MAX_CRITERIA = 10  # mainSearchCriteria.v.c … .v.c9
MAX_PARAMETERS = 100  # an IG request carries some 20-30 in practice
MAX_CODE = 64
MAX_TEXT = 256  # display names, original text, languages, system identifiers
MAX_IGNORED = 1024  # a value of a parameter we do not read

_CRITERION = re.compile(r"mainSearchCriteria\.v\.(c|cs|dn|ot)([1-9][0-9]{0,2})?")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")
# what XML 1.0 cannot carry, and controls no real value holds: such a value is refused
# rather than echoed into the feed
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

LANGUAGE = "informationRecipient.languageCode.c"
RECIPIENT = "informationRecipient"
RESPONSE_TYPE = "knowledgeResponseType"


class Recipient(StrEnum):
    """Who will read the answer (the guide's ``informationRecipient``)."""

    PATIENT = "PAT"
    PROVIDER = "PROV"


class RequestProblem(ValueError):
    """A parameter the request got wrong; the message names it and says what is wanted."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter


@dataclass(frozen=True, slots=True)
class Criterion:
    """One ``mainSearchCriteria``: a code in a code system and/or words to search for."""

    index: int
    code: str | None
    system: CodeSystem | None  # None: no code, or a system without vetted codes
    system_id: str | None  # the identifier as sent (echoed in the feed)
    display_name: str | None
    original_text: str | None

    @property
    def suffix(self) -> str:
        """The parameter-name suffix of this criterion (``""``, ``"1"`` …)."""
        return str(self.index) if self.index else ""

    @property
    def text(self) -> str | None:
        """The words to search for when no code matches: display name, else original text."""
        return self.display_name or self.original_text


@dataclass(frozen=True, slots=True)
class KnowledgeRequest:
    """A checked knowledge request."""

    criteria: tuple[Criterion, ...]
    recipient: Recipient
    language: str | None  # None: negotiate from Accept-Language
    response_type: str


def parse(items: Sequence[tuple[str, str]]) -> KnowledgeRequest:
    """Check the query parameters of a request; :class:`RequestProblem` for the first fault."""
    if len(items) > MAX_PARAMETERS:
        raise RequestProblem("query", f"more than {MAX_PARAMETERS} parameters")
    values: dict[str, str] = {}
    for name, raw in items:
        if name in values:
            raise RequestProblem(name, "given more than once")
        values[name] = _value(name, raw)
    if "callback" in values:
        raise RequestProblem("callback", "JSONP is not offered; use knowledgeResponseType")
    criteria = _criteria(values)
    return KnowledgeRequest(
        criteria=criteria,
        recipient=_recipient(values.get(RECIPIENT)),
        language=values.get(LANGUAGE) or None,
        response_type=_response_type(values.get(RESPONSE_TYPE)),
    )


def _value(name: str, raw: str) -> str:
    """A parameter's value, stripped, within its size limit and printable."""
    value = raw.strip()
    if _UNPRINTABLE.search(value):
        raise RequestProblem(name[:80], "contains control characters")
    match = _CRITERION.fullmatch(name)
    if match is not None and match.group(1) == "c":
        limit = MAX_CODE
    elif match is not None or name in (LANGUAGE, RECIPIENT, RESPONSE_TYPE):
        limit = MAX_TEXT
    else:
        limit = MAX_IGNORED
    if len(value) > limit:
        raise RequestProblem(name[:80], f"longer than {limit} characters")
    return value


def _criteria(values: dict[str, str]) -> tuple[Criterion, ...]:
    """Every mainSearchCriteria of the request, unnumbered first, then by index."""
    parts: dict[int, dict[str, str]] = {}
    for name, value in values.items():
        match = _CRITERION.fullmatch(name)
        if match is None or not value:
            continue  # an empty value is an absent one (EHR URL templates leave blanks)
        index = int(match.group(2) or 0)
        if index >= MAX_CRITERIA:
            raise RequestProblem(name, f"at most {MAX_CRITERIA} criteria (index 1 to 9)")
        parts.setdefault(index, {})[match.group(1)] = value
    if not parts:
        raise RequestProblem(
            "mainSearchCriteria.v.c",
            "give a code with mainSearchCriteria.v.cs, or a display name in"
            " mainSearchCriteria.v.dn",
        )
    return tuple(_criterion(index, parts[index]) for index in sorted(parts))


def _criterion(index: int, part: dict[str, str]) -> Criterion:
    suffix = str(index) if index else ""
    code, system_id = part.get("c"), part.get("cs")
    display_name, original_text = part.get("dn"), part.get("ot")
    if code is None and display_name is None and original_text is None:
        raise RequestProblem(
            f"mainSearchCriteria.v.c{suffix}",
            f"missing; give a code or a display name (mainSearchCriteria.v.dn{suffix})",
        )
    system: CodeSystem | None = None
    if code is not None:
        if not _CODE.fullmatch(code):
            raise RequestProblem(
                f"mainSearchCriteria.v.c{suffix}", "not a code (letters, digits, dots)"
            )
        if system_id is None:
            raise RequestProblem(
                f"mainSearchCriteria.v.cs{suffix}", "a code needs its code system's OID"
            )
        system = _system(system_id, suffix)
    return Criterion(index, code, system, system_id, display_name, original_text)


def _system(identifier: str, suffix: str) -> CodeSystem | None:
    """The content's code system for an OID or URI; None for a known one without codes."""
    # the guide sends the bare OID; some systems write it as an IRI (RFC 3061)
    identifier = identifier.removeprefix("urn:oid:")
    if identifier in CODELESS_SYSTEMS:
        return None
    try:
        return CodeSystem.from_identifier(identifier)
    except LookupError:
        known = [s.identifier for s in CodeSystem] + list(CODELESS_SYSTEMS)
        raise RequestProblem(
            f"mainSearchCriteria.v.cs{suffix}",
            f"unknown code system; known: {', '.join(known)}",
        ) from None


def _recipient(value: str | None) -> Recipient:
    if not value:
        return Recipient.PATIENT  # the content is written for patients and caregivers
    try:
        return Recipient(value.upper())
    except ValueError:
        raise RequestProblem(RECIPIENT, "PAT (patient) or PROV (provider)") from None


def _response_type(value: str | None) -> str:
    if not value:
        return ATOM  # the guide's default, and MedlinePlus Connect's
    if value.lower() not in RESPONSE_TYPES:
        raise RequestProblem(RESPONSE_TYPE, f"one of {', '.join(RESPONSE_TYPES)} (no JSONP)")
    return value.lower()
