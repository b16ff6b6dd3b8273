"""Assembling the Strawberry schema with its limits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from .errors import is_public, should_mask
from .query import Query
from .settings import Settings

logger = logging.getLogger("pdcontent_api.errors")


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
    """The GraphQL schema with depth, token and alias limits and error masking."""
    settings = settings or Settings()
    # factories, so each request gets fresh extension state
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(QueryDepthLimiter, max_depth=settings.max_depth),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
        partial(MaskErrors, should_mask_error=should_mask),
    ]
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
