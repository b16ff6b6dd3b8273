"""``pdcontent export-static DIR``: the API's answers as files, for hosting without a server.

For every locale and every root field, the JSON the API would return for a query that
selects every field (relations as ``{ id }`` references, rich text as Markdown and as
sanitized HTML), every item's JSON-LD as a ``.jsonld`` file, plus the SDL and an index.
The queries are built from the schema, so the files always match the API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLType,
    is_required_argument,
)

from pdcontent.jsonld import PLACEHOLDER_BASE, check_base_url, documents
from pdcontent.models import KINDS

from .locales import ContentSource
from .request_headers import RequestHeaders
from .schema import build_schema, sdl
from .settings import Settings

PAGE_SIZE = 100
#: fields not written into the JSON files: JSON-LD is written as ``.jsonld`` files instead
SEPARATE_FILES = frozenset({"jsonLd"})
#: kinds exported as ``{ id }`` where they appear inside another item
ENTITIES = frozenset(kind.graphql_name for kind in KINDS if kind.top_level)
#: nested kind -> the type that owns it (its items are exported inside that one)
OWNERS = {kind.graphql_name: kind.parent.graphql_name for kind in KINDS if kind.parent}


def _unwrap(type_: GraphQLType) -> GraphQLType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def selection(type_: GraphQLObjectType, depth: int = 0) -> str:
    """Every field of ``type_``: related entities as ``{ id }``, owned values in full."""
    parts: list[str] = []
    for name, field in type_.fields.items():
        target = _unwrap(field.type)
        if name in SEPARATE_FILES:
            continue
        if "format" in field.args:
            parts.append(f"{name}: {name}(format: MARKDOWN) {name}Html: {name}(format: HTML)")
        elif any(is_required_argument(arg) for arg in field.args.values()):
            continue
        elif isinstance(target, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif isinstance(target, GraphQLObjectType):
            # a nested kind belongs to its owner (the specialised approaches to the
            # overview); anywhere else it is a link, like every top-level kind
            owner = OWNERS.get(target.name)
            if (target.name in ENTITIES or owner is not None) and owner != type_.name:
                parts.append(f"{name} {{ id }}")
            elif depth < 3:
                parts.append(f"{name} {{ {selection(target, depth + 1)} }}")
    return " ".join(parts)


def export_static(
    target: Path, settings: Settings | None = None, base_url: str = PLACEHOLDER_BASE
) -> list[Path]:
    """Write the static export into ``target``; return the files written.

    ``base_url`` is where the JSON-LD route will answer (the ``@id`` of every item);
    without it, ids use the placeholder ``https://pdcontent.invalid``.
    """
    settings = settings or Settings()
    base_url = check_base_url(base_url)
    schema = build_schema(settings)
    source = ContentSource(settings.content_root)
    query_type = schema._schema.query_type
    assert query_type is not None
    written: list[Path] = []

    def run(document: str) -> Any:
        context = {
            "headers": RequestHeaders(),
            "response": _Sink(),
            "source": source,
            "base_url": base_url,
        }
        result = schema.execute_sync(document, context_value=context)
        if result.errors:
            raise RuntimeError(f"export query failed: {result.errors[0].message}")
        return result.data

    def write(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)

    singles, pages = root_fields(query_type)
    locales = [info.code for info in source.catalog]
    for locale in locales:
        for name, object_type in singles.items():
            data = run(f'{{ {name}(locale: "{locale}") {{ {selection(object_type)} }} }}')
            write(target / locale / f"{name}.json", data[name])
        for name, item_type in pages.items():
            items: list[Any] = []
            offset, total = 0, 1
            while offset < total:
                doc = (
                    f'{{ {name}(locale: "{locale}", limit: {PAGE_SIZE}, offset: {offset}) '
                    f"{{ total items {{ {selection(item_type)} }} }} }}"
                )
                page = run(doc)[name]
                items += page["items"]
                total = page["total"]
                offset += PAGE_SIZE
            write(target / locale / f"{name}.json", {"total": total, "items": items})
        content = source.context(locale).content
        for (kind, item_id), document in documents(content, base_url=base_url).items():
            # beside the JSON, where the route would answer: <locale>/jsonld/<kind>/<id>.jsonld
            path = target / locale / "jsonld" / (f"{kind}/{item_id}" if item_id else kind)
            write(path.with_name(path.name + ".jsonld"), document)
    locale_type = _unwrap(query_type.fields["locales"].type)
    assert isinstance(locale_type, GraphQLObjectType)
    write(target / "locales.json", run(f"{{ locales {{ {selection(locale_type)} }} }}")["locales"])
    (target / "schema.graphql").write_text(sdl(), encoding="utf-8")
    written.append(target / "schema.graphql")
    index = {
        "locales": locales,
        "files": sorted(str(p.relative_to(target)) for p in written),
        "content_version": source.context(None).content.metadata.content_version,
    }
    write(target / "index.json", index)
    return written


def root_fields(
    query_type: GraphQLObjectType,
) -> tuple[dict[str, GraphQLObjectType], dict[str, GraphQLObjectType]]:
    """The root fields a static export answers, read from the schema itself.

    Fields with a required argument (lookups by id, search) are not exported; of the
    rest, those returning one object are written as they are, and those returning a page
    (an object with ``items`` and ``total``) are written whole. Returns (single field ->
    its type, paged field -> its item type).
    """
    singles: dict[str, GraphQLObjectType] = {}
    pages: dict[str, GraphQLObjectType] = {}
    for name, field in query_type.fields.items():
        if any(is_required_argument(arg) for arg in field.args.values()):
            continue
        if isinstance(field.type, GraphQLNonNull) and isinstance(field.type.of_type, GraphQLList):
            continue  # plain lists (locales) are written on their own
        target = _unwrap(field.type)
        if not isinstance(target, GraphQLObjectType):
            continue
        if {"items", "total"} <= set(target.fields):
            item_type = _unwrap(target.fields["items"].type)
            assert isinstance(item_type, GraphQLObjectType)
            pages[name] = item_type
        else:
            singles[name] = target
    return singles, pages


class _Sink:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
