"""Search that finds what people type: stems, folding, slips, crisis intent, hostile input."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pdcontent
from pdcontent_api import search_text
from pdcontent_api.content_ref import EntryType
from pdcontent_api.search import MAX_QUERY_WORDS, Hit, index_for
from pdcontent_api.search_intent import CRISIS_WORDS, is_crisis_query, region_code
from pdcontent_api.search_snippet import Field, Marks, snippet
from pdcontent_api.search_spelling import speller, within_one_slip
from pdcontent_api.search_text import SNOWBALL, analyzer, fold, language_of

from .conftest import LOCALE_FOLDERS, Api

SEARCH = (
    "query($q: String!, $t: [EntryType!], $l: String, $r: String)"
    " { search(query: $q, types: $t, locale: $l, region: $r, first: 10) { type id snippet score } }"
)


def _ids(hits: list[Hit]) -> list[str]:
    return [f"{h.type.name}:{h.id}" for h in hits]


def _search(query: str, locale: str = "en", **options: Any) -> list[Hit]:
    return index_for(pdcontent.load(locale)).search(query, None, 10, locale=locale, **options)


# --- analysis -----------------------------------------------------------------------------


def test_folding_removes_diacritics_and_case() -> None:
    assert fold("Übertragung") == "ubertragung"
    assert fold("Straße") == "strasse"
    assert fold("Psychothérapie") == "psychotherapie"
    assert fold("Łódź Øre") == "lodz ore"


@pytest.mark.parametrize(
    ("language", "a", "b"),
    [
        ("en", "defences", "defenses"),
        ("en", "behaviour", "behavior"),
        ("en", "mentalisation", "mentalization"),
        ("en", "counselling", "counseling"),
        ("en", "centre", "center"),
        ("de", "Übertragung", "Ubertragung"),
        ("de", "Übertragungen", "Uebertragung"),
        ("es", "transferencias", "transferencia"),
        ("fr", "thérapies", "therapie"),
    ],
)
def test_variants_share_a_key(language: str, a: str, b: str) -> None:
    words = analyzer(language)
    assert set(words.keys_of(a)) & set(words.keys_of(b))


def test_different_words_keep_different_keys() -> None:
    words = analyzer("en")
    assert words.key("supervise") == words.key("supervision")  # the -ise rule spares -vise
    assert words.key("hour") != words.key("her")
    assert words.key("defence") != words.key("fence")


@pytest.mark.parametrize(
    ("locale", "query", "found"),
    [
        ("de", "Ubertragung", "GLOSSARY_TERM:transference"),
        ("de", "Uebertragung", "GLOSSARY_TERM:transference"),
        ("es", "transferencias", "GLOSSARY_TERM:transference"),
        ("en", "defences", "GLOSSARY_TERM:defense-mechanism"),
        ("en", "defenses", "GLOSSARY_TERM:defense-mechanism"),
        ("fr", "therapie en ligne", "GLOSSARY_TERM:teletherapy"),
        ("en-XA", "transference", "GLOSSARY_TERM:transference"),
    ],
)
def test_the_issues_words_find_their_items(locale: str, query: str, found: str) -> None:
    assert found in _ids(_search(query, locale))[:3]


def test_a_hyphenated_name_is_found_written_as_one_word() -> None:
    assert _ids(_search("Onlinetherapie", "de"))[0] == "GLOSSARY_TERM:teletherapy"


def test_talking_therapy_does_not_rank_the_termination_entry_first() -> None:
    hits = _ids(_search("talking therapy"))
    assert hits[0] == "APPROACH:psychodynamic-therapy"
    assert not hits[0].endswith(":termination")


# --- misspellings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [
        ("depression", "depresion", True),
        ("anxiety", "anxeity", True),
        ("therapy", "theraphy", True),
        ("therapy", "therapy", True),
        ("therapy", "thearpyy", False),
        ("trauma", "drama", False),
        ("abc", "abcde", False),
    ],
)
def test_within_one_slip(a: str, b: str, slip: bool) -> None:
    assert within_one_slip(a, b) is slip
    assert within_one_slip(b, a) is slip


def test_speller_prefers_the_frequent_word_and_skips_short_ones() -> None:
    words = speller(["depress", "depress", "digress", "kill", "will"])
    assert words.corrections("depres") == ["depress"]
    assert words.corrections("kil") == []  # too short to guess
    assert words.corrections("depress") == []  # known words are not corrected
    assert words.corrections("9888") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("depresion", "CONDITION:depression"),
        ("anxeity", "CONDITION:anxiety"),
        ("pyschodynamic therapy", "APPROACH:psychodynamic-therapy"),
        ("transferance", "GLOSSARY_TERM:transference"),
    ],
)
def test_a_typing_slip_still_finds_the_item(query: str, found: str) -> None:
    assert found in _ids(_search(query))[:3]


# --- crisis intent ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALE_FOLDERS)
def test_every_shipped_language_has_crisis_words_and_a_stemmer(locale: str) -> None:
    assert language_of(locale) in CRISIS_WORDS
    assert language_of(locale) in SNOWBALL


@pytest.mark.parametrize("locale", [*LOCALE_FOLDERS, "en-XA"])
@pytest.mark.parametrize("language", sorted(CRISIS_WORDS))
def test_every_crisis_word_of_every_language_puts_crisis_lines_first(
    locale: str, language: str
) -> None:
    fallback = "CRISIS_RESOURCE:unknown-region"
    for words in CRISIS_WORDS[language]:
        hits = _ids(_search(words, locale))
        assert hits, (locale, words)
        assert hits[0] == fallback, (locale, words, hits[:3])


@pytest.mark.parametrize(
    ("query", "locale", "region", "first"),
    [
        ("suicide", "en", "US", "us-988-lifeline"),
        ("suicide", "en-GB", None, "gb-samaritans"),
        ("suicide", "en-GB", "IE", "ie-samaritans"),  # the argument wins over the locale
        ("Notruf", "de-AT", None, "at-telefonseelsorge"),
        ("Selbstmord", "de-CH", None, "ch-li-143"),
        ("suicidio", "es-MX", None, "mx-linea-de-la-vida"),
        ("urgence", "fr-BE", None, "be-fr-prevention-suicide"),  # French-language line first
        ("crise", "fr-CA", None, "ca-988"),
        ("emergency", "en", "JP", "unknown-region"),  # no line known: the fallback
        ("emergency", "en", None, "unknown-region"),
    ],
)
def test_crisis_lines_of_the_region_come_first(
    query: str, locale: str, region: str | None, first: str
) -> None:
    hits = _search(query, locale, region=region)
    assert hits[0].id == first
    assert hits[0].type.name == "CRISIS_RESOURCE"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("988", "us-988-lifeline"),
        ("116 123", "gb-samaritans"),
        ("116123", "gb-samaritans"),
        ("0800 111 0 111", "de-telefonseelsorge"),
        ("+49 800 1110111", "de-telefonseelsorge"),
        ("3114", "fr-3114"),
        ("024", "es-024"),
    ],
)
def test_a_phone_number_as_typed_finds_its_line_first(query: str, line: str) -> None:
    hits = _search(query)
    assert hits[0].type.name == "CRISIS_RESOURCE"
    assert hits[0].id == line or hits[1].id == line  # a shared number: either of its lines
    assert line in {h.id for h in hits[:2]}


def test_an_emergency_number_is_crisis_intent() -> None:
    assert _ids(_search("999", "en-GB"))[0] == "CRISIS_RESOURCE:gb-samaritans"
    # 112 is the European line's own number: it comes first, then the region's line
    assert _ids(_search("112", "de-DE"))[:2] == [
        "CRISIS_RESOURCE:eu-112",
        "CRISIS_RESOURCE:de-telefonseelsorge",
    ]


@pytest.mark.parametrize(
    "query",
    ["talking therapy", "counselling", "transference", "termination", "ending therapy"],
)
def test_other_queries_are_not_crisis_intent(query: str) -> None:
    assert not is_crisis_query(query, {"988", "112"})
    assert _search(query)[0].type.name != "CRISIS_RESOURCE"


def test_a_short_number_is_intent_only_as_the_whole_query() -> None:
    assert is_crisis_query("15", {"15"})
    assert not is_crisis_query("15 minutes", {"15"})
    assert is_crisis_query("call 988", {"988"})


def test_a_types_filter_without_crisis_resources_gets_none() -> None:
    index = index_for(pdcontent.load("en"))
    hits = index.search("suicide", {EntryType["GLOSSARY_TERM"]}, 10, region="US")
    assert all(h.type.name == "GLOSSARY_TERM" for h in hits)


def test_the_contract_call_without_keywords_still_works() -> None:
    hits = index_for(pdcontent.load("en")).search("988", None, 3)
    assert len(hits) <= 3
    assert "us-988-lifeline" in {h.id for h in hits}


# --- region argument over GraphQL ----------------------------------------------------------


def test_region_argument_puts_that_countrys_line_first(api: Api) -> None:
    hits = api.data(SEARCH, {"q": "suicide", "r": "GB"})["search"]
    assert (hits[0]["type"], hits[0]["id"]) == ("CRISIS_RESOURCE", "gb-samaritans")
    lower = api.data(SEARCH, {"q": "suicide", "r": "gb"})["search"]
    assert lower == hits


def test_the_locale_region_decides_without_the_argument(api: Api) -> None:
    hits = api.data(SEARCH, {"q": "Notruf", "l": "de-AT"})["search"]
    assert hits[0]["id"] == "at-telefonseelsorge"


def test_the_accept_language_region_decides_without_either(api: Api) -> None:
    response = api.post(SEARCH, {"q": "Selbstmord"}, headers={"Accept-Language": "de-CH"})
    assert response.json()["data"]["search"][0]["id"] == "ch-li-143"


@pytest.mark.parametrize("region", ["XX", "USA", "", "1", "U$", "EU", "ZZ", "é" * 2, "x" * 500])
def test_a_bad_region_is_a_user_error(api: Api, region: str) -> None:
    error = api.error(SEARCH, {"q": "suicide", "r": region})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "region" in error["message"]
    assert len(error["message"]) < 200


@pytest.mark.parametrize(("value", "code"), [("us", "US"), (" DE ", "DE"), ("Li", "LI")])
def test_region_code_normalizes(value: str, code: str) -> None:
    assert region_code(value) == code


# --- snippets --------------------------------------------------------------------------------


def test_snippet_escapes_html_and_marks_by_key() -> None:
    words = analyzer("en")
    text = 'Say <script>alert("x")</script> & your defences'
    field = Field(text, tuple(words.tokens(text)))
    html = snippet([field], Marks(frozenset({words.key("defenses")})))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert html.endswith("your <mark>defences</mark>")


def test_snippet_without_a_match_shows_the_first_words() -> None:
    words = analyzer("en")
    text = " ".join(f"w{i}" for i in range(40))
    html = snippet([Field(text, tuple(words.tokens(text)))], Marks(frozenset({"zzz"})))
    assert html.startswith("w0 w1")
    assert html.endswith("…")
    assert "<mark>" not in html


@pytest.mark.parametrize("locale", LOCALE_FOLDERS)
def test_api_snippets_are_escaped_html_with_marks(api: Api, locale: str) -> None:
    for query in ("therapy", "Therapie", "terapia", "thérapie", "suicide", "112"):
        for hit in api.data(SEARCH, {"q": query, "l": locale})["search"]:
            tags = re.findall(r"<[^>]*>", hit["snippet"])
            assert set(tags) <= {"<mark>", "</mark>"}, hit
            assert hit["snippet"].count("<mark>") == hit["snippet"].count("</mark>")


# --- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    '"',
    '""""',
    'a"b',
    "NEAR(a b)",
    "NEAR",
    "a NEAR b",
    "*",
    "a*",
    "*a",
    "-",
    "-therapy",
    "therapy -insight",
    "^insight",
    "title:insight",
    "{title}: x",
    "AND OR NOT",
    "x" * 5000,
    "therapy " * 2000,
    "a" * 10_000,
    "".join(chr(c) for c in range(32)) * 300,
    "\x00insight\x00",
    "\u202etherapy\u202d",
    "therapy\ud800",
    "😀" * 3000,
    "ā" * 9999,
    "9" * 10_000,
    "1 " * 5000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_end_quickly_without_error(query: str) -> None:
    index = index_for(pdcontent.load("en"))
    started = time.perf_counter()
    hits = index.search(query, None, 50, region="US", locale="en-US")
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, elapsed
    for hit in hits:
        assert set(re.findall(r"<[^>]*>", hit.snippet)) <= {"<mark>", "</mark>"}


