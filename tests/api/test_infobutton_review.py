"""``/infobutton`` as EHRs really send it: each test here failed before its fix.

Requests are written as the wire carries them (raw query strings, so percent-escapes,
``+`` and spaces reach the server exactly as an EHR sends them) to a real server, and the
Atom answers are read with feedparser.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser
import httpx
import pytest

from .infobutton_server import ICD_10, ICD_11_MMS, infobutton_client

pytestmark = pytest.mark.slow

ANXIETY = f"mainSearchCriteria.v.c=F41.1&mainSearchCriteria.v.cs={ICD_10}"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client of one real server for the module."""
    with infobutton_client(tmp_path_factory) as http:
        yield http


def raw(client: httpx.Client, query: str, **headers: str) -> httpx.Response:
    """GET ``/infobutton?{query}`` with the query string sent byte for byte."""
    url = httpx.URL(str(client.base_url).rstrip("/") + "/infobutton", query=query.encode())
    return client.get(url, headers=headers)


def feed(response: httpx.Response) -> Any:
    """A clean 200 Atom feed, parsed."""
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def refused(response: httpx.Response, parameter: str, says: str) -> None:
    """A plain-text 400 naming ``parameter`` and saying ``says``."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert f"{parameter}: " in response.text, response.text
    assert says in response.text, response.text


# --- percent-encoding: what is not UTF-8 is refused, never searched as U+FFFD ------------


@pytest.mark.parametrize(
    ("query", "parameter", "says"),
    [
        ("mainSearchCriteria.v.dn=%FF%FE", "mainSearchCriteria.v.dn", "not UTF-8"),
        # Latin-1 "anxiété", as an EHR on a Windows code page sends it
        ("mainSearchCriteria.v.dn=anxi%E9t%E9", "mainSearchCriteria.v.dn", "not UTF-8"),
        ("mainSearchCriteria.v.dn=anx%C3iety", "mainSearchCriteria.v.dn", "not UTF-8"),
        (f"{ANXIETY}&informationRecipient.languageCode.c=%FF", "languageCode.c", "not UTF-8"),
        ("mainSearchCriteria.v.dn=anxiety%", "mainSearchCriteria.v.dn", "percent-encoding"),
        ("mainSearchCriteria.v.dn=anx%zziety", "mainSearchCriteria.v.dn", "percent-encoding"),
        (f"{ANXIETY}&taskContext.c.c=%G0", "taskContext.c.c", "percent-encoding"),
    ],
)
def test_bad_percent_encoding_is_refused(
    client: httpx.Client, query: str, parameter: str, says: str
) -> None:
    refused(raw(client, query), parameter, says)


def test_plus_and_percent_20_are_both_spaces(client: httpx.Client) -> None:
    plus = raw(client, "mainSearchCriteria.v.dn=Generalized+anxiety")
    twenty = raw(client, "mainSearchCriteria.v.dn=Generalized%20anxiety")
    assert feed(plus).entries  # the search found something …
    assert plus.content == twenty.content  # … and the same for both spellings


def test_utf8_escapes_are_read(client: httpx.Client) -> None:
    # "Angststörungen" percent-encoded as UTF-8 finds the condition in German
    query = "mainSearchCriteria.v.dn=Angstst%C3%B6rungen&informationRecipient.languageCode.c=de"
    parsed = feed(raw(client, query))
    assert [e.title for e in parsed.entries][:1] == ["Angststörungen"]


# --- parameter names and values as EHR URL templates write them -------------------------


def test_spaces_around_a_name_do_not_hide_it(client: httpx.Client) -> None:
    # "…&informationRecipient.languageCode.c = es" (seen in EHR integrations), encoded
    parsed = feed(raw(client, f"{ANXIETY}&informationRecipient.languageCode.c%20=%20es"))
    assert parsed.feed.language == "es"


@pytest.mark.parametrize(
    ("language", "served"),
    [
        ("en_US", "en"),  # a POSIX / Java locale name
        ("es_MX", "es"),
        ("de_AT", "de"),
        ("fr-CA", "fr"),
        ("es-419", "es"),
        ("DE-at", "de"),
    ],
)
def test_language_codes_as_systems_write_them(
    client: httpx.Client, language: str, served: str
) -> None:
    parsed = feed(raw(client, f"{ANXIETY}&informationRecipient.languageCode.c={language}"))
    assert parsed.feed.language == served


def test_payor_is_a_recipient_of_the_guide(client: httpx.Client) -> None:
    parsed = feed(raw(client, f"{ANXIETY}&informationRecipient=PAYOR"))
    (entry,) = parsed.entries
    # a payor reads codes as a provider does
    assert "F41.1" in [t.term for t in entry.tags if t.scheme == f"urn:oid:{ICD_10}"]
    assert "PAYOR" in [t.term for t in parsed.feed.tags if t.scheme == "informationRecipient"]


@pytest.mark.parametrize(
    "system",
    [
        "https://id.who.int/icd/release/11/mms",
        "http://id.who.int/icd/release/11/mms/",
        "http%3A%2F%2Fid.who.int%2Ficd%2Frelease%2F11%2Fmms",
        "http://id.who.int/icd/release/11/2024-01/mms",  # a release's URI, as WHO's API gives
        "HTTP://ID.WHO.INT/icd/release/11/mms",
    ],
)
def test_icd11_uri_variants_name_icd11(client: httpx.Client, system: str) -> None:
    parsed = feed(raw(client, f"mainSearchCriteria.v.c=6B00&mainSearchCriteria.v.cs={system}"))
    assert [e.title for e in parsed.entries] == ["Anxiety disorders"]


@pytest.mark.parametrize("prefix", ["URN:OID:", "urn%3Aoid%3A", "Urn:Oid:"])
def test_an_oid_iri_prefix_is_case_insensitive(client: httpx.Client, prefix: str) -> None:
    query = f"mainSearchCriteria.v.c=F41.1&mainSearchCriteria.v.cs={prefix}{ICD_10}"
    parsed = feed(raw(client, query))
    assert len(parsed.entries) == 1


def test_icd11_release_uris_other_than_mms_stay_unknown(client: httpx.Client) -> None:
    # the foundation is not the MMS linearization: its ids are not MMS codes
    response = raw(
        client, "mainSearchCriteria.v.c=6B00&mainSearchCriteria.v.cs=http://id.who.int/icd/entity"
    )
    refused(response, "mainSearchCriteria.v.cs", "unknown code system")


# --- what the feed gives back ------------------------------------------------------------


def test_the_self_link_carries_no_credentials(client: httpx.Client) -> None:
    # the guide's holder.assignedEntity.certificateText is a password
    query = (
        f"{ANXIETY}&holder.assignedEntity.n=ehr-user"
        "&holder.assignedEntity.certificateText=s3cret&age.v.v=34"
    )
    for kind in ("text/xml", "application/json"):
        response = raw(client, f"{query}&knowledgeResponseType={kind}")
        assert response.status_code == 200
        for leaked in ("s3cret", "ehr-user", "age.v.v"):
            assert leaked not in response.text


def test_the_self_link_asks_for_the_same_feed(client: httpx.Client) -> None:
    query = f"{ANXIETY}&taskContext.c.c=PROBLISTREV&knowledgeResponseType=application/json"
    response = raw(client, query)
    (self_link,) = [x for x in response.json()["feed"]["link"] if x["rel"] == "self"]
    again = client.get(self_link["href"])
    assert again.status_code == 200
    assert again.content == response.content


def test_entry_ids_are_the_jsonld_ids(client: httpx.Client) -> None:
    # a Host in upper case: the JSON-LD route lower-cases it, and so must the feed
    port = client.base_url.port
    host = f"LocalHost:{port}"
    parsed = feed(raw(client, ANXIETY, host=host))
    document = client.get("/jsonld/condition/anxiety", headers={"host": host}).json()
    assert parsed.entries[0].id == document["@id"]
    assert parsed.entries[0].link == document["url"]


# --- floods and sizes --------------------------------------------------------------------


def test_a_flood_of_bad_requests_leaves_the_server_healthy(client: httpx.Client) -> None:
    bad = [
        "mainSearchCriteria.v.dn=" + "%C3" * 200,
        "mainSearchCriteria.v.dn=%",
        "mainSearchCriteria.v.c=F41<1&mainSearchCriteria.v.cs=1",
        "&".join(f"p{i}=%FF" for i in range(5000)),
        "x=" + "%FF" * 5000,
    ]
    started = time.monotonic()
    for n in range(300):
        assert raw(client, bad[n % len(bad)]).status_code == 400
    assert time.monotonic() - started < 60  # bounded: no request is slow
    assert len(feed(raw(client, ANXIETY)).entries) == 1


def test_many_parameters_are_refused_before_decoding(client: httpx.Client) -> None:
    # 100 well-formed parameters then one bad escape: "too many" is the answer, cheaply
    query = "&".join(f"p{i}=1" for i in range(101)) + "&x=%FF"
    refused(raw(client, query), "query", "more than 100 parameters")


# --- ICD-11 postcoordination, as WHO's coding tool writes a cluster -------------------

DEPRESSION, ANXIETY_TITLE, TRAUMA = (
    "Depression and ongoing low mood",
    "Anxiety disorders",
    "Trauma-related symptoms",
)


@pytest.mark.parametrize(
    ("code", "titles"),
    [
        ("6A70.1%26XS25", [DEPRESSION]),  # a stem code with a severity extension
        ("6B00%2F6A70", [ANXIETY_TITLE, DEPRESSION]),  # two stems, in the order sent
        ("6A70%26XS25%2F6B40", [DEPRESSION, TRAUMA]),
    ],
)
def test_icd11_clusters_match_by_their_stem_codes(
    client: httpx.Client, code: str, titles: list[str]
) -> None:
    query = f"mainSearchCriteria.v.c={code}&mainSearchCriteria.v.cs={ICD_11_MMS}"
    parsed = feed(raw(client, query))
    assert [e.title for e in parsed.entries] == titles
    sent = code.replace("%26", "&").replace("%2F", "/")
    assert sent in [t.term for t in parsed.feed.tags if t.scheme == "mainSearchCriteria.v.c"]


@pytest.mark.parametrize("code", ["F41.1%26F32", "6A70%26", "%266A70", "6A70%2F%2F6B00"])
def test_clusters_outside_icd11_or_malformed_are_not_codes(client: httpx.Client, code: str) -> None:
    system = ICD_10 if code.startswith("F") else ICD_11_MMS
    query = f"mainSearchCriteria.v.c={code}&mainSearchCriteria.v.cs={system}"
    refused(raw(client, query), "mainSearchCriteria.v.c", "not a code")


# --- methods and headers: what the README promises ------------------------------------


def test_accept_does_not_choose_the_format(client: httpx.Client) -> None:
    # knowledgeResponseType decides, as the guide says; Accept is not read
    response = raw(client, ANXIETY, accept="application/json")
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    response = raw(client, f"{ANXIETY}&knowledgeResponseType=application/json", accept="text/xml")
    assert response.headers["content-type"] == "application/json"


def test_head_and_other_methods(client: httpx.Client) -> None:
    url = f"/infobutton?{ANXIETY}"
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    for method in ("POST", "PUT", "DELETE"):
        response = client.request(method, url)
        assert response.status_code == 405
        # Starlette lists them from a set: the order is not fixed
        assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}
