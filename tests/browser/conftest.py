"""A real browser against a real server: Debian's Chromium, driven by Playwright for Python.

Playwright only drives an existing browser here (``executable_path``); it never downloads
one (``playwright install`` cannot reach its CDN from CI). Without ``/usr/bin/chromium``
(or the build ``PDCONTENT_CHROMIUM`` names) the browser tests skip, saying why — unless
``PDCONTENT_REQUIRE_BROWSER=1`` (CI sets it), where a missing browser is a failure.

Fixtures, for every browser test (``tests/browser/``):

- ``live_server``: one ``pdcontent serve`` on a free loopback port for the session;
  ``serving(log_dir, *args)`` starts another one with other flags.
- ``browser``: one headless Chromium for the session.
- ``page``: a fresh context and page per test, watched by a :class:`PageWatch`: every
  request off ``live_server`` is aborted (the network is "unplugged") and recorded, and so
  is every console error and uncaught page error. The test fails at teardown if any was
  seen; ``page_watch.assert_clean()`` checks the same thing earlier.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from ..api.test_server import Server, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

#: Debian's chromium package; PDCONTENT_CHROMIUM names another build of Chromium
CHROMIUM = Path(os.environ.get("PDCONTENT_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_BROWSER = "PDCONTENT_REQUIRE_BROWSER"

#: what Chromium needs on this kind of machine (see the environment notes): as root there
#: is no sandbox, and without the background-networking flags Chromium keeps calling
#: Google's hosts, which a closed network refuses
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

pytestmark = pytest.mark.slow


def _browser_missing(reason: str) -> NoReturn:
    """Skip (or, where CI requires the browser, fail) a test that needs Chromium."""
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_BROWSER}=1 requires the browser tests to run")
    pytest.skip(f"{reason}: install Debian's chromium (apt-get install chromium) to run it")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real ``pdcontent serve`` with default settings, shared by every browser test."""
    with serving(tmp_path_factory.mktemp("browser-serve")) as running:
        yield running


# per module, not per session: while Playwright's sync API is started it leaves an event
# loop running in the main thread, and every later test that calls asyncio.run() fails
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once per test module."""
    if not CHROMIUM.is_file():
        _browser_missing(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class PageWatch:
    """What a page did that a test forbids: requests off the server, console and page errors."""

    origin: str
    off_server: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Let a request to the server through; abort and record any other."""
        url = route.request.url
        if self.on_server(url):
            route.continue_()
        else:
            if url not in self.off_server:
                self.off_server.append(url)
            route.abort("internetdisconnected")

    def on_server(self, url: str) -> bool:
        """Whether ``url`` is on the server (``data:`` and ``blob:`` URLs never leave the page)."""
        return url.startswith((self.origin + "/", "data:", "blob:")) or url == self.origin

    def request(self, request: Request) -> None:
        """Record every request the page makes (a service worker's would bypass routing)."""
        self.request_url(request.url)

    def request_url(self, url: str) -> None:
        """Record one request (or WebSocket) by its URL."""
        self.requests.append(url)
        if not self.on_server(url) and url not in self.off_server:
            self.off_server.append(url)

    def console(self, message: ConsoleMessage) -> None:
        """Record console errors."""
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})")

    def page_error(self, error: Exception) -> None:
        """Record uncaught exceptions in the page."""
        self.page_errors.append(str(error))

    def problems(self) -> list[str]:
        """Everything recorded that fails a test, one line each."""
        return (
            [f"request off the server: {url}" for url in self.off_server]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
        )

    def assert_clean(self) -> None:
        """Fail if the page requested anything off the server or logged an error."""
        problems = self.problems()
        assert not problems, "\n".join(problems)


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (``Accept-Language``, ``navigator.language``); override per test."""
    return "en-US"


@pytest.fixture
def page_watch(live_server: Server) -> PageWatch:
    """The watch of this test's ``page``."""
    return PageWatch(origin=live_server.url)


@pytest.fixture
def page(browser: Browser, page_watch: PageWatch, browser_locale: str) -> Iterator[Page]:
    """A fresh page (own context: no cookies, storage or cache shared between tests)."""
    context = browser.new_context(service_workers="block", locale=browser_locale)
    context.route("**/*", page_watch.route)
    opened = context.new_page()
    opened.on("request", page_watch.request)
    opened.on("console", page_watch.console)
    opened.on("pageerror", page_watch.page_error)
    opened.on("websocket", lambda ws: page_watch.request_url(ws.url))
    try:
        yield opened
    finally:
        context.close()
    page_watch.assert_clean()


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PageWatch", "Server", "serving"]
