"""Reading a GraphQL-over-HTTP request: GET parameters or a JSON POST body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request

from .error_responses import RequestError
from .negotiation import JSON


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    """The parts of a GraphQL request."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise RequestError(400, f"{name} is not valid JSON") from None


def _check(data: dict[str, Any]) -> GraphQLRequest:
    query = data.get("query")
    variables = data.get("variables")
    operation_name = data.get("operationName")
    extensions = data.get("extensions")
    if query is not None and not isinstance(query, str):
        raise RequestError(400, "query must be a string")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "variables must be a JSON object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "operationName must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "extensions must be a JSON object")
    return GraphQLRequest(query, variables, operation_name, extensions)


def from_query_params(request: Request) -> GraphQLRequest:
    """A GET request's parameters; ``variables`` and ``extensions`` are JSON-encoded."""
    params = request.query_params
    return _check(
        {
            "query": params.get("query"),
            "variables": _json_param(params.get("variables"), "variables"),
            "operationName": params.get("operationName"),
            "extensions": _json_param(params.get("extensions"), "extensions"),
        }
    )


def from_body(media_type: str, body: bytes) -> GraphQLRequest:
    """A POST body of ``media_type``, which must be one JSON object (no batches)."""
    if media_type != JSON:
        raise RequestError(415, "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE")
    try:
        # orjson refuses NaN and Infinity (not JSON) and bounds nesting depth
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestError(400, "the body is not valid JSON") from None
    if isinstance(data, list):
        raise RequestError(400, "batched operations are not supported", "BATCHING_NOT_SUPPORTED")
    if not isinstance(data, dict):
        raise RequestError(400, "the body must be a JSON object")
    return _check(data)
