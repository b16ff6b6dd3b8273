"""``pdcontent export-static DIR``: the API's answers as files, for hosting without a server.

For every locale and every root field, the JSON the API would return for a query that
selects every field (relations as ``{ id }`` references, rich text as Markdown and as
sanitized HTML), plus the SDL and an index. The queries are built from the schema, so
the files always match the API.
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
)

from .locales import ContentSource
from .schema import build_schema, sdl
from .settings import Settings

#: root fields that take no id and return one object or a page of items
SINGLE_FIELDS = ("approach", "sessionGuide", "courseLength", "contentInfo")
PAGED_FIELDS = (
    "principles",
    "techniques",
    "conditions",
    "phases",
    "qualifications",
    "considerations",
    "glossary",
    "references",
    "crisisResources",
)
PAGE_SIZE = 100


def _unwrap(type_: GraphQLType) -> GraphQLType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def selection(type_: GraphQLObjectType, entities: frozenset[str], depth: int = 0) -> str:
    """Every field of ``type_``: related entities as ``{ id }``, owned values in full."""
    parts: list[str] = []
    for name, field in type_.fields.items():
        target = _unwrap(field.type)
        if "format" in field.args:
            parts.append(f"{name}: {name}(format: MARKDOWN) {name}Html: {name}(format: HTML)")
        elif any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        elif isinstance(target, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif isinstance(target, GraphQLObjectType):
            # the specialised approaches belong to the overview; elsewhere they are links
            owned = target.name == "RelatedApproach" and type_.name == "Approach"
            if (target.name in entities or target.name == "RelatedApproach") and not owned:
                parts.append(f"{name} {{ id }}")
            elif depth < 3:
                parts.append(f"{name} {{ {selection(target, entities, depth + 1)} }}")
    return " ".join(parts)


def export_static(target: Path, settings: Settings | None = None) -> list[Path]:
    """Write the static export into ``target``; return the files written."""
    settings = settings or Settings()
    schema = build_schema(settings)
    source = ContentSource(settings.content_root)
    query_type = schema._schema.query_type
    assert query_type is not None
    written: list[Path] = []

    def run(document: str) -> Any:
        context = {"request": _NoRequest(), "response": _Sink(), "source": source}
        result = schema.execute_sync(document, context_value=context)
        if result.errors:
            raise RuntimeError(f"export query failed: {result.errors[0].message}")
        return result.data

    def write(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)

    entities = frozenset(
        _items_type(_items_type(query_type.fields[name].type).fields["items"].type).name
        for name in PAGED_FIELDS
    )
    locales = [info.code for info in source.catalog]
    for locale in locales:
        for name in SINGLE_FIELDS:
            object_type = _unwrap(query_type.fields[name].type)
            assert isinstance(object_type, GraphQLObjectType)
            data = run(f'{{ {name}(locale: "{locale}") {{ {selection(object_type, entities)} }} }}')
            write(target / locale / f"{name}.json", data[name])
        for name in PAGED_FIELDS:
            page_type = _unwrap(query_type.fields[name].type)
            assert isinstance(page_type, GraphQLObjectType)
            item_type = _unwrap(page_type.fields["items"].type)
            assert isinstance(item_type, GraphQLObjectType)
            items: list[Any] = []
            offset, total = 0, 1
            while offset < total:
                doc = (
                    f'{{ {name}(locale: "{locale}", limit: {PAGE_SIZE}, offset: {offset}) '
                    f"{{ total items {{ {selection(item_type, entities)} }} }} }}"
                )
                page = run(doc)[name]
                items += page["items"]
                total = page["total"]
                offset += PAGE_SIZE
            write(target / locale / f"{name}.json", {"total": total, "items": items})
    write(
        target / "locales.json",
        run(
            "{ locales { code englishName nativeName direction completeness stale source pseudo } }"
        )["locales"],
    )
    (target / "schema.graphql").write_text(sdl(), encoding="utf-8")
    written.append(target / "schema.graphql")
    index = {
        "locales": locales,
        "files": sorted(str(p.relative_to(target)) for p in written),
        "content_version": source.context(None).content.metadata.content_version,
    }
    write(target / "index.json", index)
    return written


def _items_type(type_: GraphQLType) -> GraphQLObjectType:
    page = _unwrap(type_)
    assert isinstance(page, GraphQLObjectType)
    return page


class _NoRequest:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class _Sink:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
