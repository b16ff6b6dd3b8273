"""Hostile requests: each is refused (a 4xx or a GraphQL error) in bounded time.

After every one the app must still answer an ordinary query. The last tests send a few of
them to a real ``pdcontent serve`` over HTTP.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import BOUNDED_SECONDS, Api, make_api, timed
from .test_server import Server, serving

MAX_BODY = 100_000
MASKED = "Unexpected error."


def send(api: Api, method: str = "POST", **kwargs: Any) -> httpx.Response:
    """One request, which must finish within :data:`BOUNDED_SECONDS`."""
    response, seconds = timed(lambda: api.request(method, "/graphql", **kwargs))
    assert seconds < BOUNDED_SECONDS, f"took {seconds:.1f} s"
    return response


def send_json(api: Api, payload: Any, **headers: str) -> httpx.Response:
    return send(api, json=payload, headers=headers)


def send_raw(api: Api, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return send(api, content=body, headers={"content-type": content_type})


def errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The ``errors`` of a JSON error response (any response that is not 2xx must be one)."""
    body = response.json()
    assert isinstance(body, dict), body
    errors: list[dict[str, Any]] = body.get("errors") or []
    return errors


def assert_public(errors: list[dict[str, Any]]) -> None:
    """No error is a masked one (unexpected errors are also caught in the log, below)."""
    for error in errors:
        assert isinstance(error["message"], str), error
        assert error["message"] != MASKED, error


def assert_refused(response: httpx.Response, *, max_body: int = 20_000) -> list[dict[str, Any]]:
    """A 4xx, or a 200 carrying GraphQL errors; never a 5xx, never a traceback."""
    assert response.status_code < 500, response.text[:500]
    assert "Traceback" not in response.text
    assert len(response.content) <= max_body, "the answer echoes the attack back"
    errors = errors_of(response)
    assert 400 <= response.status_code < 500 or errors, response.text[:500]
    assert_public(errors)
    return errors