def test_only_the_first_words_of_a_query_are_read() -> None:
    many = " ".join(["zzz"] * MAX_QUERY_WORDS + ["insight"])
    assert _search(many) == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_safe_query(query: str) -> None:
    for hit in _search(query, "de"):
        assert hit.snippet
        assert set(re.findall(r"<[^>]*>", hit.snippet)) <= {"<mark>", "</mark>"}


def test_concurrent_searches_answer_as_one_at_a_time() -> None:
    index = index_for(pdcontent.load("fr"))
    queries = ["thérapies", "urgence", "transferts", "reves", "combien de temps", "3114"]
    alone = {q: index.search(q, None, 10, locale="fr-FR") for q in queries}
    search_text.analyzer.cache_clear()  # new words again, so threads stem at the same time

    def run(offset: int) -> list[bool]:
        return [
            index.search(q, None, 10, locale="fr-FR") == alone[q]
            for q in queries[offset:] + queries[:offset]
            for _ in range(10)
        ]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, range(len(queries))))
    assert all(all(r) for r in results)


def test_every_word_keeps_only_entries_with_each_word() -> None:
    index = index_for(pdcontent.load("en"))
    some = index.search("post-traumatic stress", None, 10)
    each = index.search("post-traumatic stress", None, 10, every_word=True)
    assert len(some) > len(each) >= 1
    assert (each[0].type.name, each[0].id) == ("CONDITION", "trauma")
    assert {h.id for h in each} <= {h.id for h in some}
    # forms still count: a stem, a typing slip, the last word's completions
    for query in ("post-traumatic stresses", "post-traumatc stress", "post-traumatic str"):
        found = index.search(query, None, 10, every_word=True)
        assert "trauma" in [h.id for h in found], query
    assert index.search("trauma zzzz", None, 10, every_word=True) == []
