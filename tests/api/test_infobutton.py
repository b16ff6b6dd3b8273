"""``GET /infobutton`` over a real server: knowledge responses parsed as feed readers do.

Every vetted diagnosis code of references.md, in every code system, in every shipped
locale, is asked for and its Atom feed parsed with feedparser; each field of each entry is
compared with the content of that locale. The expected condition of each code is written
out here from references.md, not derived from the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import httpx
import pytest

import pdcontent
from pdcontent.content import Content
from pdcontent.models.codes import VETTED
from pdcontent_api import Settings, app_from_env, create_app

from .conftest import LOCALE_FOLDERS
from .infobutton_server import (
    ICD_10,
    ICD_10_CM,
    ICD_11_MMS,
    SNOMED_CT,
    ask,
    infobutton_client,
)
from .real_server import serving_with

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client of one real server for the module."""
    with infobutton_client(tmp_path_factory) as http:
        yield http


@pytest.fixture
def base(client: httpx.Client) -> str:
    """The server's ``scheme://host``, as entry links begin."""
    return str(client.base_url).rstrip("/")


#: references.md, "Diagnosis codes": (code system, code) -> the content condition
VETTED_CODES: dict[tuple[str, str], str] = {
    **{
        (system, code): condition
        for system in (ICD_10, ICD_10_CM)
        for code, condition in [
            ("F32", "depression"),
            ("F33", "depression"),
            ("F41.1", "anxiety"),
            ("F40.1", "anxiety"),
            ("F60.3", "personality-difficulties"),
            ("F43.1", "trauma"),
            ("F45", "somatic-symptoms"),
        ]
    },
    (ICD_11_MMS, "6A70"): "depression",
    (ICD_11_MMS, "6A71"): "depression",
    (ICD_11_MMS, "6B00"): "anxiety",
    (ICD_11_MMS, "6B04"): "anxiety",
    (ICD_11_MMS, "6D10"): "personality-difficulties",
    (ICD_11_MMS, "6D11.5"): "personality-difficulties",
    (ICD_11_MMS, "6B40"): "trauma",
    (ICD_11_MMS, "6B41"): "trauma",
    (ICD_11_MMS, "6C20"): "somatic-symptoms",
}

#: the shipped locales the done-when names (the pseudo-locale is tested on its own)
LOCALES = [tag for tag in LOCALE_FOLDERS if tag != "en-XA"]


def by_code(system: str, code: str, **extra: str) -> dict[str, str]:
    """The parameters of a request for one code."""
    return {"mainSearchCriteria.v.c": code, "mainSearchCriteria.v.cs": system, **extra}


def atom(response: httpx.Response) -> Any:
    """The response parsed by feedparser; it must be a clean 200 Atom 1.0 feed."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_ids(parsed: Any) -> list[str]:
    """The item id of each entry, read from its link (``…/{kind}/{id}?locale=…``)."""
    return [e.link.split("?")[0].rsplit("/", 1)[1] for e in parsed.entries]


def tags(entry: Any, scheme: str) -> list[str]:
    """The terms of an entry's categories in ``scheme``."""
    return [t.term for t in entry.get("tags", []) if t.scheme == scheme]


def check_feed(parsed: Any, content: Content, locale: str) -> None:
    """The feed-level elements Atom requires, in the served language."""
    feed = parsed.feed
    assert feed.language == locale
    assert feed.title == content.metadata.title
    assert feed.title_detail.type == "text/plain"
    assert content.metadata.disclaimer in feed.subtitle
    assert content.metadata.urgent_help in feed.subtitle
    assert feed.author == "pdcontent"
    assert feed.id.startswith("urn:uuid:")
    assert feed.updated_parsed is not None
    assert feed.rights == content.metadata.licence
    assert tags(feed, "informationRecipient.languageCode.c") == [content.locale]


