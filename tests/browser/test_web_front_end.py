"""The reference front end (``examples/web/``) in Debian's real Chromium, served by
``pdcontent serve --examples``: every page in every locale, axe-core, keyboard, search,
the language switch, APQ GETs, and fallback text marked with its own ``lang``.

The browser, the page and its watch (requests off the server aborted and failing the
test, console and page errors too) come from ``conftest.py``, with its skip rule.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import yaml

from ..conftest import CONTENT, JS
from .conftest import PageWatch, Server, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SCREENSHOTS = Path(__file__).parent / "screenshots"
SECTIONS = [
    "",
    "principles",
    "techniques",
    "conditions",
    "sessions",
    "qualifications",
    "considerations",
    "glossary",
    "evidence",
    "crisis",
]
READY_TIMEOUT_MS = 15_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The API with the front end mounted, as ``pdcontent serve --examples`` runs it."""
    with serving(tmp_path_factory.mktemp("web"), "--examples") as running:
        yield running


@pytest.fixture
def page_watch(server: Server) -> PageWatch:
    """The page's watch, for this module's server (the front end is only mounted there)."""
    return PageWatch(origin=server.url)


@pytest.fixture(scope="module")
def axe_source(node_modules: Path) -> str:
    """axe-core's browser build, pinned in tests/js (injected inline: no request)."""
    return (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def _graphql_gets(watch: PageWatch) -> list[dict[str, list[str]]]:
    """The query strings of the page's requests to /graphql."""
    return [parse_qs(urlsplit(u).query) for u in watch.requests if urlsplit(u).path == "/graphql"]


def _graphql(server: Server, query: str) -> dict[str, Any]:
    with server.client() as client:
        response = client.post("/graphql", json={"query": query})
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture(scope="module")
def locales(server: Server) -> list[str]:
    """Every locale the API lists (en-XA among them)."""
    return [item["code"] for item in _graphql(server, "{ locales { code } }")["locales"]]


@pytest.fixture(scope="module")
def condition_ids(server: Server) -> list[str]:
    """The ids of every condition, each of which has its own page."""
    items = _graphql(server, "{ conditions { items { id } } }")["conditions"]["items"]
    return [c["id"] for c in items]


@pytest.fixture(scope="module")
def has_json_ld(server: Server) -> bool:
    """Whether this API has the ``jsonLd`` field the pages embed."""
    fields = _graphql(server, '{ __type(name: "Approach") { fields { name } } }')
    return any(f["name"] == "jsonLd" for f in fields["__type"]["fields"])


def _front(server: Server, locale: str, section: str = "", item: str = "") -> str:
    route = f"{locale}/{section}" + (f"/{item}" if item else "")
    return f"{server.url}/examples/web/#/{route}"


def _open(page: Page, url: str) -> None:
    """Go to a page of the front end and wait until it has rendered its route."""
    route = url.split("#/", 1)[1]
    locale, _, rest = route.partition("/")
    section, _, item = rest.partition("/")
    page.goto(url)
    expected = f"{locale}/{section}/{item}"
    page.wait_for_function(
        "key => document.documentElement.dataset.ready === key",
        arg=expected,
        timeout=READY_TIMEOUT_MS,
    )


def _axe(page: Page, source: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, { resultTypes: ['violations'] })"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _every_route(condition_ids: list[str]) -> list[tuple[str, str]]:
    return [(s, "") for s in SECTIONS] + [("conditions", c) for c in condition_ids]


# --- every page, every locale -------------------------------------------------------------


@pytest.mark.parametrize("index", range(5))
def test_every_page_renders_clean_and_accessible(
    page: Page,
    page_watch: PageWatch,
    server: Server,
    locales: list[str],
    condition_ids: list[str],
    axe_source: str,
    has_json_ld: bool,
    index: int,
) -> None:
    """Each page of one locale: lang set, a heading, no console error, no request off the
    server, no serious or critical axe violation, and JSON-LD where the API has it."""
    assert len(locales) == 5, locales  # en de es fr en-XA: one test each
    locale = locales[index]
    problems: dict[str, Any] = {}
    for section, item in _every_route(condition_ids):
        _open(page, _front(server, locale, section, item))
        where = f"{locale}/{section}/{item}"
        assert page.evaluate("document.documentElement.lang") == locale, where
        assert page.locator("main h1").first.inner_text().strip(), where
        violations = _axe(page, axe_source)
        if violations:
            problems[where] = violations
        scripts = page.locator('script[type="application/ld+json"]').all_text_contents()
        if has_json_ld:
            assert scripts, f"{where}: no JSON-LD"
            assert all(isinstance(json.loads(s), dict) for s in scripts), where
        else:
            assert scripts == [], where
    assert problems == {}, json.dumps(problems, indent=1)
    page_watch.assert_clean()


def test_condition_page_shows_other_names_and_codes(page: Page, server: Server) -> None:
    _open(page, _front(server, "de", "conditions", "depression"))
    expected = _graphql(
        server, '{ condition(id: "depression", locale: "de") { title alsoCalled codes { code } } }'
    )["condition"]
    assert page.locator("main h1").inner_text() == expected["title"]
    also = page.locator(".also-called").first.inner_text()
    assert also.startswith("Auch genannt")
    assert all(name in also for name in expected["alsoCalled"])
    cells = page.locator("table.codes tbody td code").all_inner_texts()
    assert cells == [c["code"] for c in expected["codes"]]


# --- keyboard, search, language -------------------------------------------------------------


def test_keyboard_walk_reaches_crisis_line_then_search(page: Page, server: Server) -> None:
    _open(page, _front(server, "en"))
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const el = document.activeElement;"
                " return el.id || el.className || el.tagName; }"
            )
        )
    assert reached[0] == "skip-link"
    assert "crisis-line" in reached
    assert "search-input" in reached
    assert reached.index("crisis-line") < reached.index("search-input")
    # the crisis line leads to the crisis page of the reader's region (en-US here)
    page.focus("#crisis-line")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.dataset.ready === 'en/crisis/'")
    assert "988" in page.locator("section.mine").inner_text()


