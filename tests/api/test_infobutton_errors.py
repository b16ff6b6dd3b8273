"""``GET /infobutton`` refusals over a real server: each a 400 naming its parameter.

Malformed or missing parameters, unknown code systems, response types other than Atom
and JSON (JSONP included), unsupported languages and oversized values are answered with
a plain message that names what was wrong — never a 500, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import httpx
import pytest

from pdcontent_api.infobutton.request import (
    MAX_CODE,
    MAX_CRITERIA,
    MAX_IGNORED,
    MAX_PARAMETERS,
    MAX_TEXT,
)

from .infobutton_server import ICD_10, ICD_11_MMS, SNOMED_CT, ask, infobutton_client

pytestmark = pytest.mark.slow

CODE = {"mainSearchCriteria.v.c": "F41.1", "mainSearchCriteria.v.cs": ICD_10}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client of one real server for the module."""
    with infobutton_client(tmp_path_factory) as http:
        yield http


def refused(response: httpx.Response, parameter: str) -> str:
    """The message of a 400 that names ``parameter``; plain text, no traceback."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert "Traceback" not in response.text
    assert parameter in response.text, response.text
    return response.text


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        # nothing to look for
        ({}, "mainSearchCriteria.v.c", "display name"),
        ({"informationRecipient": "PAT"}, "mainSearchCriteria.v.c", "display name"),
        ({"mainSearchCriteria.v.cs": ICD_10}, "mainSearchCriteria.v.c", "display name"),
        ({"mainSearchCriteria.v.c": "", "mainSearchCriteria.v.dn": " "}, "v.c", "display"),
        ({"mainSearchCriteria.v.cs2": ICD_10}, "mainSearchCriteria.v.c2", "missing"),
        # a code without its system, or in a system nobody vetted for us
        ({"mainSearchCriteria.v.c": "F41.1"}, "mainSearchCriteria.v.cs", "code system"),
        (
            {"mainSearchCriteria.v.c": "F41.1", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.1"},
            "mainSearchCriteria.v.cs",
            "unknown code system",
        ),
        (
            {"mainSearchCriteria.v.c1": "F41.1", "mainSearchCriteria.v.cs1": "ICD10"},
            "mainSearchCriteria.v.cs1",
            "unknown code system",
        ),
        # a code that is not written like any code
        ({**CODE, "mainSearchCriteria.v.c": "F41<1"}, "mainSearchCriteria.v.c", "not a code"),
        ({**CODE, "mainSearchCriteria.v.c": ".F41"}, "mainSearchCriteria.v.c", "not a code"),
        # response types: Atom or JSON; JSONP neither by type nor by callback
        ({**CODE, "knowledgeResponseType": "text/html"}, "knowledgeResponseType", "no JSONP"),
        (
            {**CODE, "knowledgeResponseType": "application/javascript"},
            "knowledgeResponseType",
            "no JSONP",
        ),
        ({**CODE, "callback": "handle"}, "callback", "JSONP"),
        (
            {**CODE, "knowledgeResponseType": "application/json", "callback": "f"},
            "callback",
            "JSONP",
        ),
        # who reads it
        ({**CODE, "informationRecipient": "PAYOR"}, "informationRecipient", "PROV"),
        # languages we do not have, or that are not language tags
        ({**CODE, "informationRecipient.languageCode.c": "pt"}, "languageCode.c", "en, de"),
        ({**CODE, "informationRecipient.languageCode.c": "zz-!!"}, "languageCode.c", "en, de"),
        ({**CODE, "informationRecipient.languageCode.c": "x" * 80}, "languageCode.c", "en, de"),
        # criteria beyond the numbered ones we read
        (
            {f"mainSearchCriteria.v.dn{MAX_CRITERIA}": "anxiety"},
            f"mainSearchCriteria.v.dn{MAX_CRITERIA}",
            "at most",
        ),
        # values no real request carries
        ({**CODE, "mainSearchCriteria.v.c": "F" * (MAX_CODE + 1)}, "v.c", "longer than"),
        ({"mainSearchCriteria.v.dn": "a" * (MAX_TEXT + 1)}, "v.dn", "longer than"),
        ({"mainSearchCriteria.v.ot": "a" * (MAX_TEXT + 1)}, "v.ot", "longer than"),
        ({**CODE, "mainSearchCriteria.v.cs": "1." * MAX_TEXT}, "v.cs", "longer than"),
        ({**CODE, "taskContext.c.c": "P" * (MAX_IGNORED + 1)}, "taskContext.c.c", "longer"),
        ({"mainSearchCriteria.v.dn": "anx\x00iety"}, "v.dn", "control characters"),
        ({"mainSearchCriteria.v.dn": "anx\x1biety"}, "v.dn", "control characters"),
    ],
)
def test_bad_requests_are_400_naming_the_parameter(
    client: httpx.Client, params: dict[str, str], parameter: str, says: str
) -> None:
    message = refused(ask(client, params), parameter)
    assert says in message


def test_a_parameter_given_twice(client: httpx.Client) -> None:
    pairs = [*CODE.items(), ("informationRecipient", "PAT"), ("informationRecipient", "PROV")]
    assert "more than once" in refused(ask(client, pairs), "informationRecipient")


def test_too_many_parameters(client: httpx.Client) -> None:
    pairs = [*CODE.items()] + [(f"x{i}", "1") for i in range(MAX_PARAMETERS)]
    assert str(MAX_PARAMETERS) in refused(ask(client, pairs), "query")


def test_a_repeated_singleton_header(client: httpx.Client) -> None:
    # two Origins are two requests to a proxy and to us: refused, as on /graphql
    request = client.build_request("GET", "/infobutton", params=CODE)
    request.headers = httpx.Headers(
        [*request.headers.multi_items(), ("origin", "https://a.example"), ("origin", "https://b")]
    )
    refused(client.send(request), "origin")


@pytest.mark.parametrize(
    ("params", "found"),
    [
        # context the guide defines and we do not use is accepted and ignored
        (
            {
                **CODE,
                "taskContext.c.c": "PROBLISTREV",
                "taskContext.c.cs": "2.16.840.1.113883.5.4",
                "patientPerson.administrativeGenderCode.c": "F",
                "age.v.v": "34",
                "age.v.u": "a",
                "performer": "PROV",
                "holder.assignedEntity.n": "EHR",
            },
            1,
        ),
        # SNOMED CT is known, holds no vetted codes: an empty feed, not a refusal
        ({"mainSearchCriteria.v.c": "35489007", "mainSearchCriteria.v.cs": SNOMED_CT}, 0),
        # a system may be named by its short name, or an OID as an IRI
        ({"mainSearchCriteria.v.c": "6B00", "mainSearchCriteria.v.cs": "icd-11-mms"}, 1),
        ({"mainSearchCriteria.v.c": "6B00", "mainSearchCriteria.v.cs": ICD_11_MMS}, 1),
        ({"mainSearchCriteria.v.c": "F41.1", "mainSearchCriteria.v.cs": f"urn:oid:{ICD_10}"}, 1),
        # surrounding spaces are not faults, nor are upper-case values
        ({**CODE, "mainSearchCriteria.v.c": " F41.1 "}, 1),
        ({**CODE, "knowledgeResponseType": " TEXT/XML "}, 1),
        # limits are inclusive
        ({"mainSearchCriteria.v.dn": "a" * MAX_TEXT}, 0),
        ({**CODE, "mainSearchCriteria.v.c": "F" * MAX_CODE}, 0),
    ],
)
def test_good_requests_are_not_refused(
    client: httpx.Client, params: dict[str, str], found: int
) -> None:
    response = ask(client, params)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert len(parsed.entries) == found


def test_upper_case_json_type(client: httpx.Client) -> None:
    response = ask(client, {**CODE, "knowledgeResponseType": "APPLICATION/JSON"})
    assert response.headers["content-type"] == "application/json"
    assert len(response.json()["feed"]["entry"]) == 1


def test_other_methods(client: httpx.Client) -> None:
    response = client.post("/infobutton", params=CODE)
    assert response.status_code == 405
    assert client.head("/infobutton", params=CODE).status_code == 200


def test_preflight_is_answered(client: httpx.Client) -> None:
    response = client.options(
        "/infobutton",
        headers={"origin": "https://portal.example", "access-control-request-method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
