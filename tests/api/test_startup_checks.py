"""Broken content fails at start-up, cleanly; anything unexpected later is a masked error.

A broken overlay used to pass start-up and turn every request of its language into a
plain-text 500. Now every locale is loaded before the first request, the problems are
printed as ``file:line:col: rule: message`` exactly as ``pdcontent validate`` prints
them, whichever way the root was given; and an error nothing expected reaches the client
as a GraphQL error with the code ``INTERNAL_SERVER_ERROR`` and no detail.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from pdcontent.problems import ContentError
from pdcontent_api.app import create_app
from pdcontent_api.settings import Settings

from ..conftest import CONTENT, Completed
from .test_server import _env, free_port

PROBLEM = re.compile(r"^\S+:\d+:\d+: [a-z-]+: .+$")
MASKED = {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}


def broken_tree(tmp_path: Path, locale: str, old: str, new: str) -> Path:
    """A copy of the content with one text replaced in ``locale``'s phases.yaml."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / locale / "phases.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.fixture
def broken_overlay(tmp_path: Path) -> Path:
    return broken_tree(tmp_path, "es", "status: translated", "status: bogus")


@pytest.fixture
def broken_english(tmp_path: Path) -> Path:
    return broken_tree(tmp_path, "en", "id: initial", "id: Not A Slug")


def run_serve(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``pdcontent serve`` expecting it to stop by itself; its exit code and stderr."""
    command = [sys.executable, "-m", "pdcontent", "serve", "--port", str(free_port()), *args]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**_env(), **(env or {})},
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("serve kept running on broken content")
    return proc.returncode, err.decode("utf-8", errors="replace")


def error_errors(validated: Completed) -> list[str]:
    """The error lines of ``pdcontent validate`` (file:line:col: rule: message)."""
    return [line for line in validated.out.splitlines() if PROBLEM.match(line)]


def assert_listed_like_validate(err: str, root: Path, cli: Callable[..., Completed]) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert re.fullmatch(r"pdcontent serve: \d+ content problem\(s\):", lines[0]), err
    problems = lines[1:]
    assert problems
    assert all(PROBLEM.match(line) for line in problems), err
    validated = cli("validate", str(root))
    assert validated.code == 1
    assert set(problems) <= set(error_errors(validated))


# --- start-up ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_broken_overlay_fails_serve_at_start_up(
    broken_overlay: Path, cli: Callable[..., Completed]
) -> None:
    code, err = run_serve(["--content", str(broken_overlay)])
    assert code == 1
    assert_listed_like_validate(err, broken_overlay, cli)
    assert re.search(r"es/phases\.yaml:\d+:\d+: invalid-value: 'bogus' is not one of", err)


@pytest.mark.slow
def test_a_broken_english_tree_fails_the_same_way(
    broken_english: Path, cli: Callable[..., Completed]
) -> None:
    code, err = run_serve(["--content", str(broken_english)])
    assert code == 1
    assert_listed_like_validate(err, broken_english, cli)


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_content_root_variable_is_checked_like_the_option(
    broken_overlay: Path, cli: Callable[..., Completed], workers: str
) -> None:
    code, err = run_serve(
        ["--workers", workers], env={"PDCONTENT_CONTENT_ROOT": str(broken_overlay)}
    )
    assert code == 1
    assert_listed_like_validate(err, broken_overlay, cli)
    by_option = run_serve(["--content", str(broken_overlay)])[1]
    assert err.splitlines()[1:] == by_option.splitlines()[1:]


@pytest.mark.slow
def test_uvicorn_running_the_factory_itself_fails_cleanly(broken_overlay: Path) -> None:
    command = [sys.executable, "-m", "uvicorn", "--factory", "pdcontent_api.app:app_from_env"]
    done = subprocess.run(
        [*command, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
        env={**_env(), "PDCONTENT_CONTENT_ROOT": str(broken_overlay)},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(r"es/phases\.yaml:\d+:\d+: invalid-value: ", done.stderr)


@pytest.mark.slow
def test_a_setting_that_is_not_a_number_is_a_usage_error() -> None:
    code, err = run_serve([], env={"PDCONTENT_CACHE_ENTRIES": "many"})
    assert code == 2
    assert "Traceback" not in err
    assert "PDCONTENT_* setting is invalid" in err


def test_create_app_refuses_a_broken_overlay(broken_overlay: Path) -> None:
    with pytest.raises(ContentError) as caught:
        create_app(Settings(content_root=str(broken_overlay)))
    assert [p.rule for p in caught.value.problems] == ["invalid-value"]
    assert caught.value.problems[0].file.endswith(os.path.join("es", "phases.yaml"))


def test_create_app_refuses_two_folders_of_one_locale(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    shutil.copytree(root / "fr", root / "FR")
    with pytest.raises(ContentError) as caught:
        create_app(Settings(content_root=str(root)))
    assert {p.rule for p in caught.value.problems} == {"locale-folder-clash"}


# --- at request time --------------------------------------------------------------------


def post(app: Starlette, query: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """One POST through the app, answering (not raising) what the app lets escape."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/graphql", json={"query": query}, headers=headers or {})

    return asyncio.run(send())


@pytest.fixture
def app() -> Starlette:
    return create_app(Settings())


def _assert_no_detail(response: httpx.Response) -> None:
    for secret in ("secret detail", "Traceback", "RuntimeError", "ContentError", "/work/", ".py"):
        assert secret not in response.text


def test_content_loading_failing_in_a_resolver_is_masked_with_a_code(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pdcontent

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ContentError([])  # as if the tree broke on disk after start-up

    # the API reads content through pdcontent.load, looked up at each call
    monkeypatch.setattr(pdcontent, "load", broken)
    response = post(app, '{ approach(locale: "de") { id } }')
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert {k: error[k] for k in MASKED} == MASKED
    assert error["path"] == ["approach"]
    _assert_no_detail(response)


def test_a_failure_outside_execution_is_a_masked_graphql_error(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    graphql = app.state.graphql

    def boom(accept_language: str | None) -> str:
        raise RuntimeError("secret detail")

    # the locale negotiation runs before execution, to build the cache key
    monkeypatch.setattr(graphql, "negotiate", boom)
    response = post(app, "{ approach { id } }", {"Accept-Language": "de"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"errors": [MASKED]}
    _assert_no_detail(response)
    monkeypatch.undo()
    healthy = post(app, "{ approach { id } }")
    assert healthy.json() == {"data": {"approach": {"id": "psychodynamic-therapy"}}}
