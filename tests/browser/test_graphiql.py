"""GraphiQL in a real Chromium against a real ``pdcontent serve``, with the network unplugged.

The ``page`` fixture aborts every request off the server and fails the test on any such
request and on any console error (a CSP violation is one), so these tests show that the
IDE works on a machine with no network.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from ..api.test_server import Server
from .conftest import PageWatch

#: how long GraphiQL may take to start and to answer (Chromium shares 2 cores with tests)
TIMEOUT_MS = 30_000


def _open(page: Page, server: Server) -> None:
    # GraphiQL asks for the schema (a POST introspection) once it starts; typing before
    # the answer races the editor's re-configuration, so wait for it
    with page.expect_response(
        lambda r: r.url.startswith(server.url + "/graphql") and r.request.method == "POST",
        timeout=TIMEOUT_MS,
    ):
        page.goto(server.url + "/graphql", wait_until="load")
    # the editor is there once React has rendered GraphiQL
    expect(page.locator(".graphiql-query-editor .CodeMirror")).to_be_visible(timeout=TIMEOUT_MS)


def _type_query(page: Page, query: str) -> None:
    """Replace the editor's text with ``query``, entered as keyboard text input."""
    page.locator(".graphiql-query-editor .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # one text input, as an input method or a paste sends it: typed key by key, the
    # editor's closing brackets and completion popup act on timing (seen under load:
    # brackets and words out of order), so the whole query, braces closed, goes in at once
    page.keyboard.insert_text(query)
    editor = page.locator(".graphiql-query-editor .CodeMirror-code")
    expect(editor).to_contain_text(query.split()[-1], timeout=TIMEOUT_MS)


def _result_text(page: Page) -> str:
    return page.locator(".result-window .CodeMirror").inner_text()


@pytest.mark.parametrize("browser_locale", ["de-DE"])
def test_graphiql_runs_a_typed_query_with_ctrl_enter(
    page: Page, live_server: Server, page_watch: PageWatch
) -> None:
    _open(page, live_server)
    # no string literal: the editor's autocompletion and closing quotes make typed
    # quotes depend on timing; the locale comes from the browser's Accept-Language
    _type_query(page, "{ techniques(limit: 2) { total items { id locale title } } }")
    page.keyboard.press("Control+Enter")
    result = page.locator(".result-window")
    expect(result).to_contain_text('"id": "free-association"', timeout=TIMEOUT_MS)
    expect(result).to_contain_text('"locale": "de"', timeout=TIMEOUT_MS)
    text = _result_text(page)
    assert '"errors"' not in text
    page_watch.assert_clean()
    # everything the page loaded came from the server: the page, its files, the query
    assert any("/graphiql/" in url and url.endswith(".js") for url in page_watch.requests)
    assert all(url.startswith(live_server.url) for url in page_watch.requests)


def test_graphiql_runs_a_query_with_the_run_button(
    page: Page, live_server: Server, page_watch: PageWatch
) -> None:
    _open(page, live_server)
    _type_query(page, "{ sessionGuide { frequency minutes { min max } } }")
    page.locator("button.graphiql-execute-button").click()
    result = page.locator(".result-window")
    expect(result).to_contain_text('"frequency": "WEEKLY"', timeout=TIMEOUT_MS)
    assert re.search(r'"min": 45,\s*"max": 50', _result_text(page))
    page_watch.assert_clean()


def test_graphiql_loads_the_schema_for_its_documentation(
    page: Page, live_server: Server, page_watch: PageWatch
) -> None:
    _open(page, live_server)
    # the introspection query answered: the docs explorer lists the root type
    page.locator('button[aria-label="Show Documentation Explorer"]').click()
    expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Query", timeout=TIMEOUT_MS)
    page_watch.assert_clean()


def test_a_shared_query_url_opens_with_that_query(
    page: Page, live_server: Server, page_watch: PageWatch
) -> None:
    page.goto(f"{live_server.url}/graphql?q={quote('{ approach { id } }')}", wait_until="load")
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    expect(editor).to_contain_text("approach", timeout=TIMEOUT_MS)
    editor.click()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".result-window")).to_contain_text(
        '"id": "psychodynamic-therapy"', timeout=TIMEOUT_MS
    )
    page_watch.assert_clean()
