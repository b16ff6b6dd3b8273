"""Diagnosis codes over GraphQL: each condition's codes, and ``conditions(code:, codeSystem:)``."""

from __future__ import annotations

import pytest

from pdcontent.content import Content

from .conftest import LOCALE_FOLDERS, Api, ids

BY_CODE = (
    "query($c: String, $s: String) { conditions(code: $c, codeSystem: $s) { total items { id } } }"
)


def test_done_when_example(api: Api) -> None:
    page = api.data(BY_CODE, {"c": "F41.10", "s": "2.16.840.1.113883.6.90"})["conditions"]
    assert ids(page["items"]) == ["anxiety"]


@pytest.mark.parametrize(
    ("code", "system", "expected"),
    [
        ("f4311", "2.16.840.1.113883.6.90", ["trauma"]),
        ("F45.1", "2.16.840.1.113883.6.3", ["somatic-symptoms"]),
        ("6C20", "http://id.who.int/icd/release/11/mms", ["somatic-symptoms"]),
        ("6C20", "2.16.840.1.113883.6.90", []),
        ("Z99.9", "2.16.840.1.113883.6.90", []),
    ],
)
def test_lookup_by_code(api: Api, code: str, system: str, expected: list[str]) -> None:
    page = api.data(BY_CODE, {"c": code, "s": system})["conditions"]
    assert ids(page["items"]) == expected
    assert page["total"] == len(expected)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"c": "F41.1"}, "together"),
        ({"s": "2.16.840.1.113883.6.90"}, "together"),
        ({"c": "F41.1", "s": "2.16.840.1.113883.6.96"}, "unknown codeSystem"),
        ({"c": "F41.1", "s": "x" * 500}, "unknown codeSystem"),
    ],
)
def test_bad_code_arguments_are_user_errors(
    api: Api, variables: dict[str, str], message: str
) -> None:
    error = api.error(BY_CODE, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert message in error["message"]


@pytest.mark.parametrize("locale", LOCALE_FOLDERS)
def test_every_locale_serves_the_codes(api: Api, content: Content, locale: str) -> None:
    query = (
        "query($l: String) { conditions(locale: $l) { items { id codes"
        " { system code display codeSystem codeSystemName } } } }"
    )
    items = api.data(query, {"l": locale})["conditions"]["items"]
    for item in items:
        model = content.conditions.lookup(item["id"])
        assert [(c["code"], c["display"]) for c in item["codes"]] == [
            (c.code, c.display) for c in model.codes
        ]
        for code in item["codes"]:
            assert code["codeSystem"] in {
                "2.16.840.1.113883.6.3",
                "2.16.840.1.113883.6.90",
                "http://id.who.int/icd/release/11/mms",
            }
