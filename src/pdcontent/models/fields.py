"""Field types shared by every content model, and the translatable marking.

A field is translatable when its annotation carries a :class:`Translatable` marker.
The translation tooling, the JSON Schema (``x-translatable`` and ``x-format``, which the
marker writes itself) and the validator all read that one marker, so making a field
translatable happens in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import Field, GetJsonSchemaHandler
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

#: kebab-case identifiers; ids are stable and never reused.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Markdown links to glossary terms: ``[transference](term:transference)``. The validator
#: checks the target exists, HTML turns the link into a ``data-term`` hook for tooltips,
#: and translation checks require the same targets in every language.
TERM_SCHEME = "term:"
#: a text must contain at least one visible character.
NON_BLANK_PATTERN = r"\S"
#: the JSON Schema annotations a translatable field carries; JSON Schema tools that
#: reject unknown keywords (Ajv in strict mode) need them declared, see the README.
TRANSLATABLE_KEYWORD = "x-translatable"
FORMAT_KEYWORD = "x-format"


@dataclass(frozen=True, slots=True)
class Translatable:
    """Marks a field translatable: ``markdown`` for a Markdown body, ``names`` for a name list.

    A ``names`` field is a list of short names (synonyms) translated as ONE unit, one name
    per line: another language has its own names, so the count need not match English.
    """

    markdown: bool = False
    names: bool = False

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The text's JSON Schema with the ``x-translatable`` and ``x-format`` annotations."""
        schema = handler(core_schema)
        text_format: TextFormat = (
            "markdown" if self.markdown else "names" if self.names else "plain"
        )
        schema[TRANSLATABLE_KEYWORD] = True
        schema[FORMAT_KEYWORD] = text_format
        return schema


TextFormat = Literal["plain", "markdown", "names"]

Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, min_length=1, max_length=80, description="Stable kebab-case id."),
]

Text = Annotated[
    str,
    Field(min_length=1, pattern=NON_BLANK_PATTERN),
    Translatable(),
]
"""A short plain-language text that translators translate."""

Markdown = Annotated[
    str,
    Field(min_length=1, pattern=NON_BLANK_PATTERN),
    Translatable(markdown=True),
]
"""A Markdown body that translators translate."""

#: one name of a names list: non-blank, on one line (a translation joins names with line
#: breaks), and without surrounding white space, so "same name" means the same text
NAME_PATTERN = r"^[^\s](?:[^\r\n]*[^\s])?$"

Name = Annotated[str, Field(min_length=1, pattern=NAME_PATTERN)]
"""One other name of an item, as readers search for it."""

Names = Annotated[
    tuple[Name, ...],
    Translatable(names=True),
    Field(description="Other names readers know this by (one translation unit, a name a line)."),
]
"""Other names of an item ("also called"), translated as one list per language."""

Literal_ = Annotated[str, Field(min_length=1, pattern=NON_BLANK_PATTERN)]
"""A text that stays as written in every language (names, citations, phone numbers)."""


def _marker(annotation: Any, metadata: list[Any]) -> Translatable | None:
    for item in metadata:
        if isinstance(item, Translatable):
            return item
    if get_origin(annotation) is Annotated:
        return _marker(None, list(get_args(annotation)[1:]))
    return None


@dataclass(frozen=True, slots=True)
class TextField:
    """How a translatable field is shaped: a single text, an optional one, a list, or names."""

    name: str
    markdown: bool
    is_list: bool
    optional: bool
    #: a names list: one unit holding every name, one a line
    names: bool = False


def translatable_field(name: str, info: FieldInfo) -> TextField | None:
    """Describe field ``name`` if it is translatable, else return ``None``."""
    marker = _marker(info.annotation, list(info.metadata))
    if marker is not None:
        return TextField(name, marker.markdown, is_list=False, optional=False, names=marker.names)
    annotation = info.annotation
    optional = False
    args = get_args(annotation)
    if type(None) in args:  # ``X | None``
        optional = True
        (annotation,) = [a for a in args if a is not type(None)]
        marker = _marker(annotation, [])
        if marker is not None:
            return TextField(name, marker.markdown, is_list=False, optional=True)
    if get_origin(annotation) is tuple:
        item_args = get_args(annotation)
        if item_args:
            marker = _marker(item_args[0], [])
            if marker is not None:
                return TextField(name, marker.markdown, is_list=True, optional=optional)
    return None
