"""Every GraphQL object type by name: the few written by hand, and one generated per model.

Derived types refer to each other lazily through this module (``derive.lazy``). A model
whose type adds nothing to its fields gets a generated type; a module in this package
exists only where a type adds something (``Reference.url``, ``ContentInfo``).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from pdcontent.models import KINDS, ContentTree

from ..content_ref import ContentRef, EntryType
from ..derive import REGISTRY, generate
from .contact import Contact
from .content_info import ContentInfo
from .diagnosis_code import DiagnosisCode
from .locale_info import LocaleInfo
from .reference import Reference
from .search_result import SearchResult


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> None:
    """Every model ``model`` holds, directly or nested, in field order."""
    for info in model.model_fields.values():
        stack: list[Any] = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation.__name__ not in seen:
                    seen[annotation.__name__] = annotation
                    _models(annotation, seen)
            else:
                stack += get_args(annotation)


def _all_types() -> dict[str, type]:
    found: dict[str, type[BaseModel]] = {}
    _models(ContentTree, found)
    for kind in KINDS:
        found.setdefault(kind.model.__name__, kind.model)
    types: dict[str, type] = {}
    for name, model in found.items():
        cls = REGISTRY.get(model) or generate(model)
        types[name] = cls
    return types


#: GraphQL type name -> Strawberry class, for every model the content holds
TYPES: dict[str, type] = _all_types()
globals().update(TYPES)
# the hand-written ones are attributes already; listed so lazy references find them
__all__ = [
    "TYPES",
    "Contact",
    "ContentInfo",
    "ContentRef",
    "DiagnosisCode",
    "EntryType",
    "LocaleInfo",
    "Reference",
    "SearchResult",
]
