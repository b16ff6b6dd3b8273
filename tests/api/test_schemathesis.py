"""Schemathesis against a real ``pdcontent serve``: no generated request may cause a server error.

The schema is loaded by introspection from a server on a free loopback port. For every
root field, Schemathesis generates queries in positive mode (valid arguments and
selections) and negative mode (arguments of the wrong type, unknown enum values, nulls
for required values); each one is sent as a POST and, when it fits in a URL, as a GET.

"Server error" here means a 5xx, a masked ``Unexpected error.``, a body that is not a
GraphQL response, or an error logged by the server. Schemathesis's own
``not_a_server_error`` check is not used: for GraphQL it counts every entry in
``errors`` as a server error, including the public ``UNKNOWN_LOCALE`` and
``BAD_USER_INPUT`` errors this API answers invalid input with.

Generation is derandomized and the example database is off, so a run is repeatable, and
nothing leaves the loopback interface.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Ok

from .test_server import Server, serving

#: a GraphQL operation as schemathesis sees it, and one generated request for it
Operation = APIOperation[Any, Any, Any, Any]
GraphQLCase = Case[Operation]

#: examples per root field and generation mode (about 20 fields x 2 modes)
EXAMPLES = 25
MIN_CASES = 500
SEED = 20_240_601
MAX_GET_URL = 6_000  # well under uvicorn's header limit
MASKED = "Unexpected error."


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("schemathesis")) as running:
        yield running


def problems(response: httpx.Response | Any) -> list[str]:
    """What is wrong with one response, if anything (a schemathesis or an httpx response)."""
    status: int = response.status_code
    if status >= 500:
        return [f"HTTP {status}"]
    try:
        body = json.loads(response.content)
    except ValueError:
        return [f"HTTP {status}: not JSON"]
    if not isinstance(body, dict) or not ({"data", "errors"} & body.keys()):
        return [f"HTTP {status}: not a GraphQL response"]
    errors = body.get("errors") or []
    if status != 200 and not errors:
        return [f"HTTP {status} without errors"]
    return [f"HTTP {status}: masked error" for e in errors if e.get("message") == MASKED]


def fuzz(
    operation: Operation,
    mode: GenerationMode,
    visit: Callable[[GraphQLCase, GenerationMode], None],
) -> None:
    """Generate up to :data:`EXAMPLES` cases for ``operation`` in ``mode``, visiting each."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
        print_blob=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: GraphQLCase) -> None:
        visit(case, mode)

    run()


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(live: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # requests (under schemathesis) must not send loopback traffic to a proxy
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    url = live.url + "/graphql"
    schema = schemathesis.graphql.from_url(url, config=schemathesis.Config(seed=SEED), timeout=10)
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), results
    assert len(operations) >= 15, [op.label for op in operations]

    cases: Counter[str] = Counter()  # generated cases, by mode
    sent: Counter[str] = Counter()  # requests, by method
    rejected: Counter[str] = Counter()  # cases answered with GraphQL errors, by mode
    failures: list[str] = []

    with httpx.Client(base_url=live.url, timeout=10.0, trust_env=False) as client:

        def visit(case: GraphQLCase, mode: GenerationMode) -> None:
            document = case.body
            assert isinstance(document, str)
            cases[mode.value] += 1
            posted = case.call(base_url=url, timeout=10)
            sent["POST"] += 1
            found = problems(posted)
            if not found and json.loads(posted.content).get("errors"):
                rejected[mode.value] += 1
            if len(document) < MAX_GET_URL:
                fetched = client.get("/graphql", params={"query": document})
                sent["GET"] += 1
                found += problems(fetched)
            failures.extend(f"{case.operation.label}: {p}\n{document}" for p in found)

        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(operation, mode, visit)
        assert client.get("/healthz").json() == {"status": "ok"}

    total = sum(cases.values())
    summary = (
        f"schemathesis generated {total} cases {dict(cases)} for {len(operations)} root fields, "
        f"sent as {dict(sent)} requests; answered with errors: {dict(rejected)}"
    )
    print(summary)
    assert not failures, f"{summary}\n" + "\n\n".join(failures[:10])
    assert total >= MIN_CASES, summary
    assert cases["positive"] >= MIN_CASES // 2, summary
    assert cases["negative"] >= MIN_CASES // 2, summary
    assert rejected["negative"] > 0, summary  # negative cases really were invalid
    log = live.output()
    assert "Traceback" not in log
    assert "unexpected error" not in log


def _response(status: int, body: bytes) -> httpx.Response:
    return httpx.Response(status, content=body)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b'{"data": {"approach": {"id": "x"}}}', []),
        (200, b'{"data": null, "errors": [{"message": "Unknown locale"}]}', []),
        (400, b'{"errors": [{"message": "Syntax Error"}]}', []),
        (500, b"Internal Server Error", ["HTTP 500"]),
        (502, b"", ["HTTP 502"]),
        (200, b"<html>", ["HTTP 200: not JSON"]),
        (200, b"[1]", ["HTTP 200: not a GraphQL response"]),
        (400, b'{"data": null}', ["HTTP 400 without errors"]),
        (200, b'{"errors": [{"message": "Unexpected error."}]}', ["HTTP 200: masked error"]),
    ],
)
def test_what_counts_as_a_server_error(status: int, body: bytes, expected: list[str]) -> None:
    assert problems(_response(status, body)) == expected
