"""Strawberry types derived from the Pydantic models, so no field list is written twice.

``@derive(Model)`` adds one GraphQL field per model field that the class does not define
itself. Relation fields (marked ``RelatesTo`` in the model) return the related items,
and the target's type gets the way back, both read from the kind registry; Markdown
fields take a ``format`` argument. Types are referred to lazily by name through
:mod:`pdcontent_api.types.registry`, which holds every object type. A test checks every
model field is exposed.
"""

from __future__ import annotations

import datetime
import inspect
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar, cast, get_args, get_origin

import strawberry
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from strawberry.scalars import JSON
from strawberry.types.private import StrawberryPrivate

from pdcontent import jsonld
from pdcontent.models import (
    Collection,
    Editorial,
    Relation,
    kind_of,
    relation_marker,
    reverse_relations,
    translatable_field,
)

from .content_ref import content_ref
from .context import Ctx
from .rendering import TextFormat, render

T = TypeVar("T")
Convert = Callable[[Any, Ctx], Any]

#: model class -> the Strawberry class derived from it
REGISTRY: dict[type[BaseModel], type] = {}
#: Strawberry class -> the model it is derived from
DERIVED: dict[type, type[BaseModel]] = {}

#: the module that holds every object type by its GraphQL name (lazy references)
TYPES_MODULE = "pdcontent_api.types.registry"


def lazy(name: str) -> Any:
    """A lazy reference to the object type called ``name``, resolved when the schema is built."""
    return Annotated[name, strawberry.lazy(TYPES_MODULE)]


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
            return lazy(annotation.__name__), wrap
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


def _relation_field(name: str, info: FieldInfo, doc: str, target: str) -> Any:
    def resolve(self: Any) -> Any:
        return wrap_all(self.ctx.content.related(self.item, name), self.ctx)

    resolve.__annotations__ = {"return": list[lazy(target)]}  # type: ignore[misc]
    return strawberry.field(resolver=resolve, description=doc)


def _reverse_field(relations: tuple[Relation, ...]) -> Any:
    """The way back along ``relations`` (one reverse name): the items that point here.

    From one kind, the field returns that kind's type; from several (every entry's
    ``terms``), it returns ``ContentRef`` pointers, as a list mixing kinds must.
    """
    mixed = len({rel.source.name for rel in relations}) > 1

    def resolve(self: Any) -> Any:
        content = self.ctx.content
        found = [
            source
            for rel in relations
            for source in content.referrers(self.item, rel.field, rel.source.model)
        ]
        if mixed:
            return [content_ref(source) for source in found]
        return wrap_all(found, self.ctx)

    element = lazy("ContentRef") if mixed else lazy(relations[0].source.graphql_name)
    resolve.__annotations__ = {"return": list[element]}  # type: ignore[valid-type]
    return strawberry.field(resolver=resolve, description=relations[0].marker.reverse_doc)


def _markdown_field(name: str, info: FieldInfo, optional: bool) -> Any:
    def resolve(self: Any, format: TextFormat = TextFormat.MARKDOWN) -> Any:
        value = getattr(self.item, name)
        return None if value is None else render(value, format)

    resolve.__annotations__ = {"format": TextFormat, "return": str | None if optional else str}
    return strawberry.field(resolver=resolve, description=_describe(name, info))


def _plain_field(name: str, info: FieldInfo) -> Any:
    gql, convert = graphql_type(info.annotation)
    if name == "id" and gql is str:
        # ids are GraphQL's ID, as every argument that takes one: a client's
        # `query($id: ID!) { technique(id: $id) { id } }` then types in both places
        gql = strawberry.ID

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


def _next_review_due() -> Any:
    def resolve(self: Any) -> datetime.date:
        return self.ctx.content.next_review_due(self.item)  # type: ignore[no-any-return]

    return strawberry.field(
        resolver=resolve,
        description="When this item is due for review: its last change plus the review cycle.",
    )


def _reading_minutes() -> Any:
    def resolve(self: Any) -> int:
        return self.ctx.content.reading_minutes(self.item)  # type: ignore[no-any-return]

    return strawberry.field(
        resolver=resolve,
        description="About how many minutes reading this item's texts takes, in this locale.",
    )


JSON_LD_DOC = (
    "This item as schema.org JSON-LD (a JSON object), in this locale; its ids are URLs of "
    "the JSON-LD route on this server, `/jsonld/{kind}/{id}`."
)


def _json_ld() -> Any:
    def resolve(self: Any, info: strawberry.Info) -> Any:
        # the request's own scheme://host (the endpoint keys its cache by it), or the
        # static export's --base-url
        base = info.context.get("base_url") or jsonld.PLACEHOLDER_BASE
        return jsonld.document(self.ctx.content, self.item, base_url=base)

    resolve.__annotations__["return"] = JSON
    return strawberry.field(resolver=resolve, description=JSON_LD_DOC)


#: the values every editorial item (a page) gets beside its own fields, derived by Content
_EDITORIAL: dict[str, Callable[[], Any]] = {
    "next_review_due": _next_review_due,
    "reading_minutes": _reading_minutes,
}


def _field(name: str, info: FieldInfo) -> Any:
    described = translatable_field(name, info)
    if described is not None and described.markdown:
        return _markdown_field(name, info, described.optional)
    marker = relation_marker(info)
    if marker is not None:
        return _relation_field(name, info, marker.doc, marker.target)
    return _plain_field(name, info)


def derive(model: type[BaseModel]) -> Callable[[type[T]], type[T]]:
    """Add a GraphQL field for each field of ``model`` the class does not define itself.

    Apply it under ``@strawberry.type``; the class declares ``item`` and ``ctx`` as
    ``strawberry.Private`` fields. A kind of item also gets its reverse relations.
    """

    def decorate(cls: type[T]) -> type[T]:
        own = set(inspect.get_annotations(cls)) | set(vars(cls))
        for name, info in model.model_fields.items():
            if name not in own:
                setattr(cls, name, _field(name, info))
        try:
            ways_back = reverse_relations(kind_of(model))  # type: ignore[arg-type]
        except LookupError:
            ways_back = {}  # not a kind of item: nothing points at it
        else:
            if "json_ld" not in own:
                setattr(cls, "json_ld", _json_ld())  # noqa: B010
        for name, relations in ways_back.items():
            if name not in own:
                setattr(cls, name, _reverse_field(relations))
        if issubclass(model, Editorial):
            for name, make in _EDITORIAL.items():
                if name not in own:
                    setattr(cls, name, make())
        localized = any(translatable_field(n, i) for n, i in model.model_fields.items())
        if localized and "locale" not in own:
            # set at run time, as the class body does not know the model's fields
            setattr(cls, "locale", strawberry.field(resolver=_locale, description=LOCALE_DOC))  # noqa: B010
            status = strawberry.field(resolver=_status, description=STATUS_DOC)
            setattr(cls, "translation_status", status)  # noqa: B010
        REGISTRY[model] = cls
        DERIVED[cls] = model
        return cls

    return decorate


def generate(model: type[BaseModel], description: str | None = None) -> type:
    """A Strawberry type for ``model`` with every field derived, for models that add nothing."""
    # ``strawberry.Private[model]`` spelled out: the model is known only at run time
    private = {"item": Annotated[model, StrawberryPrivate()], "ctx": strawberry.Private[Ctx]}
    shell = type(model.__name__, (), {"__annotations__": private, "__doc__": model.__doc__})
    shell.__module__ = __name__  # any loaded module: its annotations are objects, not strings
    return strawberry.type(derive(model)(shell), description=description or model.__doc__)
