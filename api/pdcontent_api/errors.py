"""Errors a client may see. Anything else is masked before it leaves the server."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

#: the code of every error the server did not expect; its message says nothing more
INTERNAL_ERROR = "INTERNAL_SERVER_ERROR"
MASKED_MESSAGE = "Unexpected error."


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


def masked(error: GraphQLError) -> GraphQLError:
    """``error`` with its message and cause hidden, keeping where it happened and a code."""
    return GraphQLError(
        message=MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": INTERNAL_ERROR},
    )


def masked_payload() -> dict[str, Any]:
    """The GraphQL response body for a failure outside execution (no data, one masked error)."""
    return {"errors": [{"message": MASKED_MESSAGE, "extensions": {"code": INTERNAL_ERROR}}]}