@pytest.fixture(autouse=True)
def _still_alive(
    api: Api, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> Iterator[None]:
    """After each test the shared app answers an ordinary query, and logged no error.

    The schema logs every unexpected (non-public) error with its traceback, so an error
    record means some input reached code that did not expect it.
    """
    yield
    api.alive()
    if request.node.get_closest_marker("xfail") is None:
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert logged == []


# --- depth --------------------------------------------------------------------------------


def nested_fields(levels: int) -> str:
    """``levels`` fields deep through real fields: technique → principles → techniques → …"""
    inner = ["principles", "techniques"]
    chain = ['technique(id: "interpretation")'] + [inner[i % 2] for i in range(levels - 2)]
    return "{ " + " { ".join(chain) + " { id" + " }" * (len(chain) + 1)


@pytest.mark.parametrize("levels", [50, 500])
def test_deep_nesting(api: Api, levels: int) -> None:
    errors = assert_refused(send_json(api, {"query": nested_fields(levels)}))
    assert any("depth" in e["message"] or "nested too deeply" in e["message"] for e in errors)


@pytest.mark.parametrize("levels", [500, 20_000])
def test_deep_nesting_of_nonsense(api: Api, levels: int) -> None:
    query = "{" + "a{" * levels + "b" + "}" * levels + "}"
    assert len(json.dumps({"query": query})) < MAX_BODY
    assert_refused(send_json(api, {"query": query}))


def test_deep_nesting_in_a_list_value(api: Api) -> None:
    query = '{ search(query: "x", types: ' + "[" * 5000 + "]" * 5000 + ") { id } }"
    assert_refused(send_json(api, {"query": query}))


def test_deep_nesting_in_an_object_value(api: Api) -> None:
    query = '{ search(query: "x", types: ' + "{a: " * 3000 + "1" + "}" * 3000 + ") { id } }"
    assert_refused(send_json(api, {"query": query}))


# --- aliases and fragments ----------------------------------------------------------------


@pytest.mark.parametrize(
    "selection", ["__typename", "approach { id }", 'principle(id: "defenses") { id }']
)
def test_alias_bomb(api: Api, selection: str) -> None:
    query = "{ " + " ".join(f"a{i}: {selection}" for i in range(1000)) + " }"
    assert len(json.dumps({"query": query})) < MAX_BODY
    assert_refused(send_json(api, {"query": query}))


def test_alias_bomb_inside_fragments(api: Api) -> None:
    aliases = " ".join(f"a{i}: id" for i in range(40))
    query = "{ approach { ...F } } fragment F on Approach { " + aliases + " }"
    errors = assert_refused(send_json(api, {"query": query}))
    assert any("alias" in e["message"].lower() for e in errors)


CYCLIC = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"


def test_cyclic_fragments(api: Api) -> None:
    errors = assert_refused(send_json(api, {"query": CYCLIC}))
    assert any("Cannot spread fragment" in e["message"] for e in errors)


def test_self_spreading_fragment(api: Api) -> None:
    query = "{ approach { ...F } } fragment F on Approach { id ...F }"
    assert_refused(send_json(api, {"query": query}))


def fragment_bomb(levels: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, …: 2**levels paths, a short document."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    return "{ ...F0 } " + fragments + f" fragment F{levels} on Query {{ __typename }}"


def test_a_small_fragment_bomb(api: Api) -> None:
    response = send_json(api, {"query": fragment_bomb(8)})
    assert response.status_code < 500
    body = response.json()
    assert body.get("errors") or body["data"] == {"__typename": "Query"}


_ISOLATED = textwrap.dedent(
    """
    import asyncio, json, sys, time
    import httpx
    from pdcontent_api import Settings, create_app

    app = create_app(Settings())
    payload = json.loads(sys.stdin.readline())
    print("ready", flush=True)

    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/graphql", json=payload)
        print(response.status_code, flush=True)
        print(response.text[:2000], flush=True)

    asyncio.run(main())
    """
)


def isolated_post(payload: dict[str, Any], tmp_path: Path) -> tuple[int, str]:
    """POST in a child process, killed if it takes longer than :data:`BOUNDED_SECONDS`.

    For documents that could pin a CPU for a long time: a test must not hang, and a
    runaway thread would slow every later test.
    """
    script = tmp_path / "isolated.py"
    script.write_text(_ISOLATED, encoding="utf-8")
    errors = tmp_path / "isolated.stderr"
    # The child's stdout is read through one buffered reader only: the "ready" line and
    # then the rest. (Reading the line, then handing the pipe to communicate(), lost
    # whatever the reader had buffered beyond that line: the test failed at random.)
    # Waiting before reading the rest cannot block the child: it writes at most a
    # status line and 2,000 characters, well within a pipe's buffer; stderr goes to a
    # file, so a long traceback cannot fill a pipe either.
    with (
        errors.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            [sys.executable, str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as proc,
    ):
        assert proc.stdin is not None
        assert proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(payload) + "\n")
            proc.stdin.flush()
            ready = proc.stdout.readline()  # the app is built; the clock starts
            assert ready.strip() == "ready", errors.read_text(encoding="utf-8")
            try:
                proc.wait(timeout=BOUNDED_SECONDS)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the request did not finish within {BOUNDED_SECONDS} s")
            out = proc.stdout.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, errors.read_text(encoding="utf-8")
    status, _, text = out.partition("\n")
    return int(status), text


@pytest.mark.slow
def test_fragment_bomb_30_levels(tmp_path: Path) -> None:
    query = fragment_bomb(30)
    assert len(query) < 2000
    status, text = isolated_post({"query": query}, tmp_path)
    assert status < 500, text


# --- big strings --------------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["search(query: {})", "approach(locale: {})"])
def test_a_90_kb_string_literal(api: Api, argument: str) -> None:
    literal = json.dumps("x" * 90_000)
    query = "{ " + argument.format(literal) + " { id } }"
    payload = {"query": query}
    assert len(json.dumps(payload)) < MAX_BODY
    errors = assert_refused(send_json(api, payload))
    assert errors[0]["extensions"]["code"] in ("BAD_USER_INPUT", "UNKNOWN_LOCALE")


def test_a_90_kb_string_variable(api: Api) -> None:
    payload = {
        "query": "query($q: String!) { search(query: $q) { id } }",
        "variables": {"q": "x" * 90_000},
    }
    errors = assert_refused(send_json(api, payload))
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_5_mb_string_literal_is_413(api: Api) -> None:
    query = '{ search(query: "' + "x" * 5_000_000 + '") { id } }'
    response = send_json(api, {"query": query})
    assert response.status_code == 413
    assert errors_of(response)[0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    "variables",
    [
        {f"k{i}": i for i in range(100_000)},
        {"s": "x" * 1_000_000},
        {"l": list(range(200_000))},
    ],
    ids=["100k-keys", "1-mb-string", "200k-list"],
)
def test_oversized_variables(api: Api, variables: dict[str, Any]) -> None:
    response = send_json(api, {"query": "{ approach { id } }", "variables": variables})
    assert response.status_code == 413 or errors_of(response)
    assert response.status_code < 500


def test_many_unused_variables_under_the_limit(api: Api) -> None:
    variables = {f"k{i}": i for i in range(8000)}
    response = send_json(api, {"query": "{ approach { id } }", "variables": variables})
    assert response.status_code < 500


# --- batches and many operations ----------------------------------------------------------


def test_a_batch_of_1000_operations(api: Api) -> None:
    batch = [{"query": "{ approach { id } }"}] * 1000
    errors = assert_refused(send_json(api, batch))
    assert errors[0]["extensions"]["code"] == "BATCHING_NOT_SUPPORTED"


def many_operations(count: int) -> str:
    return " ".join(f"query Q{i} {{ approach {{ id }} }}" for i in range(count))


def test_many_operations_without_operation_name(api: Api) -> None:
    assert_refused(send_json(api, {"query": many_operations(250)}))


def test_several_operations_need_an_operation_name(api: Api) -> None:
    # the GraphQL spec (GetOperation); strawberry alone would run the first operation
    errors = assert_refused(send_json(api, {"query": many_operations(2)}))
    assert "operation name" in errors[0]["message"]


def test_many_operations_named(api: Api) -> None:
    response = send_json(api, {"query": many_operations(250), "operationName": "Q249"})
    assert response.json() == {"data": {"approach": {"id": "psychodynamic-therapy"}}}


# --- malformed JSON -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ approach { id } }"',
        b'{"query": "{ appro',
        b'{"query": "{ approach { id } }", "variables": {"a": ',
        b"[" * 10_000 + b"]" * 10_000,
        b"[" * 10_000,
        b'{"query": "{ approach { id } }", "variables": {"a": ' + b"[" * 10_000 + b"]" * 10_000,
        b'{"query": "{ approach { id } }", "variables": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_001,
        b"NaN",
        b"Infinity",
        b'"\\ud800"',
        b"\x00" * 100,
        b"\xef\xbb\xbf{}",
    ],
    ids=[
        "truncated",
        "truncated-string",
        "truncated-variables",
        "10k-nested-arrays",
        "10k-open-arrays",
        "10k-nested-in-variables",
        "5k-nested-objects",
        "NaN",
        "Infinity",
        "lone-surrogate",
        "nul-bytes",
        "bom",
    ],
)
def test_malformed_json(api: Api, body: bytes) -> None:
    response = send_raw(api, body)
    assert 400 <= response.status_code < 500, response.text
    assert_public(errors_of(response))


