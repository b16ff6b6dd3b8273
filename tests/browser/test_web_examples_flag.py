"""``pdcontent serve --examples``: the front end from a checkout, a clear refusal elsewhere."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from pdcontent_api import commands

from ..conftest import REPO, run_in_process
from .conftest import serving

JAVASCRIPT = ("text/javascript", "application/javascript")


def test_a_checkout_has_examples() -> None:
    assert commands.CHECKOUT == REPO
    assert commands.checkout_examples(REPO) == REPO / "examples"


@pytest.mark.parametrize("layout", [(), ("pyproject.toml",), ("examples/web/",)])
def test_anything_else_is_not_a_checkout(tmp_path: Path, layout: tuple[str, ...]) -> None:
    for name in layout:
        if name.endswith("/"):
            (tmp_path / name).mkdir(parents=True)
        else:
            (tmp_path / name).write_text("", encoding="utf-8")
    assert commands.checkout_examples(tmp_path) is None


def test_outside_a_checkout_examples_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where an installed wheel puts pdcontent_api: site-packages, no examples/ beside it
    monkeypatch.setattr(commands, "CHECKOUT", tmp_path)
    done = run_in_process(["serve", "--examples", "--port", "1"])
    assert done.code == 2
    assert "examples ship only in the repository" in done.err
    assert "Traceback" not in done.err


@pytest.mark.slow
def test_examples_are_served_only_with_the_flag(tmp_path: Path) -> None:
    with serving(tmp_path, "--examples") as server, server.client() as client:
        page = client.get("/examples/web/")
        assert page.status_code == 200
        assert page.text == (REPO / "examples" / "web" / "index.html").read_text("utf-8")
        script = client.get("/examples/web/js/app.js")
        assert script.headers["content-type"].split(";")[0] in JAVASCRIPT
        # nothing of the checkout outside examples/ (dots encoded, so no client drops them)
        assert client.get("/examples/web/%2e%2e/%2e%2e/pyproject.toml").status_code == 404
        assert "/examples/web/" in server.output()
    with serving(tmp_path) as plain:
        assert httpx.get(plain.url + "/examples/web/").status_code == 404
