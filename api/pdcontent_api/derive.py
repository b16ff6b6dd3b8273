"""Strawberry types derived from the Pydantic models, so no field list is written twice.

``@derive(Model)`` adds one GraphQL field per model field that the class does not define
itself and does not list in ``exclude`` (with the reason). Id lists that name other
entities become relation fields that return those entities; Markdown fields take a
``format`` argument. A test checks every model field is exposed or deliberately excluded.
"""

from __future__ import annotations

import datetime
import inspect
import re
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, cast, get_args, get_origin

import strawberry
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pdcontent.models import Collection, translatable_field

from .context import Ctx
from .rendering import TextFormat, render

T = TypeVar("T")
Convert = Callable[[Any, Ctx], Any]

#: model class -> the Strawberry class derived from it
REGISTRY: dict[type[BaseModel], type] = {}
#: Strawberry class -> (model, excluded fields with reasons)
DERIVED: dict[type, tuple[type[BaseModel], Mapping[str, str]]] = {}

#: id-list fields that name other entities: field -> (Content collection, type module, class)
RELATIONS: dict[str, tuple[str, str, str]] = {
    "terms": ("glossary", "glossary_term", "GlossaryTerm"),
    "see_also": ("glossary", "glossary_term", "GlossaryTerm"),
    "evidence": ("references", "reference", "Reference"),
    "principles": ("principles", "principle", "Principle"),
    "phases": ("phases", "phase", "Phase"),
    "techniques": ("techniques", "technique", "Technique"),
    "related_approaches": ("related_approaches", "related_approach", "RelatedApproach"),
}
_TYPES_PACKAGE = "pdcontent_api.types"


F = TypeVar("F", bound=Callable[..., Any])


def resolver(description: str) -> Callable[[F], F]:
    """``@strawberry.field(description=...)`` with a type mypy can follow.

    Strawberry types the decorator as returning ``Any``; the field it makes still calls
    the function, so declaring it as returning the function is true where it matters.
    """
    return cast("Callable[[F], F]", strawberry.field(description=description))


def wrap(item: Any, ctx: Ctx) -> Any:
    """The Strawberry object for a model instance.

    Built without the dataclass ``__init__``, which Strawberry's field machinery makes
    slow; the object holds exactly the two private fields the resolvers read.
    """
    obj: Any = object.__new__(REGISTRY[type(item)])
    obj.__dict__["item"] = item
    obj.__dict__["ctx"] = ctx
    return obj


def wrap_all(items: typing.Iterable[Any], ctx: Ctx) -> list[Any]:
    """Strawberry objects for model instances, in order."""
    return [wrap(item, ctx) for item in items]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _identity(value: Any, ctx: Ctx) -> Any:
    return value


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def graphql_type(annotation: Any) -> tuple[Any, Convert]:
    """The GraphQL-side type of a model annotation, and how to convert a value to it."""
    annotation = _strip(annotation)
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        gql, convert = graphql_type(inner[0])
        return gql | None, lambda v, ctx: None if v is None else convert(v, ctx)
    if origin is Literal:
        return str, _identity
    if origin is tuple or (isinstance(origin, type) and issubclass(origin, Collection)):
        gql, convert = graphql_type(get_args(annotation)[0])
        return list[gql], lambda v, ctx: [convert(x, ctx) for x in v]  # type: ignore[valid-type]
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            # lazy, so a type module need not import the modules of the types it holds
            module = f"{_TYPES_PACKAGE}.{_snake(annotation.__name__)}"
            return Annotated[annotation.__name__, strawberry.lazy(module)], wrap
        if issubclass(annotation, Enum):
            if not hasattr(annotation, "_enum_definition"):
                strawberry.enum(annotation, description=annotation.__doc__)
            return annotation, _identity
        if annotation in (str, int, bool, float, datetime.date):
            return annotation, _identity
    raise TypeError(f"no GraphQL mapping for {annotation!r}")