@pytest.mark.parametrize("raw", ["[" * 10_000, "[" * 5_000 + "]" * 5_000, '{"a":' * 3_000])
def test_malformed_json_in_get_variables(api: Api, raw: str) -> None:
    response = send(api, "GET", params={"query": "{ approach { id } }", "variables": raw})
    assert response.status_code == 400


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_variables_is_not_json(api: Api, constant: str) -> None:
    # RFC 8259 has no NaN or Infinity (Python's json module would accept them)
    body = '{"query": "{ approach { id } }", "variables": {"x": ' + constant + "}}"
    assert send_raw(api, body.encode()).status_code == 400


@pytest.mark.parametrize("constant", ["NaN", "Infinity"])
def test_nan_as_a_float_variable_is_an_error(api: Api, constant: str) -> None:
    body = (
        '{"query": "query($f: Float) { search(query: \\"a\\", first: 1) { score } '
        'x: __typename @include(if: false) }", "variables": {"f": ' + constant + "}}"
    )
    response = send_raw(api, body.encode())
    assert response.status_code < 500
    assert errors_of(response)


# variables that json.dumps writes but orjson (the cache key's serializer) refuses: ints
# beyond 64 bits, nesting over 254 levels, lone surrogates; they used to be a 500
@pytest.mark.parametrize(
    "value",
    [10**30, -(10**30), json.loads("[" * 300 + "]" * 300), "\ud800", {"k\udfff": 1}],
    ids=["big-int", "big-negative-int", "300-nested", "lone-surrogate", "surrogate-key"],
)
def test_variables_the_cache_key_cannot_serialize(api: Api, value: Any) -> None:
    query = 'query($x: Int) { search(query: "a", first: $x) { id } }'
    # json.dumps escapes lone surrogates as \ud800, which is valid JSON text
    body = json.dumps({"query": query, "variables": {"x": value}}).encode()
    assert_refused(send_raw(api, body))


def test_a_lone_surrogate_locale_variable(api: Api) -> None:
    query = "query($l: String) { approach(locale: $l) { id } }"
    body = json.dumps({"query": query, "variables": {"l": "\ud800"}}).encode()
    assert_refused(send_raw(api, body))


