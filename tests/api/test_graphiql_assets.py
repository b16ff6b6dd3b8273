"""GraphiQL from the package: a page whose every URL is on the server, and the files it loads."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from pdcontent_api.graphiql import CONTENT_SECURITY_POLICY, VENDORED, assets
from pdcontent_api.graphiql.page import SCRIPTS, STYLES

from .conftest import Api

PAGE_URL = "http://test/graphql"


class _Urls(HTMLParser):
    """Every URL-valued attribute of a page, with its tag."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.urls.append((tag, name, value))
            if name == "style" or name.startswith("on"):
                self.urls.append((tag, name, "inline"))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _page(api: Api) -> str:
    response = api.request("GET", "/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    return response.text


def test_every_url_in_the_graphiql_page_is_on_the_server(api: Api) -> None:
    parser = _Urls()
    parser.feed(_page(api))
    assert parser.urls, "the page loads nothing?"
    for tag, attribute, value in parser.urls:
        assert attribute in ("src", "href"), (tag, attribute, value)
        if value == "data:,":  # the empty icon: stops the browser asking for /favicon.ico
            continue
        resolved = urlsplit(urljoin(PAGE_URL, value))
        assert (resolved.scheme, resolved.netloc) == ("http", "test"), value
    assert parser.inline_scripts == 0


def test_the_page_loads_every_script_and_style_and_each_is_served(api: Api) -> None:
    page = _page(api)
    for name in (*SCRIPTS, *STYLES):
        asset = assets()[name]
        assert f'"{asset.path}"' in page
        response = api.request("GET", "/" + asset.path)
        assert response.status_code == 200, name
        assert response.content == asset.body
        assert hashlib.sha256(response.content).hexdigest().startswith(asset.digest)


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("graphiql-3.8.3.min.js", "text/javascript; charset=utf-8"),
        ("react-18.2.0.production.min.js", "text/javascript; charset=utf-8"),
        ("graphiql-3.8.3.min.css", "text/css; charset=utf-8"),
        ("LICENSE.graphiql.txt", "text/plain; charset=utf-8"),
    ],
)
def test_assets_have_their_media_type_and_are_cached_for_good(
    api: Api, name: str, media_type: str
) -> None:
    asset = assets()[name]
    response = api.request("GET", "/" + asset.path)
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    etag = response.headers["etag"]
    again = api.request("GET", "/" + asset.path, headers={"if-none-match": etag})
    assert (again.status_code, again.content) == (304, b"")


def test_head_of_an_asset_has_its_length_and_no_body(api: Api) -> None:
    asset = assets()["graphiql-3.8.3.min.css"]
    response = api.request("HEAD", "/" + asset.path)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(asset.body))


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/0000000000000000/graphiql-3.8.3.min.js",  # an old (or made-up) digest
        "/graphiql/{digest}/nope.js",
        "/graphiql/{digest}/..%2F..%2Fapp.py",
        "/graphiql/{digest}/__init__.py",  # a file of the package that is no asset
    ],
)
def test_anything_but_a_current_asset_is_404(api: Api, path: str) -> None:
    digest = assets()["graphiql-3.8.3.min.js"].digest
    response = api.request("GET", path.format(digest=digest))
    assert response.status_code == 404


def test_no_assets_when_graphiql_is_off(locked_api: Api) -> None:
    asset = assets()["graphiql-3.8.3.min.js"]
    assert locked_api.request("GET", "/" + asset.path).status_code == 404


def test_the_page_sets_a_tight_content_security_policy(api: Api) -> None:
    response = api.request("GET", "/graphql", headers={"accept": "text/html"})
    policy = response.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe" not in policy
    assert "http" not in policy


def test_every_vendored_package_is_pinned_and_has_its_licence() -> None:
    shipped = assets()
    for package in VENDORED:
        assert package.version.count(".") == 2, package
        assert package.integrity.startswith("sha512-"), package
        licence = shipped[package.license_file].body.decode("utf-8")
        assert "MIT License" in licence
        assert "Permission is hereby granted" in licence
        for name, _ in package.files:
            assert name in shipped, name
            assert package.version in name
    vendored = {name for package in VENDORED for name, _ in package.files}
    # every third-party file the page loads is listed with its package and licence
    assert {n for n in (*SCRIPTS, *STYLES) if not n.startswith("pdcontent-")} <= vendored
