"""``GET /jsonld/{kind}/{id}`` over a real server, and the ``jsonLd`` GraphQL field.

The route is exercised on a real ``pdcontent serve`` process (real uvicorn, real HTTP):
media type, ``Content-Language``, ``Vary``, locale negotiation as ``/graphql`` does it,
404s, ETags, and ids built from the request's own scheme and host.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import pdcontent
from pdcontent import jsonld
from pdcontent.models import KINDS

from .. import schemaorg_vocab as vocab
from .conftest import Api
from .test_server import Server, serving

pytestmark = pytest.mark.slow

LOCALES = ("en", "de", "es", "fr")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("jsonld")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


def _path(kind_name: str, item_id: str | None) -> str:
    return f"/jsonld/{kind_name}" + (f"/{item_id}" if item_id else "")


def test_every_item_in_every_locale_over_http(server: Server, client: httpx.Client) -> None:
    for locale in LOCALES:
        content = pdcontent.load(locale)
        for kind in KINDS:
            for item in content.items(kind):
                item_id = item.id if kind.many else None
                response = client.get(_path(kind.name, item_id), params={"locale": locale})
                assert response.status_code == 200, response.text
                assert response.headers["content-type"] == "application/ld+json"
                assert response.headers["content-language"] == locale
                vary = [v.strip() for v in response.headers["vary"].split(",")]
                assert "Accept-Language" in vary
                # the same document the core makes, with this server's own base URL
                assert response.json() == jsonld.document(content, item, base_url=server.url)


def test_accept_language_is_negotiated_as_graphql_does(client: httpx.Client) -> None:
    for header, expected in [
        ("de-AT,de;q=0.9", "de"),
        ("fr-BE", "fr"),
        ("pt-BR, es;q=0.5", "es"),
        ("xx", "en"),
        ("en-XA", "en"),  # the pseudo-locale only by name, as /graphql serves it
    ]:
        response = client.get("/jsonld/approach", headers={"Accept-Language": header})
        assert response.status_code == 200
        assert response.headers["content-language"] == expected, header
        graphql = client.post(
            "/graphql",
            json={"query": "{ approach { locale } }"},
            headers={"Accept-Language": header},
        )
        assert graphql.headers["content-language"] == expected
        assert response.json()["inLanguage"] == graphql.json()["data"]["approach"]["locale"]
    # ?locale= wins over the header
    both = client.get(
        "/jsonld/technique/free-association",
        params={"locale": "es-MX"},
        headers={"Accept-Language": "de"},
    )
    assert both.headers["content-language"] == "es"
    assert both.json()["@id"].endswith("/jsonld/technique/free-association?locale=es")


def test_unknown_kind_id_or_locale_is_a_json_error(client: httpx.Client) -> None:
    for path in [
        "/jsonld/nope/x",
        "/jsonld/technique/nope",
        "/jsonld/technique",  # a collection needs an id
        "/jsonld/approach/psychodynamic-therapy",  # the single approach has none
        "/jsonld/metadata",  # not a kind of item
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/json"
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = client.get("/jsonld/approach", params={"locale": "xx-nope!"})
    assert bad.status_code == 400
    error = bad.json()["errors"][0]
    assert error["extensions"]["code"] == "UNKNOWN_LOCALE"
    assert "de" in error["extensions"]["supported"]


def test_browsers_may_read_it_cross_origin(client: httpx.Client) -> None:
    response = client.get("/jsonld/approach", headers={"Origin": "https://publisher.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Content-Language" in response.headers["access-control-expose-headers"]


def test_etag_and_conditional_get(client: httpx.Client) -> None:
    first = client.get("/jsonld/condition/anxiety", params={"locale": "de"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get(
        "/jsonld/condition/anxiety", params={"locale": "de"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/jsonld/condition/anxiety", params={"locale": "fr"})
    assert other.headers["etag"] != etag


def test_ids_use_the_request_host(server: Server, client: httpx.Client) -> None:
    port = server.url.rsplit(":", 1)[1]
    proxied = client.get("/jsonld/approach", headers={"Host": f"Example.org:{port}"})
    assert proxied.json()["@id"] == f"http://example.org:{port}/jsonld/approach?locale=en"
    # a Host that is not a host cannot put a path or user info into the ids
    hostile = client.get("/jsonld/approach", headers={"Host": "evil.org/x?y"})
    assert hostile.json()["@id"].startswith(server.url + "/jsonld/approach")


def test_graphql_json_ld_is_cached_per_host(server: Server, client: httpx.Client) -> None:
    query = {"query": '{ condition(id: "depression") { jsonLd } }'}
    port = server.url.rsplit(":", 1)[1]
    answers: dict[str, set[str]] = {}
    for host in ("a.example", "b.example", "a.example"):
        for _ in range(2):  # the second time from the cache (and the fast path)
            response = client.post("/graphql", json=query, headers={"Host": f"{host}:{port}"})
            document = response.json()["data"]["condition"]["jsonLd"]
            answers.setdefault(host, set()).add(document["@id"])
    assert answers == {
        "a.example": {f"http://a.example:{port}/jsonld/condition/depression?locale=en"},
        "b.example": {f"http://b.example:{port}/jsonld/condition/depression?locale=en"},
    }


def test_a_repeated_host_is_refused(server: Server) -> None:
    from .real_server import connect, read_until_closed

    with connect(server) as sock:
        sock.sendall(
            b"GET /jsonld/approach HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n"
            b"Connection: close\r\n\r\n"
        )
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400")


@pytest.mark.parametrize("locale", LOCALES)
def test_graphql_field_on_every_kind(api: Api, locale: str) -> None:
    vocab.require_vocab()
    content = pdcontent.load(locale)
    from .conftest import camel

    for kind in KINDS:
        if not kind.paged:
            continue
        field = camel(kind.collection)
        query = f'{{ {field}(locale: "{locale}", limit: 100) {{ items {{ id jsonLd }} }} }}'
        data = api.data(query)
        items = data[field]["items"]
        assert len(items) == len(content.items(kind))
        for got, item in zip(items, content.items(kind), strict=True):
            # the in-process test client's base URL is http://test
            assert got["jsonLd"] == jsonld.document(content, item, base_url="http://test")
            assert vocab.problems(vocab.expand(got["jsonLd"])) == []
    single = api.data(f'{{ sessionGuide(locale: "{locale}") {{ jsonLd }} }}')["sessionGuide"]
    assert single["jsonLd"]["mainEntity"]["@type"] == "Schedule"
    nested = api.data(f'{{ approach(locale: "{locale}") {{ relatedApproaches {{ jsonLd }} }} }}')[
        "approach"
    ]["relatedApproaches"]
    assert all(r["jsonLd"]["@type"] == jsonld.PAGE_TYPE for r in nested)
