"""Errors a client may see. Anything else is masked before it leaves the server."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class PublicError(Exception):
    """An error whose message and ``extensions`` are safe and useful to show to clients."""

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": code, **extensions}


def is_public(error: GraphQLError) -> bool:
    """True for errors clients should see: validation errors and :class:`PublicError`."""
    original = error.original_error
    return original is None or isinstance(original, PublicError | GraphQLError)


def should_mask(error: GraphQLError) -> bool:
    """The MaskErrors predicate: hide everything that is not public."""
    return not is_public(error)
