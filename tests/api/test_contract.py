"""The public GraphQL contract: every root field, its values, relations, pages and errors.

Expected values come from ``pdcontent.load("en")``, the same content the API serves, so
these tests check the API's mapping rather than restating the content.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import pdcontent
from pdcontent.content import Content
from pdcontent.models import KINDS, RELATIONS, Kind, Relation

from .conftest import BY_ID, LOCALE_FOLDERS, PAGED, Api, camel, ids

# --- every root field answers -------------------------------------------------------------

ROOT_QUERIES: dict[str, str] = {
    "approach": "{ approach { id title } }",
    "principles": "{ principles { total items { id } } }",
    "principle": '{ principle(id: "defenses") { id } }',
    "techniques": "{ techniques { total items { id } } }",
    "technique": '{ technique(id: "interpretation") { id } }',
    "conditions": "{ conditions { total items { id } } }",
    "condition": '{ condition(id: "depression") { id } }',
    "sessionGuide": "{ sessionGuide { id } }",
    "phases": "{ phases { total items { id } } }",
    "phase": '{ phase(id: "initial") { id } }',
    "courseLength": "{ courseLength { id } }",
    "qualifications": "{ qualifications { total items { id } } }",
    "considerations": "{ considerations { total items { id } } }",
    "glossary": "{ glossary { total items { id } } }",
    "glossaryTerm": '{ glossaryTerm(id: "insight") { id } }',
    "qualification": '{ qualification(id: "licensure") { id } }',
    "consideration": '{ consideration(id: "goals") { id } }',
    "references": "{ references { total items { id } } }",
    "reference": '{ reference(id: "shedler-2010") { id } }',
    "crisisResources": '{ crisisResources(region: "US") { total items { id } } }',
    "crisisResource": '{ crisisResource(id: "unknown-region") { id } }',
    "locales": "{ locales { code } }",
    "contentInfo": "{ contentInfo { contentVersion } }",
    "search": '{ search(query: "insight", types: [GLOSSARY_TERM], first: 3) { id } }',
}


def test_the_root_query_list_covers_every_root_field(api: Api) -> None:
    data = api.data("{ __schema { queryType { fields { name } } } }")
    names = {f["name"] for f in data["__schema"]["queryType"]["fields"]}
    assert names == set(ROOT_QUERIES)


@pytest.mark.parametrize("field", sorted(ROOT_QUERIES))
def test_every_root_field_answers(api: Api, field: str) -> None:
    data = api.data(ROOT_QUERIES[field])
    assert data[field], data


# --- values against the loaded content ----------------------------------------------------


@pytest.mark.parametrize("field", sorted(PAGED))
def test_list_fields_return_the_whole_collection_in_order(
    api: Api, content: Content, field: str
) -> None:
    collection = getattr(content, PAGED[field])
    page = api.data(
        f"{{ {field}(limit: 100) {{ total offset limit hasMore items {{ id title }} }} }}"
    )[field]
    assert page["total"] == len(collection) > 0
    assert (page["offset"], page["limit"], page["hasMore"]) == (0, 100, False)
    assert ids(page["items"]) == list(collection.ids())
    assert [i["title"] for i in page["items"]] == [item.title for item in collection]


@pytest.mark.parametrize("field", sorted(PAGED))
def test_list_fields_default_to_fifty_from_the_start(api: Api, field: str) -> None:
    page = api.data(f"{{ {field} {{ offset limit }} }}")[field]
    assert page == {"offset": 0, "limit": 50}


def test_collection_sizes(api: Api) -> None:
    data = api.data(
        "{ principles { total } techniques { total } conditions { total } phases { total }"
        " qualifications { total } considerations { total } glossary { total }"
        " references { total } crisisResources { total } }"
    )
    totals = {name: page["total"] for name, page in data.items()}
    assert totals == {
        "principles": 6,
        "techniques": 6,
        "conditions": 6,
        "phases": 4,
        "qualifications": 6,
        "considerations": 6,
        "glossary": 23,
        "references": 12,
        "crisisResources": 14,
    }


@pytest.mark.parametrize("field", sorted(BY_ID))
def test_lookup_by_id_finds_every_item(api: Api, content: Content, field: str) -> None:
    for item in getattr(content, BY_ID[field]):
        got = api.data(
            f"query($id: ID!) {{ {field}(id: $id) {{ id title summary locale }} }}", {"id": item.id}
        )[field]
        assert got == {"id": item.id, "title": item.title, "summary": item.summary, "locale": "en"}


@pytest.mark.parametrize("field", sorted(BY_ID))
@pytest.mark.parametrize("unknown", ["no-such-id", "", "DEFENSES", "../principles", "x" * 500])
def test_lookup_of_an_unknown_id_is_null(api: Api, field: str, unknown: str) -> None:
    assert api.data(f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", {"id": unknown}) == {
        field: None
    }


def test_approach(api: Api, content: Content) -> None:
    got = api.data(
        "{ approach { id title summary aims locale body"
        " relatedApproaches { id title abbreviation summary locale } terms { id } } }"
    )["approach"]
    model = content.approach
    assert got["id"] == model.id == "psychodynamic-therapy"
    assert got["title"] == model.title
    assert got["summary"] == model.summary
    assert got["aims"] == list(model.aims)
    assert got["locale"] == "en"
    assert got["body"] == model.body
    assert got["terms"] == [{"id": t} for t in model.terms]
    assert [(r["id"], r["abbreviation"]) for r in got["relatedApproaches"]] == [
        ("transference-focused-psychotherapy", "TFP"),
        ("mentalization-based-treatment", "MBT"),
    ]
    assert all(r["locale"] == "en" for r in got["relatedApproaches"])


def test_session_guide_has_typed_numbers(api: Api, content: Content) -> None:
    got = api.data(
        "{ sessionGuide { id title frequency minutes { min max } ifOverwhelmed"
        " expectations { id title summary locale } locale } }"
    )["sessionGuide"]
    model = content.session_guide
    assert got["frequency"] == "WEEKLY"
    assert got["minutes"] == {"min": 45, "max": 50}
    assert isinstance(got["minutes"]["min"], int)
    assert got["ifOverwhelmed"] == model.if_overwhelmed
    assert ids(got["expectations"]) == list(model.expectations.ids())
    assert [e["title"] for e in got["expectations"]] == [e.title for e in model.expectations]
    assert got["locale"] == "en"


def test_course_length_has_typed_numbers(api: Api, content: Content) -> None:
    got = api.data(
        "{ courseLength { id shortTermSessions { min max } shortTermSummary"
        " longTermSpan { minUnit maxUnit } longTermSummary } }"
    )["courseLength"]
    model = content.course_length
    assert got["shortTermSessions"] == {"min": 12, "max": 20}
    assert got["longTermSpan"] == {"minUnit": "MONTHS", "maxUnit": "YEARS"}
    assert got["shortTermSummary"] == model.short_term_summary
    assert got["longTermSummary"] == model.long_term_summary


def test_phases_have_order_and_optional_subtitle(api: Api, content: Content) -> None:
    got = api.data("{ phases { items { id order subtitle } } }")["phases"]["items"]
    assert got == [{"id": p.id, "order": p.order, "subtitle": p.subtitle} for p in content.phases]
    assert [p["order"] for p in got] == [1, 2, 3, 4]
    assert got[0]["subtitle"] is None


def test_conditions_fields(api: Api, content: Content) -> None:
    got = api.data("{ conditions { items { id evidenceNote caveats } } }")["conditions"]["items"]
    assert got == [
        {"id": c.id, "evidenceNote": c.evidence_note, "caveats": list(c.caveats)}
        for c in content.conditions
    ]


def test_qualifications_and_considerations(api: Api, content: Content) -> None:
    data = api.data(
        "{ qualifications { items { id askYourself askYourTherapist"
        " licenceKinds { id title summary } } }"
        " considerations { items { id askYourself askYourTherapist } } }"
    )
    quals = data["qualifications"]["items"]
    for got, model in zip(quals, content.qualifications, strict=True):
        assert got["askYourTherapist"] == list(model.ask_your_therapist)
        assert got["askYourself"] == list(model.ask_yourself)
    # every qualification question is one to put to a therapist
    assert all(q["askYourTherapist"] and not q["askYourself"] for q in quals)
    assert [ids(q["licenceKinds"]) for q in quals] == [
        list(q.licence_kinds.ids()) for q in content.qualifications
    ]
    assert ids(quals[0]["licenceKinds"]) == [
        "licensed-psychologist",
        "licensed-clinical-social-worker",
        "licensed-professional-counselor",
        "psychiatrist",
    ]
    cons = data["considerations"]["items"]
    for got, consideration in zip(cons, content.considerations, strict=True):
        assert got["askYourself"] == list(consideration.ask_yourself)
        assert got["askYourTherapist"] == list(consideration.ask_your_therapist)
    cost = next(c for c in cons if c["id"] == "cost-and-access")
    assert cost["askYourTherapist"] == ["Do you offer sliding-scale fees or a reduced schedule?"]
    # a question to a therapist speaks to them; one to yourself does not
    for item in cons:
        assert all(
            " you " in f" {q} " or q.startswith("How do you") for q in item["askYourTherapist"]
        )


def test_references_have_doi_and_url(api: Api, content: Content) -> None:
    got = api.data(
        "{ references { items { id title summary citation authors journal year doi url } } }"
    )["references"]["items"]
    for item, model in zip(got, content.references, strict=True):
        assert item["id"] == model.id
        assert item["doi"] == model.doi
        assert re.fullmatch(r"10\.\d{4,9}/\S+", item["doi"])
        assert item["url"] == f"https://doi.org/{model.doi}"
        assert isinstance(item["year"], int)
        assert item["year"] == model.year
        assert (item["citation"], item["authors"], item["journal"]) == (
            model.citation,
            model.authors,
            model.journal,
        )


def test_content_info(api: Api, content: Content) -> None:
    got = api.data(
        "{ contentInfo { packageVersion title contentVersion licence source disclaimer"
        " urgentHelp locale review { status reviewers { name } lastUpdated process locale } } }"
    )["contentInfo"]
    meta = content.metadata
    assert got["packageVersion"] == pdcontent.__version__
    assert got["contentVersion"] == meta.content_version == pdcontent.CONTENT_VERSION
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", got["contentVersion"])
    assert got["licence"] == meta.licence == "CC-BY-4.0"
    assert (got["title"], got["source"], got["disclaimer"], got["urgentHelp"]) == (
        meta.title,
        meta.source,
        meta.disclaimer,
        meta.urgent_help,
    )
    assert got["locale"] == "en"
    review = got["review"]
    assert review["status"] == "not-clinically-reviewed"
    assert review["reviewers"] == []
    assert review["lastUpdated"] == meta.review.last_updated.isoformat()
    assert review["process"] == meta.review.process


def test_locales(api: Api) -> None:
    got = api.data("{ locales { code englishName nativeName direction } }")["locales"]
    codes = [loc["code"] for loc in got]
    assert codes[0] == "en"
    assert set(LOCALE_FOLDERS) <= set(codes)
    assert len(codes) == len(set(codes))
    assert got[0] == {
        "code": "en",
        "englishName": "English",
        "nativeName": "English",
        "direction": "ltr",
    }
    assert all(loc["direction"] in ("ltr", "rtl") for loc in got)
    assert all(loc["englishName"] and loc["nativeName"] for loc in got)


def test_locale_field_is_en_everywhere(api: Api) -> None:
    data = api.data(
        "{ approach { locale } principles(limit: 1) { items { locale } }"
        " techniques(limit: 1) { items { locale } } conditions(limit: 1) { items { locale } }"
        " sessionGuide { locale expectations { locale } } phases(limit: 1) { items { locale } }"
        " courseLength { locale } qualifications(limit: 1) { items { locale } }"
        " glossary(limit: 1) { items { locale } } references(limit: 1) { items { locale } }"
        " crisisResources(limit: 1) { items { locale } } contentInfo { locale } }"
    )
    found = re.findall(r"'locale': '([^']*)'", str(data))
    assert len(found) >= 13
    assert set(found) == {"en"}


def test_locale_tag_is_matched_case_insensitively(api: Api) -> None:
    assert api.data('{ approach(locale: "EN") { locale } }') == {"approach": {"locale": "en"}}


@pytest.mark.parametrize("tag", LOCALE_FOLDERS)
def test_every_advertised_locale_can_be_served(api: Api, tag: str) -> None:
    got = api.data(
        "query($l: String) { approach(locale: $l) { id locale title }"
        " principles(locale: $l) { total items { id locale } } }",
        {"l": tag},
    )
    assert got["approach"]["id"] == "psychodynamic-therapy"
    assert got["approach"]["locale"] == tag
    assert got["approach"]["title"]
    assert got["principles"]["total"] == 6
    assert {p["locale"] for p in got["principles"]["items"]} == {tag}


@pytest.mark.parametrize(
    ("requested", "served"), [("de-AT", "de"), ("es-MX", "es"), ("fr-CA", "fr")]
)
def test_regional_tags_fall_back_to_their_language(api: Api, requested: str, served: str) -> None:
    got = api.data("query($l: String) { approach(locale: $l) { locale } }", {"l": requested})
    assert got["approach"]["locale"] == served


# --- rich text formats --------------------------------------------------------------------

BODY_QUERIES: dict[str, tuple[str, str]] = {
    # name: (query selecting the body of one item as `x`, content path to its model)
    "approach": ("{ x: approach { %s } }", "approach"),
    "relatedApproach": ("{ a: approach { x: relatedApproaches { %s } } }", "related_approaches.0"),
    "principle": ('{ x: principle(id: "defenses") { %s } }', "principles.defenses"),
    "technique": ('{ x: technique(id: "interpretation") { %s } }', "techniques.interpretation"),
    "condition": ('{ x: condition(id: "depression") { %s } }', "conditions.depression"),
    "sessionGuide": ("{ x: sessionGuide { %s } }", "session_guide"),
    "phase": ('{ x: phase(id: "exploration") { %s } }', "phases.exploration"),
    "courseLength": ("{ x: courseLength { %s } }", "course_length"),
    "qualification": ("{ q: qualifications(limit: 1) { x: items { %s } } }", "qualifications.0"),
    "consideration": ("{ c: considerations(limit: 1) { x: items { %s } } }", "considerations.0"),
    "glossaryTerm": ('{ x: glossaryTerm(id: "insight") { %s } }', "glossary.insight"),
}


def _model(content: Content, path: str) -> Any:
    first, *rest = path.split(".")
    value: Any = getattr(content, first)
    for part in rest:
        value = value[int(part)] if part.isdigit() else value.lookup(part)
    return value


def _select(data: dict[str, Any]) -> Any:
    """Dig out the aliased ``x`` value (the first item when it is a list)."""
    while "x" not in data:
        (data,) = data.values()
    value = data["x"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("kind", sorted(BODY_QUERIES))
def test_body_formats(api: Api, content: Content, kind: str) -> None:
    query, path = BODY_QUERIES[kind]
    body = _model(content, path).body
    selection = (
        "default: body markdown: body(format: MARKDOWN) html: body(format: HTML)"
        " plain: body(format: PLAIN)"
    )
    got = _select(api.data(query % selection))
    assert got["default"] == got["markdown"] == body
    html, plain = got["html"], got["plain"]
    assert html.startswith("<")
    assert html.endswith(">")
    assert "<p>" in html
    assert "**" not in html
    assert "<" not in plain
    assert "**" not in plain
    assert plain.strip() == plain
    # the words survive every format
    first_word = re.findall(r"[A-Za-z]{4,}", body)[0]
    assert first_word in html
    assert first_word in plain


def test_markdown_emphasis_becomes_html_and_plain(api: Api) -> None:
    got = api.data("{ approach { md: body html: body(format: HTML) plain: body(format: PLAIN) } }")[
        "approach"
    ]
    assert "[psychoanalytic theory](term:psychoanalytic-theory)" in got["md"]
    assert (
        '<a href="#term-psychoanalytic-theory" data-term="psychoanalytic-theory"'
        ' rel="noopener noreferrer">psychoanalytic theory</a>'
    ) in got["html"]
    assert "psychoanalytic theory" in got["plain"]
    assert "term:" not in got["plain"]
    assert "](" not in got["plain"]
    # paragraphs are separated by one blank line, and lines inside them are joined
    assert "\n\n" in got["plain"]
    assert "\n\n\n" not in got["plain"]


def test_an_unknown_format_is_a_validation_error(api: Api) -> None:
    error = api.error("{ approach { body(format: RTF) } }")
    assert "TextFormat" in error["message"]


# --- relations, both directions -----------------------------------------------------------

GRAPH = """
{
  techniques(limit: 100) { items {
    id principles { id } phases { id } conditions { id } terms { id } } }
  principles(limit: 100) { items { id techniques { id } terms { id } } }
  phases(limit: 100) { items { id techniques { id } terms { id } } }
  conditions(limit: 100) { items {
    id techniques { id } relatedApproaches { id } evidence { id doi url } terms { id } } }
  approach { id terms { id }
    relatedApproaches { id conditions { id } evidence { id doi url } terms { id } } }
  references(limit: 100) { items { id conditions { id } relatedApproaches { id } } }
  glossary(limit: 100) { items { id seeAlso { id } seeAlsoOf { id } usedBy { type id title } } }
  sessionGuide { id terms { id } }
  courseLength { id terms { id } }
  qualifications(limit: 100) { items { id terms { id } } }
  considerations(limit: 100) { items { id terms { id } } }
}
"""


@pytest.fixture(scope="module")
def graph(api: Api) -> dict[str, Any]:
    """Every relation of the content, in one query."""
    data = api.data(GRAPH)
    out: dict[str, Any] = {}
    for name, value in data.items():
        out[name] = value["items"] if isinstance(value, dict) and "items" in value else value
    return out


def _pairs(items: list[dict[str, Any]], relation: str, flip: bool = False) -> set[tuple[str, str]]:
    pairs = {(item["id"], other["id"]) for item in items for other in item[relation]}
    return {(b, a) for a, b in pairs} if flip else pairs


def test_technique_principles_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["techniques"]:
        assert ids(item["principles"]) == list(content.techniques.lookup(item["id"]).principles)
    for item in graph["principles"]:
        principle = content.principles.lookup(item["id"])
        assert ids(item["techniques"]) == list(content.principle_techniques(principle).ids())
    forward = _pairs(graph["techniques"], "principles")
    assert forward
    assert forward == _pairs(graph["principles"], "techniques", flip=True)


def test_technique_phases_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["techniques"]:
        assert set(ids(item["phases"])) == set(content.techniques.lookup(item["id"]).phases)
    for item in graph["phases"]:
        phase = content.phases.lookup(item["id"])
        assert ids(item["techniques"]) == [t.id for t in content.referrers(phase, "phases")]
    forward = _pairs(graph["techniques"], "phases")
    assert forward
    assert forward == _pairs(graph["phases"], "techniques", flip=True)


def test_condition_techniques_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["conditions"]:
        assert ids(item["techniques"]) == list(content.conditions.lookup(item["id"]).techniques)
    for item in graph["techniques"]:
        technique = content.techniques.lookup(item["id"])
        assert ids(item["conditions"]) == [c.id for c in content.referrers(technique, "techniques")]
    forward = _pairs(graph["conditions"], "techniques")
    assert forward
    assert forward == _pairs(graph["techniques"], "conditions", flip=True)


def test_condition_related_approaches_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["conditions"]:
        expected = content.conditions.lookup(item["id"]).related_approaches
        assert ids(item["relatedApproaches"]) == list(expected)
    related = graph["approach"]["relatedApproaches"]
    forward = _pairs(graph["conditions"], "relatedApproaches")
    assert forward == {
        ("personality-difficulties", "transference-focused-psychotherapy"),
        ("personality-difficulties", "mentalization-based-treatment"),
    }
    assert forward == _pairs(related, "conditions", flip=True)


def test_evidence_and_citing_conditions_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["conditions"]:
        assert ids(item["evidence"]) == list(content.conditions.lookup(item["id"]).evidence)
        for ref in item["evidence"]:
            assert ref["url"] == f"https://doi.org/{ref['doi']}"
            assert ref["doi"] == content.references.lookup(ref["id"]).doi
    forward = _pairs(graph["conditions"], "evidence")
    assert forward
    assert forward == _pairs(graph["references"], "conditions", flip=True)


def test_related_approach_evidence_both_ways(graph: dict[str, Any]) -> None:
    related = graph["approach"]["relatedApproaches"]
    for item in related:
        for ref in item["evidence"]:
            assert ref["url"] == f"https://doi.org/{ref['doi']}"
    forward = _pairs(related, "evidence")
    assert ("transference-focused-psychotherapy", "clarkin-2007-tfp") in forward
    assert forward == _pairs(graph["references"], "relatedApproaches", flip=True)


def test_every_reference_is_cited(graph: dict[str, Any]) -> None:
    for ref in graph["references"]:
        assert ref["conditions"] or ref["relatedApproaches"], ref["id"]


def test_glossary_see_also_both_ways(graph: dict[str, Any], content: Content) -> None:
    for item in graph["glossary"]:
        assert ids(item["seeAlso"]) == list(content.glossary.lookup(item["id"]).see_also)
    forward = _pairs(graph["glossary"], "seeAlso")
    assert forward
    assert forward == _pairs(graph["glossary"], "seeAlsoOf", flip=True)


def test_terms_and_used_by_both_ways(graph: dict[str, Any], content: Content) -> None:
    kinds = {
        "APPROACH": [graph["approach"]],
        "RELATED_APPROACH": graph["approach"]["relatedApproaches"],
        "PRINCIPLE": graph["principles"],
        "TECHNIQUE": graph["techniques"],
        "CONDITION": graph["conditions"],
        "SESSION_GUIDE": [graph["sessionGuide"]],
        "PHASE": graph["phases"],
        "COURSE_LENGTH": [graph["courseLength"]],
        "QUALIFICATION": graph["qualifications"],
        "CONSIDERATION": graph["considerations"],
    }
    forward = {
        (kind, item["id"], term["id"])
        for kind, items in kinds.items()
        for item in items
        for term in item["terms"]
    }
    backward = {
        (user["type"], user["id"], term["id"])
        for term in graph["glossary"]
        for user in term["usedBy"]
    }
    assert len(forward) > 20
    assert forward == backward
    for entry in content.entries():
        for term in entry.terms:
            assert any(e == entry.id and t == term for _, e, t in forward)
    titles = {(u["id"], u["title"]) for term in graph["glossary"] for u in term["usedBy"]}
    assert ("psychodynamic-therapy", "Psychodynamic therapy") in titles


# --- pagination ---------------------------------------------------------------------------

PAGE = (
    "query($l: Int!, $o: Int!)"
    " { %s(limit: $l, offset: $o) { total offset limit hasMore items { id } } }"
)


def _page(api: Api, field: str, limit: int, offset: int) -> dict[str, Any]:
    page: dict[str, Any] = api.data(PAGE % field, {"l": limit, "o": offset})[field]
    return page


@pytest.mark.parametrize("field", sorted(PAGED))
def test_page_of_one(api: Api, content: Content, field: str) -> None:
    collection = getattr(content, PAGED[field])
    page = _page(api, field, 1, 0)
    assert page == {
        "total": len(collection),
        "offset": 0,
        "limit": 1,
        "hasMore": len(collection) > 1,
        "items": [{"id": collection[0].id}],
    }
    last = _page(api, field, 1, len(collection) - 1)
    assert last["items"] == [{"id": collection[-1].id}]
    assert last["hasMore"] is False


@pytest.mark.parametrize("field", sorted(PAGED))
@pytest.mark.parametrize("beyond", [0, 1, 1000, 2**31 - 1])
def test_offset_at_or_beyond_the_end_is_empty(
    api: Api, content: Content, field: str, beyond: int
) -> None:
    total = len(getattr(content, PAGED[field]))
    page = _page(api, field, 10, min(total + beyond, 2**31 - 1))
    assert page["items"] == []
    assert page["hasMore"] is False
    assert page["total"] == total


def test_walking_pages_yields_every_item_once(api: Api, content: Content) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = _page(api, "glossary", 4, offset)
        seen += ids(page["items"])
        offset += len(page["items"])
        if not page["hasMore"]:
            break
        assert len(page["items"]) == 4
    assert seen == list(content.glossary.ids())


@pytest.mark.parametrize("field", sorted(PAGED))
@pytest.mark.parametrize(
    ("limit", "offset", "fragment"),
    [(0, 0, "limit"), (101, 0, "limit"), (-1, 0, "limit"), (10, -1, "offset")],
)
def test_bad_page_arguments_are_user_errors(
    api: Api, field: str, limit: int, offset: int, fragment: str
) -> None:
    body = api.result(PAGE % field, {"l": limit, "o": offset})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert fragment in error["message"]
    assert error["path"] == [field]


def test_limit_100_is_allowed(api: Api) -> None:
    assert _page(api, "glossary", 100, 0)["limit"] == 100


def test_a_non_integer_limit_is_a_validation_error(api: Api) -> None:
    error = api.error('{ principles(limit: "5") { total } }')
    assert "Int" in error["message"]
    error = api.error("{ principles(limit: 99999999999) { total } }")
    assert "Int" in error["message"]


# --- filters ------------------------------------------------------------------------------


def test_techniques_by_phase(api: Api, content: Content) -> None:
    for phase in content.phases:
        page = api.data(
            "query($p: ID) { techniques(phase: $p) { total items { id phases { id } } } }",
            {"p": phase.id},
        )["techniques"]
        expected = [t.id for t in content.techniques if phase.id in t.phases]
        assert expected
        assert ids(page["items"]) == expected
        assert page["total"] == len(expected)
        assert all(phase.id in ids(t["phases"]) for t in page["items"])


def test_techniques_by_principle(api: Api, content: Content) -> None:
    for principle in content.principles:
        page = api.data(
            "query($p: ID) { techniques(principle: $p) { total items { id } } }",
            {"p": principle.id},
        )["techniques"]
        expected = [t.id for t in content.techniques if principle.id in t.principles]
        assert ids(page["items"]) == expected
        assert page["total"] == len(expected)


def test_techniques_by_phase_and_principle(api: Api, content: Content) -> None:
    page = api.data(
        '{ techniques(phase: "exploration", principle: "unconscious-processes") { items { id } } }'
    )["techniques"]
    expected = [
        t.id
        for t in content.techniques
        if "exploration" in t.phases and "unconscious-processes" in t.principles
    ]
    assert ids(page["items"]) == expected
    assert len(expected) >= 2


def test_conditions_by_related_approach(api: Api, content: Content) -> None:
    for related in content.related_approaches:
        page = api.data(
            "query($r: ID) { conditions(relatedApproach: $r) { total items { id } } }",
            {"r": related.id},
        )["conditions"]
        assert ids(page["items"]) == ["personality-difficulties"]
        assert page["total"] == 1


def test_conditions_by_technique(api: Api, content: Content) -> None:
    found = 0
    for technique in content.techniques:
        page = api.data(
            "query($t: ID) { conditions(technique: $t) { total items { id } } }",
            {"t": technique.id},
        )["conditions"]
        expected = [c.id for c in content.conditions if technique.id in c.techniques]
        assert ids(page["items"]) == expected
        assert page["total"] == len(expected)
        found += len(expected)
    assert found == sum(len(c.techniques) for c in content.conditions)


def test_filters_with_unknown_ids_are_empty(api: Api) -> None:
    data = api.data(
        '{ a: techniques(phase: "nope") { total items { id } hasMore }'
        ' b: techniques(principle: "nope") { total items { id } hasMore }'
        ' c: conditions(relatedApproach: "nope") { total items { id } hasMore }'
        ' d: conditions(technique: "nope") { total items { id } hasMore } }'
    )
    for page in data.values():
        assert page == {"total": 0, "items": [], "hasMore": False}


def test_filters_paginate(api: Api) -> None:
    page = api.data(
        '{ techniques(phase: "exploration", limit: 2, offset: 1)'
        " { total offset hasMore items { id } } }"
    )["techniques"]
    assert page["total"] == 5
    assert page["offset"] == 1
    assert page["hasMore"] is True
    assert ids(page["items"]) == ["dream-analysis", "early-relationships"]


# --- search -------------------------------------------------------------------------------

SEARCH = (
    "query($q: String!, $t: [EntryType!], $f: Int! = 10, $l: String)"
    " { search(query: $q, types: $t, first: $f, locale: $l) { type id title snippet score } }"
)

#: EntryType name -> the kind, for every searchable kind of the registry
SEARCHABLE: dict[str, Kind] = {kind.entry_type: kind for kind in KINDS if kind.searchable}


def _search(api: Api, query: str, **variables: Any) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = api.data(SEARCH, {"q": query, **variables})["search"]
    return hits


def test_search_is_ranked_and_highlighted(api: Api, content: Content) -> None:
    hits = _search(api, "insight")
    assert 1 < len(hits) <= 10
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0]["title"].lower() == "insight"
    assert (hits[0]["type"], hits[0]["id"]) == ("GLOSSARY_TERM", "insight")
    for hit in hits:
        assert "<mark>" in hit["snippet"]
        assert "</mark>" in hit["snippet"]
        assert re.search(r"<mark>insight", hit["snippet"], re.IGNORECASE)
        model = content.items(SEARCHABLE[hit["type"]]).lookup(hit["id"])
        assert model.title == hit["title"]


def test_search_finds_a_title_first(api: Api) -> None:
    hits = _search(api, "transference", t=["TECHNIQUE"])
    assert hits[0]["id"] == "transference-analysis"


def test_search_types_filter(api: Api) -> None:
    assert {h["type"] for h in _search(api, "interpretation", t=["TECHNIQUE"])} == {"TECHNIQUE"}
    both = _search(api, "insight", t=["GLOSSARY_TERM", "PHASE"], f=50)
    assert {h["type"] for h in both} == {"GLOSSARY_TERM", "PHASE"}
    everything = {h["type"] for h in _search(api, "therapy", f=50)}
    assert len(everything) >= 4


def test_entry_type_names_every_searchable_kind(api: Api) -> None:
    data = api.data('{ __type(name: "EntryType") { enumValues { name } } }')
    assert {v["name"] for v in data["__type"]["enumValues"]} == set(SEARCHABLE)
    assert "CRISIS_RESOURCE" in SEARCHABLE


@pytest.mark.parametrize("locale", LOCALE_FOLDERS)
def test_crisis_resources_are_found_by_search_in_every_locale(api: Api, locale: str) -> None:
    content = pdcontent.load(locale)
    for resource in content.crisis_resources:
        words = re.findall(r"\w{6,}", resource.summary)
        assert words, resource.id
        hits = _search(api, f"{resource.title} {words[0]}", l=locale, t=["CRISIS_RESOURCE"], f=50)
        assert resource.id in [h["id"] for h in hits], (locale, resource.id)
    samaritans = _search(api, "Samaritans", l=locale)
    found = {(h["type"], h["id"]) for h in samaritans}
    assert {("CRISIS_RESOURCE", "gb-samaritans"), ("CRISIS_RESOURCE", "ie-samaritans")} <= found


def test_search_first_limits_results(api: Api) -> None:
    assert len(_search(api, "therapy", f=1)) == 1
    assert len(_search(api, "therapy", f=3)) == 3
    assert len(_search(api, "therapy", f=50)) > 10


@pytest.mark.parametrize("first", [0, -1, 51])
def test_search_first_out_of_range_is_a_user_error(api: Api, first: int) -> None:
    error = api.error(SEARCH, {"q": "therapy", "f": first})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in error["message"]


def test_search_matches_word_prefixes(api: Api) -> None:
    assert _search(api, "therap")
    assert _search(api, "INSIGHT") == _search(api, "insight")


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        "*",
        "AND OR NOT",
        "NEAR(",
        "NEAR(a b, 2)",
        "a OR",
        "(",
        ")",
        "title:insight",
        "-",
        "^",
        "'; DROP TABLE docs; --",
        "\x00",
        "ünbewußt 無意識 😀 ‮",
        "Übertragung",
        "insight" * 28,
        " ".join(["insight"] * 25),
    ],
)
def test_odd_search_queries_never_error(api: Api, query: str) -> None:
    hits = _search(api, query)
    assert isinstance(hits, list)
    for hit in hits:
        assert hit["snippet"]


def test_search_query_of_200_characters_is_allowed(api: Api) -> None:
    assert isinstance(_search(api, "a" * 200), list)


def test_search_query_over_200_characters_is_a_user_error(api: Api) -> None:
    error = api.error(SEARCH, {"q": "a" * 201})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "200" in error["message"]


def test_search_unknown_type_is_a_validation_error(api: Api) -> None:
    errors = api.errors(SEARCH, {"q": "insight", "t": ["NOPE"]})
    assert "EntryType" in errors[0]["message"]


# --- crisis resources ---------------------------------------------------------------------

CRISIS = (
    "query($r: String, $l: String) { crisisResources(region: $r, locale: $l) { total items"
    " { id title service regions languages fallback contacts { kind number international tel }"
    " emergencyNumbers free anonymous available24Hours } } }"
)


def test_crisis_resources_for_us(api: Api) -> None:
    page = api.data(CRISIS, {"r": "US"})["crisisResources"]
    assert page["total"] == 1
    (item,) = page["items"]
    assert item["id"] == "us-988-lifeline"
    assert item["regions"] == ["US"]
    assert item["fallback"] is False
    assert item["contacts"] == [
        {"kind": "CALL", "number": "988", "international": None, "tel": "tel:988"},
        {"kind": "TEXT", "number": "988", "international": None, "tel": "tel:988"},
    ]
    assert item["emergencyNumbers"] == ["911"]
    assert (item["title"], item["service"]) == (
        "Suicide and crisis line",
        "988 Suicide & Crisis Lifeline",
    )
    # the vetted table states no flags for the US line: unset, not false
    assert (item["free"], item["anonymous"], item["available24Hours"]) == (None, None, None)


def test_crisis_resources_region_is_case_insensitive(api: Api, content: Content) -> None:
    page = api.data(CRISIS, {"r": "de"})["crisisResources"]
    expected = content.crisis_resources_for("DE").ids()
    assert ids(page["items"]) == list(expected)
    assert "de-telefonseelsorge" in expected
    assert all("DE" in item["regions"] for item in page["items"])
    first = page["items"][0]
    assert (first["free"], first["anonymous"], first["available24Hours"]) == (True, True, True)
    assert first["contacts"][0] == {
        "kind": "CALL",
        "number": "0800 111 0 111",
        "international": "+498001110111",
        "tel": "tel:+498001110111",
    }


@pytest.mark.parametrize("region", ["ZZ", "zz", "XX", "USA", "1", "../../etc"])
def test_crisis_resources_unknown_region_gives_the_fallback(api: Api, region: str) -> None:
    page = api.data(CRISIS, {"r": region})["crisisResources"]
    assert ids(page["items"]) == ["unknown-region"]
    assert page["items"][0]["fallback"] is True
    assert page["items"][0]["regions"] == []
    assert page["items"][0]["emergencyNumbers"]


def test_crisis_resources_without_region_lists_all(api: Api, content: Content) -> None:
    page = api.data(CRISIS, {"r": None})["crisisResources"]
    assert page["total"] == len(content.crisis_resources) == 14
    assert ids(page["items"]) == list(content.crisis_resources.ids())


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de-AT", ["at-telefonseelsorge", "eu-112"]),
        ("fr-BE", ["be-fr-prevention-suicide", "be-nl-zelfmoordlijn", "eu-112"]),
        ("en-IE", ["ie-samaritans", "eu-112"]),
        ("en-GB", ["gb-samaritans"]),
        ("fr-CA", ["ca-988"]),
        ("es-MX", ["mx-linea-de-la-vida"]),
        ("de-CH", ["ch-li-143"]),
        ("en-NZ", ["unknown-region"]),  # a country with no vetted line: the fallback
    ],
)
def test_crisis_region_comes_from_a_locale_with_a_country(
    api: Api, locale: str, expected: list[str]
) -> None:
    page = api.data(CRISIS, {"r": None, "l": locale})["crisisResources"]
    assert ids(page["items"]) == expected


def test_an_explicit_region_wins_and_language_orders(api: Api) -> None:
    page = api.data(CRISIS, {"r": "BE", "l": "fr"})["crisisResources"]
    assert ids(page["items"])[0] == "be-fr-prevention-suicide"
    page = api.data(CRISIS, {"r": "US", "l": "de-AT"})["crisisResources"]
    assert ids(page["items"]) == ["us-988-lifeline"]


def test_a_locale_without_a_country_lists_every_line(api: Api, content: Content) -> None:
    for locale in ("de", "es-419"):
        page = api.data(CRISIS, {"r": None, "l": locale})["crisisResources"]
        assert page["total"] == len(content.crisis_resources)


def test_accept_language_with_a_country_picks_the_line(api: Api) -> None:
    response = api.post(
        "{ crisisResources { items { id title } } }", headers={"accept-language": "de-AT"}
    )
    items = response.json()["data"]["crisisResources"]["items"]
    assert [i["id"] for i in items] == ["at-telefonseelsorge", "eu-112"]
    assert items[0]["title"] == "Krisentelefon"


@pytest.mark.parametrize("locale", LOCALE_FOLDERS)
def test_crisis_descriptions_are_translated_and_service_names_are_not(
    api: Api, content: Content, locale: str
) -> None:
    page = api.data(CRISIS, {"r": None, "l": locale})["crisisResources"]
    for item in page["items"]:
        english = content.crisis_resources.lookup(item["id"])
        assert item["service"] == english.service
        if locale != "en":
            assert item["title"] != english.title, (locale, item["id"])


# --- locale errors ------------------------------------------------------------------------

BAD_LOCALES = ["xx", "../../etc/passwd", "en;DROP", "x" * 5000, "", "en_US", "e", "en\x00", "🙂"]

LOCALE_QUERIES = [
    "query($l: String) { approach(locale: $l) { id } }",
    "query($l: String) { principles(locale: $l) { total } }",
    'query($l: String) { technique(id: "interpretation", locale: $l) { id } }',
    "query($l: String) { contentInfo(locale: $l) { contentVersion } }",
    "query($l: String) { locales(locale: $l) { code } }",
    'query($l: String) { search(query: "insight", locale: $l) { id } }',
    'query($l: String) { crisisResources(region: "US", locale: $l) { total } }',
]


@pytest.mark.parametrize("query", LOCALE_QUERIES)
@pytest.mark.parametrize("tag", BAD_LOCALES, ids=lambda t: repr(t[:12]))
def test_unknown_or_malformed_locale_is_a_clear_error(api: Api, query: str, tag: str) -> None:
    response = api.post(query, {"l": tag})
    assert response.status_code == 200
    assert "Traceback" not in response.text
    assert len(response.text) < 1000  # a long tag is not echoed back whole
    body = response.json()
    assert body["data"] is None or set(body["data"].values()) == {None}
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNKNOWN_LOCALE"
    assert "en" in error["extensions"]["supported"]
    assert set(LOCALE_FOLDERS) <= set(error["extensions"]["supported"])
    assert "Unexpected error" not in error["message"]
    assert "locale" in error["message"].lower()


def test_locale_inline_in_the_query_text(api: Api) -> None:
    error = api.error('{ approach(locale: "../../etc/passwd") { id } }')
    assert error["extensions"]["code"] == "UNKNOWN_LOCALE"


def test_one_bad_locale_does_not_spoil_other_fields(api: Api) -> None:
    body = api.result('{ good: approach { id } bad: approach(locale: "xx") { id } }')
    assert body["data"] is None  # approach is non-null, so the error reaches the root
    body = api.result(
        '{ good: approach { id } bad: principle(id: "defenses", locale: "xx") { id } }'
    )
    assert body["data"] == {"good": {"id": "psychodynamic-therapy"}, "bad": None}
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"


# --- every relation of the registry, both ways over GraphQL --------------------------------


def _items_query(kind: Kind, selection: str) -> tuple[str, list[str]]:
    """A query reaching every item of ``kind``, and the path of keys down to them."""
    if kind.parent is not None:
        inner, path = _items_query(kind.parent, f"{camel(kind.collection)} {{ {selection} }}")
        return inner, [*path, camel(kind.collection)]
    name = camel(kind.collection)
    if kind.many:
        return f"{{ {name}(limit: 100) {{ items {{ {selection} }} }} }}", [name, "items"]
    return f"{{ {name} {{ {selection} }} }}", [name]


def _walk(data: Any, path: list[str]) -> list[dict[str, Any]]:
    nodes = [data]
    for key in path:
        nodes = [n[key] for n in nodes]
        nodes = [x for n in nodes for x in (n if isinstance(n, list) else [n])]
    return nodes


@pytest.mark.parametrize("rel", RELATIONS, ids=lambda r: f"{r.source.name}.{r.field}")
def test_every_relation_both_ways_over_graphql(api: Api, content: Content, rel: Relation) -> None:
    query, path = _items_query(rel.source, f"id {camel(rel.field)} {{ id }}")
    sources = _walk(api.data(query), path)
    assert len(sources) == len(content.items(rel.source)) > 0
    forward = set()
    for node in sources:
        item = content.items(rel.source).lookup(node["id"])
        assert ids(node[camel(rel.field)]) == list(content.related(item, rel.field).ids())
        forward |= {(node["id"], target["id"]) for target in node[camel(rel.field)]}
    mixed = (
        len(
            {
                r.source.name
                for r in RELATIONS
                if r.target is rel.target and r.reverse == rel.reverse
            }
        )
        > 1
    )
    back = f"{camel(rel.reverse)} {{ id {'type' if mixed else ''} }}"
    query, path = _items_query(rel.target, f"id {back}")
    backward = set()
    for node in _walk(api.data(query), path):
        for source in node[camel(rel.reverse)]:
            if not mixed or source["type"] == rel.source.entry_type:
                backward.add((source["id"], node["id"]))
    assert forward == backward


@pytest.mark.parametrize(("locale", "served"), [("de-AT", "de"), ("es", "es"), ("en", "en")])
def test_content_info_says_how_the_served_locale_was_made(
    api: Api, locale: str, served: str
) -> None:
    data = api.data(
        "query($l: String) { contentInfo(locale: $l) { translation"
        " { code production clinicallyReviewed note } } }",
        {"l": locale},
    )["contentInfo"]["translation"]
    expected = next(i for i in pdcontent.locales() if i.code == served)
    assert data == {
        "code": served,
        "production": expected.production,
        "clinicallyReviewed": False,
        "note": expected.note,
    }
