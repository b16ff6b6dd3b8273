"""Every error response of the HTTP layer, built in one place.

Errors before execution (a request that is not GraphQL, a document refused before it
runs, an unknown persisted query, a body over the limit) are raised as
:class:`RequestError` wherever they are found and turned into a response here: a
GraphQL-shaped JSON body ``{"errors": [{"message", "extensions": {"code"}}]}``, the
status, the media type the client negotiated, and any headers the error needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.responses import Response

from .negotiation import JSON


class RequestError(Exception):
    """A request refused before execution; ``status`` is the HTTP status to send.

    ``headers`` go on the response; ``error``, when given, is a formatted GraphQL error
    sent as it is (a syntax error keeps its ``locations``) instead of message and code.
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        *,
        headers: Mapping[str, str] | None = None,
        error: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = dict(headers or {})
        self.error = error

    @classmethod
    def from_graphql(cls, status: int, error: GraphQLError) -> RequestError:
        """A GraphQL error (a syntax error, say) sent as graphql-core formats it."""
        return cls(status, error.message, error=error.formatted)

    def body(self) -> bytes:
        """The JSON body of the response."""
        error = self.error or {"message": str(self), "extensions": {"code": self.code}}
        return orjson.dumps({"errors": [error]})


def error_response(error: RequestError, media: str = JSON) -> Response:
    """The response for ``error``, in the media type the client negotiated."""
    return Response(error.body(), error.status, headers=error.headers, media_type=media)


def refuse_repeated(repeated: str | None) -> None:
    """Raise a 400 when a header that has one meaning was sent more than once.

    ``repeated`` is :attr:`RequestHeaders.repeated`: a repeated singleton (``Host``,
    ``Content-Type`` …) has no one meaning, so no route guesses which copy counts.
    """
    if repeated is not None:
        raise RequestError(400, f"the {repeated} header may be sent only once", "BAD_REQUEST")