def test_search_as_you_type_shows_escaped_snippets(
    page: Page, page_watch: PageWatch, server: Server
) -> None:
    _open(page, _front(server, "en"))
    before = len(_graphql_gets(page_watch))
    page.locator("#search-input").press_sequentially("transference", delay=40)
    page.wait_for_selector("#search-results li a")
    hits = page.locator("#search-results li")
    assert hits.count() >= 1
    assert "Transference" in hits.first.inner_text()
    assert page.locator("#search-results mark").count() >= 1
    assert page.locator("#search-results script").count() == 0
    status = page.locator("#search-status")
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "document.getElementById('search-status').textContent.includes('result')"
    )
    # debounced: twelve keystrokes, far fewer searches (one, or two with the APQ retry)
    searches = [q for q in _graphql_gets(page_watch)[before:] if "transf" in str(q)]
    assert 1 <= len(searches) <= 2, searches
    # a hit is a link to its page
    target = (hits.first.locator("a").get_attribute("href") or "").removeprefix("#/")
    hits.first.locator("a").click()
    expected = target if target.count("/") == 2 else target + "/"
    page.wait_for_function("key => document.documentElement.dataset.ready === key", arg=expected)
    assert page.locator("#search-results").is_hidden()


def test_language_switch_changes_lang_and_texts(page: Page, server: Server) -> None:
    titles = _graphql(
        server, '{ en: approach(locale: "en") { title } de: approach(locale: "de") { title } }'
    )
    _open(page, _front(server, "en"))
    assert page.locator("main h1").inner_text() == titles["en"]["title"]
    page.locator('#languages a[hreflang="de"]').click()
    page.wait_for_function("document.documentElement.dataset.ready === 'de//'")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("main h1").inner_text() == titles["de"]["title"]
    assert "Grundsätze" in page.locator("#sections").inner_text()
    assert page.locator("#search-label").inner_text() == "Im Leitfaden suchen"
    # and back: the client caches key answers by locale, so English comes back as English
    page.locator('#languages a[hreflang="en"]').click()
    page.wait_for_function("document.documentElement.dataset.ready === 'en//'")
    assert page.locator("main h1").inner_text() == titles["en"]["title"]


def test_every_locale_is_offered_with_hreflang(
    page: Page, server: Server, locales: list[str]
) -> None:
    _open(page, _front(server, "fr", "glossary"))
    switcher = page.locator("#languages a")
    assert switcher.evaluate_all("els => els.map(e => e.hreflang)") == locales
    assert switcher.evaluate_all("els => els.map(e => e.lang)") == locales
    alternates = page.locator('link[rel="alternate"]').evaluate_all(
        "els => els.map(e => [e.hreflang, e.getAttribute('href').split('#')[1]])"
    )
    real = [code for code in locales if code != "en-XA"]  # the pseudo-locale is no language
    assert alternates == [[c, f"/{c}/glossary"] for c in real] + [["x-default", "/en/glossary"]]


def test_glossary_terms_open_as_keyboard_disclosures(page: Page, server: Server) -> None:
    _open(page, _front(server, "en"))
    term = page.locator("main button.term").first
    assert page.locator("main a[data-term]").count() == 0  # every term link was enhanced
    term.focus()
    page.keyboard.press("Enter")
    tip = page.locator(f"#{term.get_attribute('aria-controls')}")
    assert term.get_attribute("aria-expanded") == "true"
    tip.locator("a").wait_for()
    assert tip.is_visible()
    assert "/en/glossary/" in (tip.locator("a").get_attribute("href") or "")
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert term.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('term')")


# --- how it talks to the API --------------------------------------------------------------