@pytest.mark.parametrize(
    "query",
    [
        '{ approach(locale: "\\ud800") { id } }',
        '{ search(query: "\\ud800") { id } }',
        "{ nope\ud800 }",
        "# \ud800\n{ approach { id } }",
    ],
)
def test_lone_surrogates_in_the_document(api: Api, query: str) -> None:
    body = json.dumps({"query": query}).encode()
    assert b"\\ud800" in body
    assert_refused(send_raw(api, body))


# --- wrong content types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{ approach { id } }", "application/graphql"),
        (b'{"query": "{ approach { id } }"}', "text/plain"),
        (b"query=%7B+approach+%7B+id+%7D+%7D", "application/x-www-form-urlencoded"),
        (b"--x\r\nContent-Disposition: form-data\r\n\r\n{}\r\n--x--", "multipart/form-data; b=x"),
        (b'{"query": "{ approach { id } }"}', "json"),
        (b'{"query": "{ approach { id } }"}', "text/json"),
        (b"\x00\x01\x02", "application/octet-stream"),
    ],
)
def test_wrong_content_types(api: Api, body: bytes, content_type: str) -> None:
    response = send_raw(api, body, content_type)
    assert response.status_code == 415


@pytest.mark.parametrize("content_type", ["application/jsonx", "application/json-seq"])
def test_a_lookalike_json_content_type_is_415_when_uncached(content_type: str) -> None:
    body = b'{"query": "{ approach { id } }"}'
    assert send_raw(make_api(), body, content_type).status_code == 415


@pytest.mark.parametrize("content_type", ["application/jsonx", "application/json-seq"])
def test_a_lookalike_json_content_type_is_415_when_cached(content_type: str) -> None:
    api = make_api()
    body = b'{"query": "{ approach { id } }"}'
    assert send_raw(api, body).status_code == 200  # now cached under these bytes
    assert send_raw(api, body, content_type).status_code == 415


# --- locales built for injection ----------------------------------------------------------

HOSTILE_LOCALES = [
    "../../etc/passwd",
    "en%00",
    "en\u0000",
    "en' OR 1=1 --",
    '"; DROP TABLE content; --',
    "<script>alert(1)</script>",
    "x" * 10_000,
    "en\u202e",
    "\u202ene",
    "en/../../",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "en\r\nSet-Cookie: a=b",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "en-XA",  # the pseudo-locale, by name: allowed, but only by name
    "",
    " en",
    "EN",
]


def _locale_id(tag: str) -> str:
    return repr(tag[:24])


@pytest.mark.parametrize("tag", HOSTILE_LOCALES, ids=_locale_id)
def test_hostile_locale_argument(api: Api, tag: str) -> None:
    inline = "{ approach(locale: " + json.dumps(tag) + ") { id title } }"
    by_variable = "query($l: String) { approach(locale: $l) { id title } }"
    for response in (
        send_json(api, {"query": inline}),
        send_json(api, {"query": by_variable, "variables": {"l": tag}}),
    ):
        assert response.status_code < 500, response.text
        body = response.json()
        assert_public(body.get("errors") or [])
        if body.get("errors"):
            assert body["errors"][0]["extensions"]["code"] in ("UNKNOWN_LOCALE", None)
            assert "root:" not in response.text
            assert len(response.content) < 2_000  # the tag is not echoed in full
        else:
            assert body["data"]["approach"]["id"] == "psychodynamic-therapy"


#: the hostile tags an HTTP server would pass on as a header value
HEADER_LOCALES = [t for t in HOSTILE_LOCALES if not {"\r", "\n", "\x00"} & set(t)]