def _describe(name: str, info: FieldInfo) -> str:
    if info.description:
        return info.description
    return name.replace("_", " ").capitalize() + "."


def _relation_field(name: str, info: FieldInfo) -> Any:
    collection, module, cls_name = RELATIONS[name]
    target = Annotated[cls_name, strawberry.lazy(f"{_TYPES_PACKAGE}.{module}")]  # type: ignore[valid-type]

    def resolve(self: Any) -> Any:
        source = getattr(self.ctx.content, collection)
        return wrap_all(source.select(getattr(self.item, name)), self.ctx)

    resolve.__annotations__ = {"return": list[target]}
    return strawberry.field(resolver=resolve, description=_describe(name, info))


def _markdown_field(name: str, info: FieldInfo, optional: bool) -> Any:
    def resolve(self: Any, format: TextFormat = TextFormat.MARKDOWN) -> Any:
        value = getattr(self.item, name)
        return None if value is None else render(value, format)

    resolve.__annotations__ = {"format": TextFormat, "return": str | None if optional else str}
    return strawberry.field(resolver=resolve, description=_describe(name, info))


def _plain_field(name: str, info: FieldInfo) -> Any:
    gql, convert = graphql_type(info.annotation)

    def resolve(self: Any) -> Any:
        return convert(getattr(self.item, name), self.ctx)

    resolve.__annotations__ = {"return": gql}
    return strawberry.field(resolver=resolve, description=_describe(name, info))


LOCALE_DOC = (
    "The locale (BCP 47) this item's main text came from: the requested one, a parent "
    "locale, or `en` where the translation is missing."
)
STATUS_DOC = "Whether this item's texts are translated, reviewed, stale or English fallback."


@strawberry.enum(description="The translation state of an item's texts.")
class TranslationStatusEnum(Enum):
    """The weakest state among an item's texts."""

    SOURCE = "source"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    STALE = "stale"
    FALLBACK = "fallback"
    PSEUDO = "pseudo"


def _locale(self: Any) -> str:
    return str(self.ctx.content.provenance(self.item).locale)


def _status(self: Any) -> TranslationStatusEnum:
    return TranslationStatusEnum(self.ctx.content.provenance(self.item).status.value)


def _is_id_list(info: FieldInfo) -> bool:
    annotation = _strip(info.annotation)
    return get_origin(annotation) is tuple and _strip(get_args(annotation)[0]) is str


def _field(name: str, info: FieldInfo) -> Any:
    described = translatable_field(name, info)
    if described is not None and described.markdown:
        return _markdown_field(name, info, described.optional)
    if name in RELATIONS and _is_id_list(info):
        return _relation_field(name, info)
    return _plain_field(name, info)


def derive(
    model: type[BaseModel], *, exclude: Mapping[str, str] | None = None
) -> Callable[[type[T]], type[T]]:
    """Add a GraphQL field for each field of ``model`` the class does not define or exclude.

    Apply it under ``@strawberry.type``; the class declares ``item`` and ``ctx`` as
    ``strawberry.Private`` fields.
    """
    excluded = dict(exclude or {})

    def decorate(cls: type[T]) -> type[T]:
        own = set(inspect.get_annotations(cls)) | set(vars(cls))
        for name, info in model.model_fields.items():
            if name not in own and name not in excluded:
                setattr(cls, name, _field(name, info))
        localized = any(translatable_field(n, i) for n, i in model.model_fields.items())
        if localized and "locale" not in own:
            # set at run time, as the class body does not know the model's fields
            setattr(cls, "locale", strawberry.field(resolver=_locale, description=LOCALE_DOC))  # noqa: B010
            status = strawberry.field(resolver=_status, description=STATUS_DOC)
            setattr(cls, "translation_status", status)  # noqa: B010
        REGISTRY[model] = cls
        DERIVED[cls] = (model, excluded)
        return cls

    return decorate