def check_entry(entry: Any, item: Any, kind: str, locale: str, base: str) -> None:
    """One entry against the item it stands for."""
    assert entry.title == item.title
    assert entry.title_detail.language == locale
    assert entry.summary == item.summary
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary_detail.language == locale
    link = f"{base}/jsonld/{kind}/{item.id}?locale={locale}"
    alternate = [x for x in entry.links if x.rel == "alternate"]
    assert [(x.href, x.hreflang, x.type, x.title) for x in alternate] == [
        (link, locale, "application/ld+json", item.title)
    ]
    assert entry.id == link
    assert entry.updated == f"{item.updated.isoformat()}T00:00:00Z"
    assert entry.updated_parsed[:3] == (item.updated.year, item.updated.month, item.updated.day)
    assert tags(entry, "alsoCalled") == list(item.also_called)


def test_the_table_here_is_the_vetted_table() -> None:
    listed = {(system.identifier, code) for system, code in VETTED}
    assert set(VETTED_CODES) == listed
    english = pdcontent.load("en")
    for (system, code), condition in VETTED_CODES.items():
        codes = english.conditions.lookup(condition).codes
        assert (system, code) in {(c.system.identifier, c.code) for c in codes}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_vetted_code_in_every_locale(
    client: httpx.Client,
    base: str,
    locale: str,
) -> None:
    content = pdcontent.load(locale)
    for (system, code), condition in VETTED_CODES.items():
        params = by_code(system, code, **{"informationRecipient.languageCode.c": locale})
        response = ask(client, params)
        parsed = atom(response)
        assert response.headers["content-language"] == locale
        assert entry_ids(parsed) == [condition], (system, code)
        check_feed(parsed, content, locale)
        check_entry(
            parsed.entries[0], content.conditions.lookup(condition), "condition", locale, base
        )
        echoed = [(t.scheme, t.term) for t in parsed.feed.tags]
        assert ("mainSearchCriteria.v.c", code) in echoed
        assert ("mainSearchCriteria.v.cs", system) in echoed
        assert ("informationRecipient", "PAT") in echoed


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        # a more specific code finds the parent references.md lists
        (ICD_10_CM, "F41.10", ["anxiety"]),
        (ICD_10_CM, "F40.11", ["anxiety"]),
        (ICD_10_CM, "F43.10", ["trauma"]),
        (ICD_10, "F32.1", ["depression"]),
        (ICD_10, "F45.1", ["somatic-symptoms"]),
        (ICD_11_MMS, "6A70.1", ["depression"]),
        # with or without the dot, any case
        (ICD_10, "F411", ["anxiety"]),
        (ICD_10_CM, "f41.1", ["anxiety"]),
        (ICD_10_CM, "f4110", ["anxiety"]),
        (ICD_10, "f603", ["personality-difficulties"]),
        (ICD_11_MMS, "6b00", ["anxiety"]),
        (ICD_11_MMS, "6d115", ["personality-difficulties"]),
        (ICD_11_MMS, "6B41", ["trauma"]),
        # nothing across code systems, nothing broader, nothing unknown
        (ICD_10_CM, "6C20", []),
        (ICD_11_MMS, "F41.1", []),
        (ICD_10, "F4", []),
        (ICD_10_CM, "Z99.9", []),
        (SNOMED_CT, "35489007", []),
    ],
)
@pytest.mark.parametrize("locale", ["en", "de"])
def test_parent_dot_and_case_variants(
    client: httpx.Client,
    base: str,
    system: str,
    code: str,
    expected: list[str],
    locale: str,
) -> None:
    params = by_code(system, code, **{"informationRecipient.languageCode.c": locale})
    parsed = atom(ask(client, params))
    assert entry_ids(parsed) == expected
    content = pdcontent.load(locale)
    check_feed(parsed, content, locale)
    for entry, condition in zip(parsed.entries, expected, strict=True):
        check_entry(entry, content.conditions.lookup(condition), "condition", locale, base)


