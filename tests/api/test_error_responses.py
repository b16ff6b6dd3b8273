"""Every refusal of the HTTP layer comes from one builder, in one shape."""

from __future__ import annotations

import pytest

from .conftest import Api

JSON = "application/json"
DOCUMENT_ERROR = -1  # the status depends on the media type the client accepts
APQ = b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "' + b"0" * 64 + b'"}}}'


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"[{}]", JSON, 400, "BATCHING_NOT_SUPPORTED"),
        (b'{"query": "query A { a } query B { b }"}', JSON, DOCUMENT_ERROR, "BAD_REQUEST"),
        (APQ, JSON, 200, "PERSISTED_QUERY_NOT_FOUND"),
        (b"x" * 200_000, JSON, 413, "PAYLOAD_TOO_LARGE"),
        (b'{"query": "{ approach {"}', JSON, DOCUMENT_ERROR, None),
    ],
    ids=["415", "batch", "operation-name", "apq-not-found", "413", "syntax"],
)
@pytest.mark.parametrize("accept", [JSON, "application/graphql-response+json"])
def test_every_error_response_has_one_shape(
    api: Api, body: bytes, content_type: str, status: int, code: str | None, accept: str
) -> None:
    headers = {"accept": accept, "origin": "https://x.test", "content-type": content_type}
    response = api.request("POST", "/graphql", headers=headers, content=body)
    if status == DOCUMENT_ERROR:
        # a document that cannot run is a GraphQL request error: 200 for application/json
        # clients, 400 for the GraphQL response media type (GraphQL over HTTP, 6.4)
        status = 200 if accept == JSON else 400
    assert response.status_code == status
    (error,) = response.json()["errors"]
    assert isinstance(error["message"], str)
    if code is None:  # a syntax error is sent as graphql-core formats it
        assert error["message"].startswith("Syntax Error")
        assert error["locations"]
    else:
        assert error["extensions"] == {"code": code}
    # the body limit answers before the endpoint, in plain JSON
    assert response.headers["content-type"] == (JSON if status == 413 else accept)
    # CORS headers are added to every answer, refusals too
    assert response.headers["access-control-allow-origin"] == "*"
    assert "origin" in response.headers["vary"].lower()
