"""The response cache, ETags and cache headers of ``/graphql``.

"Served from the cache" is observed through the cache's counters: every executed request
counts one miss, so a request answered from stored bytes (by the endpoint or by anything
in front of it) leaves ``misses`` unchanged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from graphql import parse

from pdcontent_api.documents import canonical_text
from pdcontent_api.response_cache import CachedResponse, ResponseCache

from .conftest import (
    GRAPHQL_RESPONSE,
    Api,
    CacheState,
    cache_state,
    graphql_get,
    graphql_post,
    make_api,
)

QUERY = "{ approach { id title } }"
STRONG_ETAG = re.compile(r'^"[^"\s]+"$')


@pytest.fixture
def fresh() -> Api:
    """An app of its own, so the cache starts empty and the counters at zero."""
    return make_api()


def post(api: Api, query: str = QUERY, **headers: str) -> httpx.Response:
    return graphql_post(api, {"query": query}, headers=headers)


def get(api: Api, query: str = QUERY, **headers: str) -> httpx.Response:
    return graphql_get(api, query, headers=headers)


def vary(response: httpx.Response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",") if v.strip()}


def delta(api: Api, before: CacheState) -> CacheState:
    now = cache_state(api)
    return CacheState(now.hits - before.hits, now.misses - before.misses, now.size - before.size)


# --- hits and misses ----------------------------------------------------------------------


@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_a_repeated_request_is_served_from_the_cache(
    fresh: Api, send: Callable[..., httpx.Response]
) -> None:
    first = send(fresh)
    assert first.status_code == 200
    assert cache_state(fresh).misses == 1
    assert len(fresh.app.state.graphql.cache) >= 1
    stored = cache_state(fresh)
    for _ in range(3):
        again = send(fresh)
        assert again.status_code == 200
        assert again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
    change = delta(fresh, stored)
    assert (change.misses, change.size) == (0, 0)


def test_the_cache_entry_is_shared_by_both_response_media_types(fresh: Api) -> None:
    plain = post(fresh)
    before = cache_state(fresh)
    typed = post(fresh, accept=GRAPHQL_RESPONSE)
    assert delta(fresh, before).misses == 0
    assert delta(fresh, before).hits == 1  # found by the endpoint under the document's key
    assert typed.content == plain.content
    assert typed.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert plain.headers["content-type"].startswith("application/json")


def test_formatting_differences_share_an_entry_after_the_first_miss(fresh: Api) -> None:
    first = post(fresh, QUERY)
    assert cache_state(fresh).misses == 1
    # commas and whitespace are insignificant in GraphQL: the same document
    reformatted = "query  {\n\tapproach ,, {\n  id , title\n}\n}\n"
    before = cache_state(fresh)
    variant = post(fresh, reformatted)
    assert delta(fresh, before).misses <= 1  # at most the first sight of this spelling
    assert variant.content == first.content
    assert variant.headers["etag"] == first.headers["etag"]
    before = cache_state(fresh)
    assert post(fresh, reformatted).content == first.content
    # the other media type bypasses any byte-level shortcut: the document's key answers
    assert post(fresh, reformatted, accept=GRAPHQL_RESPONSE).content == first.content
    assert delta(fresh, before).misses == 0


def test_the_canonical_spelling_is_the_key_itself(fresh: Api) -> None:
    spelled = "{\n  approach {\n    id,  # a comment\n    title\n  }\n}"
    first = post(fresh, spelled)
    canonical, _ = canonical_text(parse(spelled))
    assert canonical == QUERY != spelled
    before = cache_state(fresh)
    again = post(fresh, canonical)
    assert delta(fresh, before).misses == 0  # no miss, not even the first time
    assert again.content == first.content


def _other_principle(api: Api) -> tuple[str, str]:
    items = api.data("{ principles(limit: 2) { items { id } } }")["principles"]["items"]
    return items[0]["id"], items[1]["id"]


def test_different_requests_get_different_entries(fresh: Api) -> None:
    one, two = _other_principle(fresh)
    by_id = "query($id: ID!) { principle(id: $id) { id title } }"
    two_ops = "query A { approach { id } } query B { approach { title } }"
    requests: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        ("variables", {"query": by_id, "variables": {"id": one}}, {}),
        ("other variables", {"query": by_id, "variables": {"id": two}}, {}),
        ("operation A", {"query": two_ops, "operationName": "A"}, {}),
        ("operation B", {"query": two_ops, "operationName": "B"}, {}),
        ("locale de", {"query": '{ approach(locale: "de") { title } }'}, {}),
        ("locale fr", {"query": '{ approach(locale: "fr") { title } }'}, {}),
        ("no header", {"query": QUERY}, {}),
        ("header de", {"query": QUERY}, {"accept-language": "de"}),
        ("header fr", {"query": QUERY}, {"accept-language": "fr"}),
    ]
    bodies: dict[str, bytes] = {}
    for name, payload, headers in requests:
        before = cache_state(fresh)
        response = graphql_post(fresh, payload, headers=headers)
        assert response.status_code == 200, (name, response.text)
        assert "errors" not in response.json(), (name, response.text)
        assert delta(fresh, before).misses == 1, f"{name} was answered from another entry"
        bodies[name] = response.content
    assert bodies["variables"] != bodies["other variables"]
    assert bodies["operation A"] != bodies["operation B"]
    assert bodies["locale de"] != bodies["locale fr"]
    assert bodies["header de"] != bodies["header fr"] != bodies["no header"]
    # and each is now cached under its own key
    before = cache_state(fresh)
    for name, payload, headers in requests:
        assert graphql_post(fresh, payload, headers=headers).content == bodies[name], name
    assert delta(fresh, before).misses == 0


def test_accept_language_headers_that_resolve_to_one_locale_share_an_entry(fresh: Api) -> None:
    austrian = post(fresh, **{"accept-language": "de-AT"})
    assert cache_state(fresh).misses == 1
    before = cache_state(fresh)
    swiss = post(fresh, **{"accept-language": "de-CH,de;q=0.9"})
    assert delta(fresh, before).misses == 0
    assert swiss.content == austrian.content
    assert swiss.headers["etag"] == austrian.headers["etag"]
    assert swiss.headers["content-language"] == austrian.headers["content-language"] == "de"
    assert "Psychodynamische" in swiss.json()["data"]["approach"]["title"]


ERRORS = [
    pytest.param("{ nope }", id="validation-error"),
    pytest.param('{ approach(locale: "zz") { id } }', id="execution-error"),
    pytest.param('{ approach { id } technique(id: "x", locale: "zz") { id } }', id="partial-data"),
]


@pytest.mark.parametrize("query", ERRORS)
@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_responses_with_errors_are_not_cached(
    fresh: Api, query: str, send: Callable[..., httpx.Response]
) -> None:
    for attempt in range(1, 4):
        response = send(fresh, query)
        assert response.status_code == 200
        assert response.json()["errors"]
        assert cache_state(fresh) == CacheState(hits=0, misses=attempt, size=0)


@pytest.mark.parametrize("query", ERRORS)
def test_errors_are_not_stored_under_the_document_key(fresh: Api, query: str) -> None:
    # the other media type misses any byte-level entry, so the endpoint looks the document
    # up under its normalized key: an error response must not be found there
    assert post(fresh, query).json()["errors"]
    before = cache_state(fresh)
    again = post(fresh, query, accept=GRAPHQL_RESPONSE)
    assert again.json()["errors"]
    assert delta(fresh, before).misses == 1
    assert delta(fresh, before).hits == 0


# --- bounds -------------------------------------------------------------------------------


def test_the_cache_is_bounded() -> None:
    api = make_api(cache_entries=3)
    for limit in range(1, 11):
        assert post(api, f"{{ principles(limit: {limit}) {{ total }} }}").status_code == 200
        assert len(api.app.state.graphql.cache) <= 3
    assert cache_state(api).misses == 10


def test_lru_eviction_order() -> None:
    cache = ResponseCache(3)
    entries = {key: CachedResponse.of(key.encode(), "en") for key in "abcde"}
    for key in "abc":
        cache.put(key, entries[key])
    assert cache.get("a") is entries["a"]  # a is now the most recently used
    cache.put("d", entries["d"])  # evicts b, the least recently used
    assert cache.get("b") is None
    assert [cache.get(k) for k in "acd"] == [entries[k] for k in "acd"]
    cache.put("e", entries["e"])  # a was read before c and d: a goes
    assert cache.get("a") is None
    assert len(cache) == 3
    assert (cache.hits, cache.misses) == (4, 2)


def test_oversized_responses_are_not_stored() -> None:
    cache = ResponseCache(3, max_entry_bytes=10)
    cache.put("big", CachedResponse.of(b"x" * 11, "en"))
    cache.put("small", CachedResponse.of(b"x" * 10, "en"))
    assert cache.get("big") is None
    assert cache.get("small") is not None


def test_cache_entries_0_turns_the_cache_off() -> None:
    api = make_api(cache_entries=0)
    bodies = {post(api).content for _ in range(3)} | {get(api).content for _ in range(2)}
    assert len(bodies) == 1
    assert cache_state(api) == CacheState(hits=0, misses=5, size=0)


def test_the_cache_is_thread_safe_and_keeps_its_bound() -> None:
    cache = ResponseCache(4)
    entries = [CachedResponse.of(str(i).encode(), "en") for i in range(32)]
    rounds = 2000
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []
    oversize: list[int] = []

    def hammer(seed: int) -> None:
        try:
            barrier.wait()
            for i in range(rounds):
                key = (seed * 7 + i) % len(entries)
                if cache.get(key) is None:
                    cache.put(key, entries[key])
                if len(cache) > 4:
                    oversize.append(len(cache))
        except BaseException as exc:  # any exception in a worker fails the test
            failures.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert oversize == []
    assert len(cache) <= 4
    assert cache.hits + cache.misses == 8 * rounds
    for key in range(len(entries)):
        found = cache.get(key)
        assert found is None or found is entries[key]


# --- ETag and conditional requests --------------------------------------------------------


@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_the_etag_is_strong_and_follows_the_body(
    fresh: Api, send: Callable[..., httpx.Response]
) -> None:
    first = send(fresh)
    cached = send(fresh)
    etag = first.headers["etag"]
    assert STRONG_ETAG.match(etag), etag
    assert not etag.startswith("W/")
    assert cached.headers["etag"] == etag
    # another app computes the same ETag for the same bytes
    assert send(make_api()).headers["etag"] == etag
    other = send(fresh, "{ approach { id } }")
    assert other.content != first.content
    assert other.headers["etag"] != etag
    german = send(fresh, **{"accept-language": "de"})
    assert german.content != first.content
    assert german.headers["etag"] != etag


@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_if_none_match_gives_304(fresh: Api, send: Callable[..., httpx.Response]) -> None:
    etag = send(make_api()).headers["etag"]
    # on a cold cache (the tag came from elsewhere), then on a warm one
    for _ in range(2):
        response = send(fresh, **{"if-none-match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert "accept-language" in vary(response)
    unchanged = send(fresh, **{"if-none-match": '"not-the-etag"'})
    assert unchanged.status_code == 200
    assert unchanged.headers["etag"] == etag
    assert unchanged.json()["data"]["approach"]["id"] == "psychodynamic-therapy"
    assert send(fresh, **{"if-none-match": "*"}).status_code == 304


@pytest.mark.parametrize(
    "form",
    ["W/{}", '"other", {}', '"a",W/{} , "b"', '"other", W/"other"'],
    ids=["weak", "list", "list-with-weak", "no-match"],
)
def test_if_none_match_uses_weak_comparison_and_lists(fresh: Api, form: str) -> None:
    # RFC 9110 13.1.2: If-None-Match compares weakly and may list several tags; a proxy
    # that compresses responses turns a strong ETag into a weak one
    etag = get(fresh).headers["etag"]
    header = {"if-none-match": form.format(etag)}
    expected = 200 if form.endswith('W/"other"') else 304
    for api in (fresh, make_api()):  # a warm cache, then a cold one
        response = get(api, **header)
        assert response.status_code == expected
        assert response.headers["etag"] == etag


def test_if_none_match_for_another_locale_is_200(fresh: Api) -> None:
    english = get(fresh).headers["etag"]
    german = get(fresh, **{"if-none-match": english, "accept-language": "de"})
    assert german.status_code == 200
    assert german.headers["content-language"] == "de"


# --- Cache-Control, Vary, Content-Language ------------------------------------------------


def test_get_is_publicly_cacheable_for_300_seconds_by_default(fresh: Api) -> None:
    for _ in range(2):  # executed, then from the cache
        assert get(fresh).headers["cache-control"] == "public, max-age=300"


def test_cache_max_age_is_configurable() -> None:
    api = make_api(cache_max_age=60)
    for _ in range(2):
        assert get(api).headers["cache-control"] == "public, max-age=60"


def test_post_is_not_publicly_cacheable(fresh: Api) -> None:
    for _ in range(2):
        response = post(fresh)
        assert response.status_code == 200
        assert "public" not in response.headers.get("cache-control", "")
        assert "max-age" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_vary_includes_accept_language(fresh: Api, send: Callable[..., httpx.Response]) -> None:
    for headers in ({}, {"accept-language": "fr"}, {}, {"accept-language": "fr"}):
        response = send(fresh, **headers)
        assert "accept-language" in vary(response), response.headers


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [
        (QUERY, {}, "en"),
        (QUERY, {"accept-language": "de"}, "de"),
        (QUERY, {"accept-language": "xx, fr;q=0.5"}, "fr"),
        (QUERY, {"accept-language": "tlh"}, "en"),
        ('{ approach(locale: "es") { title } }', {}, "es"),
        ('{ approach(locale: "es") { title } }', {"accept-language": "de"}, "es"),
    ],
)
@pytest.mark.parametrize("send", [post, get], ids=["POST", "GET"])
def test_content_language_on_uncached_and_cached_responses(
    fresh: Api,
    send: Callable[..., httpx.Response],
    query: str,
    headers: dict[str, str],
    language: str,
) -> None:
    first = send(fresh, query, **headers)
    before = cache_state(fresh)
    cached = send(fresh, query, **headers)
    assert delta(fresh, before).misses == 0
    assert first.headers["content-language"] == language
    assert cached.headers["content-language"] == language


def test_sharing_survives_many_distinct_documents() -> None:
    api = make_api(cache_entries=3)
    for limit in range(1, 21):  # more distinct documents than 4 * cache_entries
        post(api, f"{{ principles(limit: {limit}) {{ total }} }}")
    first = post(api)
    before = cache_state(api)
    again = post(api, accept=GRAPHQL_RESPONSE)  # the same document, found by its key
    assert again.content == first.content
    assert delta(api, before).misses == 0