def test_unknown_code_is_an_empty_feed(client: httpx.Client) -> None:
    response = ask(client, by_code(ICD_10_CM, "Z99.9"))
    parsed = atom(response)
    assert parsed.entries == []
    check_feed(parsed, pdcontent.load("en"), "en")
    as_json = ask(client, by_code(ICD_10_CM, "Z99.9", knowledgeResponseType="application/json"))
    assert as_json.status_code == 200
    assert as_json.json()["feed"]["entry"] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_json_is_the_same_feed(
    client: httpx.Client,
    locale: str,
) -> None:
    params = by_code(
        ICD_10_CM,
        "F41.10",
        **{"informationRecipient.languageCode.c": locale, "informationRecipient": "PROV"},
    )
    parsed = atom(ask(client, params))
    response = ask(client, {**params, "knowledgeResponseType": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-language"] == locale
    feed = response.json()["feed"]
    # the guide's JSON shape: attributes as keys, text as _value, lists for repeated ones
    assert feed["lang"] == locale
    assert feed["title"] == {"_value": parsed.feed.title, "type": "text"}
    assert feed["id"] == {"_value": parsed.feed.id}
    assert feed["updated"] == {"_value": parsed.feed.updated}
    assert feed["author"] == {"name": {"_value": "pdcontent"}}
    assert [(c["scheme"], c["term"]) for c in feed["category"]] == [
        (t.scheme, t.term) for t in parsed.feed.tags
    ]
    assert len(feed["entry"]) == len(parsed.entries) == 1
    for js, xml in zip(feed["entry"], parsed.entries, strict=True):
        assert js["lang"] == locale
        assert js["title"] == {"_value": xml.title, "type": "text"}
        assert js["summary"] == {"_value": xml.summary, "type": "text"}
        assert js["id"] == {"_value": xml.id}
        assert js["updated"] == {"_value": xml.updated}
        assert [(x["rel"], x["href"]) for x in js["link"]] == [(x.rel, x.href) for x in xml.links]
        assert [(c["scheme"], c["term"], c.get("label")) for c in js["category"]] == [
            (t.scheme, t.term, t.label) for t in xml.tags
        ]


def test_patient_and_provider_entries(client: httpx.Client) -> None:
    content = pdcontent.load("en")
    anxiety = content.conditions.lookup("anxiety")
    patient = atom(ask(client, by_code(ICD_10, "F41.1"))).entries[0]
    provider = atom(ask(client, by_code(ICD_10, "F41.1", informationRecipient="PROV"))).entries[0]
    same = ("title", "summary", "id", "updated", "link")
    assert {k: patient[k] for k in same} == {k: provider[k] for k in same}
    # a patient gets the texts and other names only
    assert {t.scheme for t in patient.tags} == {"alsoCalled"}
    assert [x.rel for x in patient.links] == ["alternate"]
    # a provider also gets every code, with its system and title, and the evidence cited
    codes = [(t.scheme, t.term, t.label) for t in provider.tags if t.scheme != "alsoCalled"]
    assert codes == [
        ("urn:oid:2.16.840.1.113883.6.3", "F41.1", "Generalized anxiety disorder"),
        ("urn:oid:2.16.840.1.113883.6.3", "F40.1", "Social phobias"),
        ("urn:oid:2.16.840.1.113883.6.90", "F41.1", "Generalized anxiety disorder"),
        ("urn:oid:2.16.840.1.113883.6.90", "F40.1", "Social phobias"),
        ("http://id.who.int/icd/release/11/mms", "6B00", "Generalised anxiety disorder"),
        ("http://id.who.int/icd/release/11/mms", "6B04", "Social anxiety disorder"),
    ]
    related = [(x.href, x.title) for x in provider.links if x.rel == "related"]
    assert related == [(r.url, r.citation) for r in content.evidence(anxiety)]
    assert related  # anxiety cites evidence, so the check above compared something
    assert all(href.startswith("https://doi.org/10.") for href, _ in related)
    assert ask(client, by_code(ICD_10, "F41.1", informationRecipient="prov")).status_code == 200


@pytest.mark.parametrize(
    ("locale", "params", "expected_first"),
    [
        # a code system without vetted codes: the display name decides
        ("en", by_code(SNOMED_CT, "47505003", **{"mainSearchCriteria.v.dn": "PTSD"}), "trauma"),
        # a code that matches nothing
        (
            "en",
            by_code(ICD_10_CM, "Z99.9", **{"mainSearchCriteria.v.dn": "post-traumatic stress"}),
            "trauma",
        ),
        # no code at all
        ("en", {"mainSearchCriteria.v.dn": "depression"}, "depression"),
        ("de", {"mainSearchCriteria.v.dn": "Depression"}, "depression"),
        ("es", {"mainSearchCriteria.v.dn": "depresión"}, "depression"),
        ("fr", {"mainSearchCriteria.v.dn": "anxiété"}, "anxiety"),
        # original text when there is no display name
        ("en", {"mainSearchCriteria.v.ot": "borderline personality"}, "personality-difficulties"),
    ],
)
def test_display_name_fallback(
    client: httpx.Client,
    base: str,
    locale: str,
    params: dict[str, str],
    expected_first: str,
) -> None:
    response = ask(client, {**params, "informationRecipient.languageCode.c": locale})
    parsed = atom(response)
    assert 1 <= len(parsed.entries) <= 3
    content = pdcontent.load(locale)
    assert entry_ids(parsed)[0] == expected_first
    first = content.conditions.lookup(expected_first)
    check_entry(parsed.entries[0], first, "condition", locale, base)
    # nobody is answered with the scholarly articles (providers get them as evidence links)
    assert not [e for e in parsed.entries if "/jsonld/reference/" in e.link]


@pytest.mark.parametrize("recipient", ["PAT", "PROV"])
def test_a_search_answers_with_pages_not_articles(client: httpx.Client, recipient: str) -> None:
    # "borderline" is in three reference titles; the condition and the approaches answer
    params = {"mainSearchCriteria.v.dn": "borderline", "informationRecipient": recipient}
    parsed = atom(ask(client, params))
    assert entry_ids(parsed)[0] == "personality-difficulties"
    assert not [e for e in parsed.entries if "/jsonld/reference/" in e.link]


@pytest.mark.parametrize(
    ("language", "name", "first_line"),
    [
        ("es-MX", "suicidio", "mx-linea-de-la-vida"),
        ("es-ES", "suicidio", "es-024"),
        ("de-AT", "Suizid", "at-telefonseelsorge"),
        ("en-GB", "suicide", "gb-samaritans"),
        ("fr-CA", "suicide", "ca-988"),
    ],
)
def test_a_crisis_name_answers_with_the_line_of_the_requested_country(
    client: httpx.Client, language: str, name: str, first_line: str
) -> None:
    # the language tag's country picks the line, as the locale's region does in search
    params = {"mainSearchCriteria.v.dn": name, "informationRecipient.languageCode.c": language}
    assert entry_ids(atom(ask(client, params)))[0] == first_line


def test_a_matching_code_wins_over_the_display_name(client: httpx.Client) -> None:
    params = by_code(ICD_10, "F32", **{"mainSearchCriteria.v.dn": "anxiety"})
    assert entry_ids(atom(ask(client, params))) == ["depression"]


def test_a_display_name_nothing_matches_is_an_empty_feed(client: httpx.Client) -> None:
    assert atom(ask(client, {"mainSearchCriteria.v.dn": "xylophone"})).entries == []


def test_repeated_criteria(client: httpx.Client) -> None:
    params = {
        "mainSearchCriteria.v.c": "F32",
        "mainSearchCriteria.v.cs": ICD_10,
        "mainSearchCriteria.v.c1": "6B00",
        "mainSearchCriteria.v.cs1": ICD_11_MMS,
        "mainSearchCriteria.v.c2": "F33",  # depression again: listed once
        "mainSearchCriteria.v.cs2": ICD_10_CM,
        "mainSearchCriteria.v.dn3": "post-traumatic stress",
    }
    parsed = atom(ask(client, params))
    assert entry_ids(parsed) == ["depression", "anxiety", "trauma"]
    echoed = [(t.scheme, t.term) for t in parsed.feed.tags]
    assert ("mainSearchCriteria.v.c1", "6B00") in echoed
    assert ("mainSearchCriteria.v.dn3", "post-traumatic stress") in echoed


@pytest.mark.parametrize(
    ("params", "headers", "served"),
    [
        ({"informationRecipient.languageCode.c": "es-MX"}, {}, "es"),
        ({"informationRecipient.languageCode.c": "de-AT"}, {}, "de"),
        ({"informationRecipient.languageCode.c": "FR"}, {}, "fr"),
        ({"informationRecipient.languageCode.c": "en-XA"}, {}, "en-XA"),
        # without the parameter, Accept-Language decides, as on /graphql
        ({}, {"accept-language": "fr-CA,fr;q=0.9"}, "fr"),
        ({}, {"accept-language": "pt-BR"}, "en"),
        ({}, {}, "en"),
        # the parameter wins over the header
        ({"informationRecipient.languageCode.c": "de"}, {"accept-language": "es"}, "de"),
    ],
)
def test_language_resolution(
    client: httpx.Client,
    params: dict[str, str],
    headers: dict[str, str],
    served: str,
) -> None:
    response = ask(client, {**by_code(ICD_10, "F43.1"), **params}, headers)
    parsed = atom(response)
    assert response.headers["content-language"] == served
    assert "Accept-Language" in response.headers["vary"]
    assert parsed.feed.language == served
    assert parsed.entries[0].title == pdcontent.load(served).conditions.lookup("trauma").title


def test_values_are_escaped_not_markup(client: httpx.Client) -> None:
    hostile = "<script>alert(\"x\")</script> & ]]> 'quoted'"
    parsed = atom(ask(client, {"mainSearchCriteria.v.dn": hostile}))
    assert ("mainSearchCriteria.v.dn", hostile) in [(t.scheme, t.term) for t in parsed.feed.tags]


def test_cors_and_caching_headers(client: httpx.Client) -> None:
    response = ask(client, by_code(ICD_10, "F45"), {"origin": "https://portal.example"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Content-Language" in response.headers["access-control-expose-headers"]
    vary = {v.strip() for v in response.headers["vary"].split(",")}
    assert {"Accept-Language", "Origin"} <= vary
    assert response.headers["cache-control"].startswith("public, max-age=")


def test_conditional_get(client: httpx.Client) -> None:
    first = ask(client, by_code(ICD_10, "F45"))
    etag = first.headers["etag"]
    again = ask(client, by_code(ICD_10, "F45"), {"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    # another language is another body, so another tag
    other = ask(client, by_code(ICD_10, "F45", **{"informationRecipient.languageCode.c": "de"}))
    assert other.headers["etag"] != etag
    stale = ask(client, by_code(ICD_10, "F45"), {"if-none-match": other.headers["etag"]})
    assert stale.status_code == 200
    assert stale.content == first.content


def test_link_template_setting(tmp_path_factory: pytest.TempPathFactory) -> None:
    template = "https://pages.example/{locale}/{kind}/{id}.html"
    settings = {"infobutton_link_template": template}
    params = by_code(ICD_10, "F60.3", **{"informationRecipient.languageCode.c": "es"})
    with (
        serving_with(tmp_path_factory.mktemp("ib-links"), settings) as running,
        running.client() as http,
    ):
        entry = atom(ask(http, params)).entries[0]
        as_json = ask(http, {**params, "knowledgeResponseType": "application/json"}).json()
    alternate = next(x for x in entry.links if x.rel == "alternate")
    assert alternate.href == "https://pages.example/es/condition/personality-difficulties.html"
    # the entry's id stays this server's address of the item, whatever the links
    assert entry.id == f"{running.url}/jsonld/condition/personality-difficulties?locale=es"
    # a publisher's page: its media type is not ours to say (feedparser would default one)
    link = as_json["feed"]["entry"][0]["link"][0]
    assert link["href"] == alternate.href
    assert "type" not in link


@pytest.mark.parametrize("template", ["{base}/{slug}", "{id!r}", "{base}/{id", "{id:>9}", "{}"])
def test_a_bad_link_template_stops_start_up(
    template: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match="infobutton_link_template"):
        create_app(Settings(infobutton_link_template=template))
    monkeypatch.setenv("PDCONTENT_INFOBUTTON_LINK_TEMPLATE", template)
    with pytest.raises(SystemExit) as exit_info:
        app_from_env()
    assert exit_info.value.code == 1
    assert "infobutton_link_template" in capsys.readouterr().err