def test_reads_are_persisted_query_gets_a_cdn_can_cache(
    browser: Browser, server: Server, page: Page, page_watch: PageWatch
) -> None:
    """The first reader teaches the server each document once; the next reader's requests
    are all short hash-only GETs, the same URLs, so a CDN can answer them."""
    _open(page, _front(server, "es", "techniques"))
    first = _graphql_gets(page_watch)
    assert first
    assert all("extensions" in q for q in first)
    second = browser.new_context()
    try:
        reader = second.new_page()
        urls: list[tuple[str, str]] = []
        reader.on("request", lambda r: urls.append((r.method, r.url)))
        reader.goto(_front(server, "es", "techniques"))
        reader.wait_for_function("document.documentElement.dataset.ready === 'es/techniques/'")
    finally:
        second.close()
    graphql = [(m, u) for m, u in urls if urlsplit(u).path == "/graphql"]
    assert graphql
    assert {m for m, _ in graphql} == {"GET"}
    for _, url in graphql:
        params = parse_qs(urlsplit(url).query)
        assert "query" not in params, url
        hash_ = json.loads(params["extensions"][0])["persistedQuery"]["sha256Hash"]
        assert len(hash_) == 64
    with httpx.Client() as client:  # and the server marks those answers cacheable
        response = client.get(graphql[-1][1])
    assert "public" in response.headers["cache-control"]


def test_fallback_text_carries_its_own_lang(
    browser: Browser, tmp_path: Path, axe_source: str
) -> None:
    """A German page whose glossary term has no German text shows the English one,
    marked lang="en" inside the lang="de" page."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    overlay = content / "de" / "glossary.yaml"
    data = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    del data["units"]["unconscious"]
    overlay.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    with serving(tmp_path, "--examples", "--content", str(content)) as fallback_server:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(_front(fallback_server, "de", "glossary"))
            page.wait_for_function("document.documentElement.dataset.ready === 'de/glossary/'")
            assert page.evaluate("document.documentElement.lang") == "de"
            term = page.locator("#item-unconscious")
            assert term.get_attribute("lang") == "en"
            assert term.locator("h2").inner_text() == "Unconscious"
            assert page.locator("#item-transference").get_attribute("lang") is None
            assert _axe(page, axe_source) == []
        finally:
            context.close()


def test_home_screenshots_for_review(page: Page, server: Server) -> None:
    """Screenshots of the home page in en and de, for a reviewer (git-ignored folder)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for locale in ("en", "de"):
        _open(page, _front(server, locale))
        path = SCREENSHOTS / f"home-{locale}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 20_000


def test_no_external_url_in_the_front_end() -> None:
    """No file of the example names another host: fonts, scripts and styles are its own."""
    root = Path(__file__).parents[2] / "examples" / "web"
    for path in root.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            for scheme in ("http://", "https://", "//cdn"):
                assert scheme not in text, path


def test_axe_is_pinned_in_the_js_lock_file() -> None:
    lock = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))
    assert (
        lock["packages"]["node_modules/axe-core"]["version"]
        == json.loads((JS / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    )


def test_crisis_service_names_carry_their_language(page: Page, server: Server) -> None:
    """Service names are never translated: on a German page the US line's is English."""
    _open(page, _front(server, "de", "crisis"))
    assert page.locator("#heading-us-988-lifeline").get_attribute("lang") == "en"
    assert page.locator("#heading-fr-3114").get_attribute("lang") == "fr"
    assert page.locator("#heading-de-telefonseelsorge").get_attribute("lang") is None
    # three languages in one name: no single tag would be right
    assert page.locator("#heading-ch-li-143").get_attribute("lang") is None
    # the banner: a German page in an en-US browser shows the line of Germany, the
    # country CLDR gives German (a German reader is not sent to a US line)
    assert "TelefonSeelsorge" in page.locator(".crisis-tel").inner_text()
    assert page.locator(".crisis-tel").get_attribute("lang") is None


@pytest.mark.parametrize(("locale", "line"), [("fr", "3114"), ("es", "024"), ("en", "988")])
def test_the_banner_line_follows_the_page_language(
    page: Page, server: Server, locale: str, line: str
) -> None:
    # the browser is en-US: its country counts only for an English page
    _open(page, _front(server, locale, "crisis"))
    assert line in page.locator(".crisis-tel").inner_text()


def test_region_picker_changes_the_crisis_line_and_keeps_focus(page: Page, server: Server) -> None:
    _open(page, _front(server, "en", "crisis"))
    assert "988" in page.locator(".crisis-tel").inner_text()  # en-US browser: the US line
    page.locator("#region").focus()  # as a keyboard or mouse user's would be
    page.locator("#region").select_option("DE")
    page.wait_for_function(
        "document.querySelector('.crisis-tel')?.textContent.includes('TelefonSeelsorge')"
    )
    assert page.evaluate("document.activeElement.id") == "region"
    assert page.locator("#crisis-line").inner_text() == "Crisis lines for Germany"
    page.wait_for_function(
        "document.querySelector('section.mine h2')?.textContent.includes('Germany')"
    )
    assert "TelefonSeelsorge" in page.locator("section.mine").inner_text()
    # the choice is the reader's: it holds on the next page and in another language
    page.locator('#languages a[hreflang="fr"]').click()
    page.wait_for_function("document.documentElement.dataset.ready === 'fr/crisis/'")
    assert "TelefonSeelsorge" in page.locator(".crisis-tel").inner_text()
