"""Assembling the Strawberry schema with its limits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from .cost import cost_limit_rule
from .errors import is_public, masked, should_mask
from .lru import Lru
from .memory_budget import key_bytes, share, tree_bytes
from .query import Query
from .settings import Settings

logger = logging.getLogger("pdcontent_api.errors")
SUGGESTION = " Did you mean"


class PublicErrors(MaskErrors):
    """Mask unexpected errors; with ``hide_suggestions``, drop "Did you mean …" hints too.

    graphql-core suggests argument names, enum values and type names as well as fields;
    when introspection is off those hints would reveal the schema it hides.
    """

    def __init__(self, hide_suggestions: bool) -> None:
        super().__init__(should_mask_error=should_mask)
        self.hide_suggestions = hide_suggestions

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The masked error, with an ``extensions.code`` clients can branch on."""
        return masked(error)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        if not self.hide_suggestions:
            return processed
        return [without_suggestion(error) for error in processed]


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """``error`` without graphql-core's "Did you mean …" hint, if it has one."""
    if SUGGESTION not in error.message:
        return error
    return GraphQLError(
        message=error.message.split(SUGGESTION, 1)[0],
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


@cache
def _syntax_trees(max_entries: int, max_bytes: int) -> Lru[tuple[object, ...], DocumentNode]:
    # one memory per budget, shared by every schema built with it
    return Lru(max_entries, weigh=tree_bytes, weigh_key=key_bytes, max_weight=max_bytes)


class BoundedParserCache(SchemaExtension):
    """Strawberry's parse step, remembered in an LRU bounded by the trees' bytes.

    Replaces Strawberry's ``ParserCache``, whose ``functools.lru_cache`` counts entries
    only: a syntax tree weighs ~400 bytes per node, so 4,096 distinct documents near
    the token limit could hold gigabytes.
    """

    def __init__(self, trees: Lru[tuple[object, ...], DocumentNode]) -> None:
        super().__init__()
        self.trees = trees

    def on_parse(self) -> Iterator[None]:
        """Reuse the tree of a document parsed before with the same options."""
        context = self.execution_context
        query = context.query or ""
        options = context.parse_options
        # the options (max_tokens) are part of the key: a tree parsed without the token
        # limit must not be reused where the limit applies
        key = (query, *sorted(options.items()))
        tree = self.trees.get(key)
        if tree is None:
            tree = parse(query, **options)
            self.trees.put(key, tree)
        context.graphql_document = tree
        yield


class ContentSchema(Schema):
    """A schema that logs only unexpected errors, with their full traceback, server-side."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: Any | None = None
    ) -> None:
        """Log unexpected errors with their traceback; public ones are the client's business."""
        for error in errors:
            if not is_public(error):
                logger.error("unexpected error", exc_info=error.original_error)


def build_schema(settings: Settings | None = None) -> ContentSchema:
    """The GraphQL schema with depth, token, alias and cost limits and error masking.

    The endpoint executes on this schema's types but runs the limits and the masking
    itself (:mod:`.execution`), in one validation pass; the static export and tests
    run documents through Strawberry's own ``execute_sync`` with the same limits here.
    """
    settings = settings or Settings()
    # factories, so each request gets fresh extension state
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(PublicErrors, hide_suggestions=not settings.introspection),
    ]
    trees = _syntax_trees(
        settings.cache_entries, share(settings.memory_budget_bytes, "syntax_trees")
    )
    # the limiters' rule classes are built once per schema, not per request
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        cost_limit_rule(settings.max_cost),
    ]
    extensions += [
        partial(AddValidationRules, rules),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
    ]
    if settings.cache_entries > 0:
        # repeated documents with new variables skip parsing
        extensions.append(partial(BoundedParserCache, trees))
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return ContentSchema(
        query=Query,
        extensions=extensions,
        # suggestions would reveal field names that introspection is meant to hide
        config=StrawberryConfig(disable_field_suggestions=not settings.introspection),
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as committed in ``schema/schema.graphql``."""
    return build_schema().as_str() + "\n"
