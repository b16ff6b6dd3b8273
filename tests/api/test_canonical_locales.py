"""The API takes locale tags in any letter case and answers as for their canonical form."""

from __future__ import annotations

import pytest

from .conftest import Api

QUERY = "{ crisisResources { items { id } } }"


@pytest.mark.parametrize(
    ("odd", "canonical"), [("DE-at", "de-AT"), ("ES-MX", "es-MX"), ("FR", "fr")]
)
def test_an_odd_cased_header_answers_as_the_canonical_tag(
    api: Api, odd: str, canonical: str
) -> None:
    answers = [
        api.request("POST", "/graphql", json={"query": QUERY}, headers={"Accept-Language": tag})
        for tag in (odd, canonical)
    ]
    assert answers[0].json() == answers[1].json()
    assert answers[0].headers["content-language"] == answers[1].headers["content-language"]
    assert "errors" not in answers[0].json()


def test_an_odd_cased_argument_answers_as_the_canonical_tag(api: Api) -> None:
    query = '{ crisisResources(locale: "%s") { items { id } } }'
    odd, canonical = api.data(query % "DE-at"), api.data(query % "de-AT")
    assert odd == canonical
    assert odd["crisisResources"]["items"][0]["id"] == "at-telefonseelsorge"