@pytest.mark.parametrize("tag", HEADER_LOCALES, ids=_locale_id)
def test_hostile_accept_language_gets_english(api: Api, tag: str) -> None:
    response = send(
        api,
        json={"query": "{ approach { id title } }"},
        headers={b"accept-language": tag.encode("utf-8")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body
    assert response.headers["content-language"] == "en", tag
    assert body["data"]["approach"]["title"] == "Psychodynamic therapy"


@pytest.mark.parametrize(
    "header",
    [
        "de;q=NaN, fr;q=inf",
        "de;q=-1",
        "de;q=1e999",
        ", , , ,",
        "*;q=1, de;q=0",
        ";;;;q=1",
        ",".join(["zz"] * 5000),
        "de-" + "x" * 5000,
        "de;q=0.5;q=1;" * 100,
    ],
)
def test_malformed_accept_language(api: Api, header: str) -> None:
    response = send(api, json={"query": "{ approach { id } }"}, headers={"accept-language": header})
    assert response.status_code == 200
    assert "errors" not in response.json()
    assert response.headers["content-language"] in ("en", "de", "fr")


# --- search and paging --------------------------------------------------------------------

FTS5 = [
    '"',
    '""',
    '"unterminated',
    "NEAR(",
    "NEAR(a b, -1)",
    "*",
    "a*",
    "^",
    "^a",
    "-",
    "-a",
    ":",
    "title:x",
    "{title}: x",
    "OR AND NOT",
    "NOT",
    "a OR",
    "(",
    ")",
    "((((((((((a",
    "a + b",
    "'",
    "\\",
    "\u0000",
    "a" * 200,
    "🙂",
    "interpretation",
]


@pytest.mark.parametrize("text", FTS5, ids=repr)
def test_search_with_fts5_syntax(api: Api, text: str) -> None:
    response = send_json(
        api,
        {
            "query": "query($q: String!) { search(query: $q) { id type title snippet } }",
            "variables": {"q": text},
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert_public(body.get("errors") or [])
    if "errors" not in body:
        assert isinstance(body["data"]["search"], list)


@pytest.mark.parametrize(
    "query",
    [
        '{ search(query: "a", first: 1000000) { id } }',
        '{ search(query: "a", first: 0) { id } }',
        '{ search(query: "a", first: -1) { id } }',
        '{ search(query: "a", first: 2147483648) { id } }',
        '{ search(query: "a", first: 99999999999999999999) { id } }',
        "{ principles(limit: 1000000) { total } }",
        "{ principles(limit: -1) { total } }",
        "{ principles(limit: 0) { total } }",
        "{ principles(offset: -1) { total } }",
        "{ principles(offset: -2147483648) { total } }",
        "{ glossary(limit: 1.5) { total } }",
        '{ techniques(limit: "10") { total } }',
    ],
)
def test_out_of_range_limits(api: Api, query: str) -> None:
    errors = assert_refused(send_json(api, {"query": query}))
    assert errors


def test_a_huge_offset_is_an_empty_page(api: Api) -> None:
    data = api.data("{ principles(offset: 2147483647) { total items { id } hasMore } }")
    assert data["principles"]["items"] == []
    assert data["principles"]["hasMore"] is False


# --- over real HTTP -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("hostile")) as running:
        yield running


ALIAS_BOMB = "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }"
HTTP_ATTACKS: list[tuple[str, dict[str, Any]]] = [
    ("deep-json", {"content": b"[" * 10_000 + b"]" * 10_000}),
    ("5-mb", {"content": b'{"query": "' + b"x" * 5_000_000 + b'"}'}),
    ("batch", {"json": [{"query": "{ approach { id } }"}] * 1000}),
    ("alias-bomb", {"json": {"query": ALIAS_BOMB}}),
    ("deep-query", {"json": {"query": nested_fields(500)}}),
    ("cyclic", {"json": {"query": CYCLIC}}),
    ("locale", {"json": {"query": '{ approach(locale: "../../etc/passwd") { id } }'}}),
    ("fts5", {"json": {"query": '{ search(query: "NEAR(\\" OR *") { id } }'}}),
    ("limit", {"json": {"query": "{ principles(limit: -1) { total } }"}}),
    ("truncated", {"content": b'{"query": "{ appro'}),
    ("text-plain", {"content": b"{ approach { id } }", "headers": {"content-type": "text/plain"}}),
]


@pytest.mark.slow
def test_hostile_requests_over_real_http(live: Server) -> None:
    statuses: dict[str, int] = {}
    with live.client() as client:
        for name, request in HTTP_ATTACKS:
            kwargs = dict(request)
            headers = {"content-type": "application/json", **kwargs.pop("headers", {})}

            def attack(kwargs: dict[str, Any] = kwargs, headers: Any = headers) -> httpx.Response:
                return client.post("/graphql", headers=headers, **kwargs)

            response, seconds = timed(attack)
            assert seconds < BOUNDED_SECONDS, (name, seconds)
            statuses[name] = response.status_code
        for header in (b"de\xe2\x80\xae", b"../../etc/passwd", b"x" * 8000, b"en' OR 1=1 --"):
            response = client.get(
                "/graphql",
                params={"query": "{ approach { title } }"},
                headers={b"accept-language": header},
            )
            assert response.status_code == 200
            assert response.headers["content-language"] == "en"
            statuses[repr(header[:20])] = response.status_code
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.post("/graphql", json={"query": "{ approach { id } }"}).json() == {
            "data": {"approach": {"id": "psychodynamic-therapy"}}
        }
    assert all(status < 500 for status in statuses.values()), statuses
    assert statuses["5-mb"] == 413
    assert statuses["batch"] == statuses["deep-json"] == statuses["truncated"] == 400
    assert statuses["text-plain"] == 415
    assert "Traceback" not in live.output()
