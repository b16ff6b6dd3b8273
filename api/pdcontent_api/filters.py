"""Filters of the root list fields: one per relation a kind stores, and domain lookups.

``techniques(phase: "initial")`` comes from the relation ``Technique.phases``; the lookups
that are not relations — a crisis line by region, a condition by diagnosis code — are
declared here, per kind, in :data:`LOOKUP_FILTERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry

from pdcontent.models import CodeSystem, Relation
from pdcontent.tags import parse as parse_tag

from .context import Ctx
from .errors import PublicError

Values = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Filter:
    """Optional arguments of a list field that narrow its items when any of them is given."""

    arguments: tuple[tuple[str, Any], ...]
    """(Python name, annotation with its description) of each argument."""
    apply: Callable[[Ctx, Sequence[Any], Values], Sequence[Any]]
    always: bool = False
    """Apply even when no argument is given (a default that depends on the request)."""


def _argument(annotation: Any, description: str) -> Any:
    return Annotated[annotation, strawberry.argument(description=description)]


def relation_filter(rel: Relation) -> Filter:
    """``techniques(phase: "initial")``: the items whose relation names that id."""
    name = rel.target.name.replace("-", "_")
    words = rel.target.name.replace("-", " ")
    description = f"Only items whose {rel.field.replace('_', ' ')} include this {words} id."

    def apply(ctx: Ctx, items: Sequence[Any], values: Values) -> Sequence[Any]:
        return [item for item in items if values[name] in getattr(item, rel.field)]

    return Filter(((name, _argument(strawberry.ID | None, description)),), apply)


def _region(ctx: Ctx, items: Sequence[Any], values: Values) -> Sequence[Any]:
    """The lines for the region asked for, else for the country of the requested locale."""
    region = values.get("region")
    if region is None and not _country(ctx.requested):
        return items  # no region known: every line, as a directory
    return ctx.content.crisis_resources_for(region, locale=ctx.requested)


def _country(tag: str) -> bool:
    try:
        region = parse_tag(tag).region
    except LookupError:
        return False
    return region is not None and region.isalpha()


def _code(ctx: Ctx, items: Sequence[Any], values: Values) -> Sequence[Any]:
    code, system = values.get("code"), values.get("code_system")
    if code is None or system is None:
        raise PublicError("code and codeSystem are given together", "BAD_USER_INPUT")
    try:
        found = ctx.content.conditions_for_code(system, code)
    except LookupError:
        known = ", ".join(s.identifier for s in CodeSystem)
        raise PublicError(f"unknown codeSystem; known: {known}", "BAD_USER_INPUT") from None
    return [item for item in items if item in found]


#: filters that are domain lookups rather than relations, by kind name
LOOKUP_FILTERS: dict[str, tuple[Filter, ...]] = {
    "crisis-resource": (
        Filter(
            (
                (
                    "region",
                    _argument(
                        str | None,
                        "An ISO 3166 region code (e.g. `US`, `DE`). Without it, the country of "
                        "the requested locale (`de-AT` → AT), else every line. Lines in the "
                        "reader's language come first; an unknown region gives the fallback "
                        "that points to local emergency numbers.",
                    ),
                ),
            ),
            _region,
            always=True,
        ),
    ),
    "condition": (
        Filter(
            (
                (
                    "code",
                    _argument(
                        str | None,
                        "A diagnosis code (e.g. `F41.10`); a more specific code finds its "
                        "listed parent, case and dots do not matter. Needs `codeSystem`.",
                    ),
                ),
                (
                    "code_system",
                    _argument(
                        str | None,
                        "The code's system by OID (ICD-10 `2.16.840.1.113883.6.3`, ICD-10-CM "
                        "`2.16.840.1.113883.6.90`) or URI (ICD-11 MMS "
                        "`http://id.who.int/icd/release/11/mms`).",
                    ),
                ),
            ),
            _code,
        ),
    ),
}
