"""The JSON-LD route as a linked-data client and a publisher use it, over a real server.

``GET /jsonld`` answers the guide's and the glossary's ``@id``s (it was a 404); a
repeated ``?locale=`` is refused rather than answered in whichever came last; the
GraphQL ``jsonLd`` field and the static export give the route's very documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import pdcontent
from pdcontent import jsonld

from .test_server import Server, serving

pytestmark = pytest.mark.slow

LOCALES = ["en", "de", "es", "fr", "en-XA"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("jsonld-review")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


@pytest.mark.parametrize("locale", LOCALES)
def test_the_guide_and_glossary_ids_dereference(
    server: Server, client: httpx.Client, locale: str
) -> None:
    page = client.get("/jsonld/condition/anxiety", params={"locale": locale}).json()
    guide_id = page["isPartOf"]["@id"]
    assert guide_id == f"{server.url}/jsonld#guide"
    response = client.get(guide_id.split("#")[0], params={"locale": locale})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["content-language"] == locale
    assert "Accept-Language" in response.headers["vary"]
    document = response.json()
    assert document == jsonld.index(pdcontent.load(locale), base_url=server.url)
    held = {node["@id"] for node in document["@graph"]}
    assert held == {guide_id, f"{server.url}/jsonld#glossary"}


def test_the_index_has_an_etag(client: httpx.Client) -> None:
    first = client.get("/jsonld", params={"locale": "fr"})
    again = client.get(
        "/jsonld", params={"locale": "fr"}, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/jsonld", "/jsonld/approach", "/jsonld/condition/anxiety"])
def test_a_repeated_locale_is_refused(client: httpx.Client, path: str) -> None:
    response = client.get(path, params=[("locale", "de"), ("locale", "fr")])
    assert response.status_code == 400
    assert "locale" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_graphql_field_is_the_route_document(client: httpx.Client, locale: str) -> None:
    query = (
        "query($l: String) { approach(locale: $l) { jsonLd }"
        ' condition(id: "trauma", locale: $l) { jsonLd }'
        " sessionGuide(locale: $l) { expectations { id jsonLd } }"
        " crisisResources(locale: $l, limit: 2) { items { id jsonLd } } }"
    )
    response = client.post("/graphql", json={"query": query, "variables": {"l": locale}})
    data = response.json()["data"]
    pairs = [
        ("/jsonld/approach", data["approach"]["jsonLd"]),
        ("/jsonld/condition/trauma", data["condition"]["jsonLd"]),
    ]
    pairs += [
        (f"/jsonld/expectation/{e['id']}", e["jsonLd"])
        for e in data["sessionGuide"]["expectations"]
    ]
    pairs += [
        (f"/jsonld/crisis-resource/{c['id']}", c["jsonLd"])
        for c in data["crisisResources"]["items"]
    ]
    for path, field in pairs:
        assert client.get(path, params={"locale": locale}).json() == field, path


def test_the_static_index_is_the_route_index(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    from pdcontent_api.static import export_static

    export_static(tmp_path, base_url=server.url)
    for locale in LOCALES:
        written = json.loads((tmp_path / locale / "jsonld.jsonld").read_text(encoding="utf-8"))
        assert written == client.get("/jsonld", params={"locale": locale}).json()
    listed = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))["files"]
    assert "de/jsonld.jsonld" in listed
