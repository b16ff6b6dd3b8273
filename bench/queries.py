"""The GraphQL requests the benchmarks send, as request plans for wrk or the httpx client."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from .common import Plan, Template

#: what a front end's technique list page asks for: titles, summaries, two relations
TECHNIQUE_LIST = """query TechniqueList {
  techniques(limit: 20) {
    total
    hasMore
    items {
      id
      title
      summary
      locale
      translationStatus
      phases { id title }
      terms { id title }
    }
  }
}"""

#: a glossary page: one term by id, its body as HTML, its see-also links
GLOSSARY_ENTRY = """query GlossaryEntry($id: ID!) {
  glossaryTerm(id: $id) {
    id
    title
    summary
    body(format: HTML)
    locale
    translationStatus
    seeAlso { id title }
  }
}"""

JSON_HEADERS = (("Content-Type", "application/json"), ("Accept", "application/json"))
GET_HEADERS = (("Accept", "application/json"),)


def apq_hash(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def post(document: str, operation: str) -> Template:
    body = json.dumps({"query": document, "operationName": operation})
    return Template("POST", "/graphql", JSON_HEADERS, body)


def apq_register(document: str, operation: str) -> Template:
    """The POST that teaches the server a document's hash (APQ), before hash-only GETs."""
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": apq_hash(document)}}
    body = json.dumps({"query": document, "operationName": operation, "extensions": extensions})
    return Template("POST", "/graphql", JSON_HEADERS, body)


def apq_get(document: str, operation: str) -> Template:
    """A GET carrying only the document's hash, as a CDN-friendly client sends it."""
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": apq_hash(document)}}
    query = urlencode(
        {"operationName": operation, "extensions": json.dumps(extensions, separators=(",", ":"))}
    )
    return Template("GET", f"/graphql?{query}", GET_HEADERS)


def miss_post(ids: tuple[str, ...]) -> Template:
    """A POST of GLOSSARY_ENTRY whose variables never repeat.

    ``id`` cycles through the glossary; ``nonce`` is a per-request counter. The document
    does not declare ``$nonce`` (a declared but unused variable fails GraphQL validation,
    rule NoUnusedVariables), and graphql-core ignores undeclared variables, so the work
    done is that of a plain by-id query; but the endpoint's cache key holds the whole
    variables object, so no two requests share a key: every one is a response-cache miss.
    """
    head = json.dumps({"query": GLOSSARY_ENTRY, "operationName": "GlossaryEntry"})[:-1]
    parts = (head + ', "variables": {"id": "', '", "nonce": "', '"}}')
    return Template("POST", "/graphql", JSON_HEADERS, parts=parts, ids=ids)


def unique_post(ids: tuple[str, ...]) -> Template:
    """A POST of GLOSSARY_ENTRY with a new alias in every request: a new document each time.

    What a new front-end release or a cache-busting client sends: the server has never
    seen the document, so it is parsed, validated and executed from scratch. The
    variables come first in the body so the id can precede the alias in the template.
    """
    marker = "    title\n"
    assert marker in GLOSSARY_ENTRY
    before, after = GLOSSARY_ENTRY.split(marker, 1)
    head = json.dumps({"variables": {"id": "@"}, "operationName": "GlossaryEntry"})
    head_before_id, head_after_id = head[:-1].split("@")
    query = json.dumps(before + "    a@: title\n" + after)
    query_before, query_after = query.split("@")
    parts = (
        head_before_id,
        head_after_id + ', "query": ' + query_before,
        query_after + "}",
    )
    return Template("POST", "/graphql", JSON_HEADERS, parts=parts, ids=ids)


def glossary_ids() -> tuple[str, ...]:
    import pdcontent

    return tuple(pdcontent.load("en").glossary.ids())


def repeated_post_plan() -> Plan:
    return Plan("post", (post(TECHNIQUE_LIST, "TechniqueList"),))


def repeated_get_plan() -> Plan:
    return Plan("get-apq", (apq_get(TECHNIQUE_LIST, "TechniqueList"),))


def miss_plan(ids: tuple[str, ...]) -> Plan:
    return Plan("miss", (miss_post(ids),))


def unique_plan(ids: tuple[str, ...]) -> Plan:
    return Plan("unique", (unique_post(ids),))


def mixed_plan(ids: tuple[str, ...]) -> Plan:
    """The load run: 6 in 10 repeated POSTs, 2 APQ GETs, 2 cache misses."""
    templates = (
        post(TECHNIQUE_LIST, "TechniqueList"),
        apq_get(TECHNIQUE_LIST, "TechniqueList"),
        miss_post(ids),
    )
    return Plan("mixed", templates, (0, 0, 1, 0, 2, 0, 0, 1, 0, 2))
