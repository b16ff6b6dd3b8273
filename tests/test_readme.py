"""The README's examples, run as a reader would run them, in the order they appear.

Every fenced block is one of:

- ``sh``: each command runs with bash in one temporary checkout (``content/`` and
  ``schema/`` copied), with this environment's ``pdcontent`` first on ``PATH``; it must
  exit 0. ``curl`` goes to a real ``pdcontent serve`` (the README's port 8000 is replaced
  by the server's). ``make`` lines are not run: ``make test`` is this suite, and the
  ``serve`` tests start the server ``make serve`` starts.
- ``sh`` after ``<!-- run: serves -->``: one command that starts a server; it must answer
  ``/healthz`` on the port it was given, and is then stopped.
- ``python``: runs in that checkout with this interpreter; it must exit 0.
- ``js``: runs with Node (CommonJS where it uses ``require``, else an ES module) against
  the real server; it must exit 0.
- data (``yaml``, ``nginx``, ``graphql``, ``text``): not run; GraphQL documents are
  validated against ``schema/schema.graphql``.

A block that cannot run here says why, in a ``<!-- not run: reason -->`` line above it.
Blocks share the checkout, so a file one writes (``es.xlf``, ``queries.json``) is there
for the next, as for a reader following along.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from graphql import GraphQLObjectType, build_schema, parse, validate

from .api.test_server import Server, free_port, serving
from .conftest import BIN, CONTENT, REPO, SCHEMA

pytestmark = pytest.mark.slow

README = REPO / "README.md"
README_PORT = "127.0.0.1:8000"
RUN = {"sh", "python", "js"}
DATA = {"yaml", "nginx", "graphql", "text"}
MARKER = re.compile(r"^<!--\s*(not run|run):?\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Block:
    """One fenced block of the README, with the marker line above it, if any."""

    line: int
    lang: str
    text: str
    marker: str = ""
    reason: str = ""

    @property
    def name(self) -> str:
        return f"README.md:{self.line}:{self.lang}"


def readme_blocks() -> list[Block]:
    """Every fenced block of the README, in order."""
    lines = README.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = re.match(r"^```(\S*)\s*$", lines[index])
        if opening is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = MARKER.match(above.strip())
        found.append(
            Block(
                line=index + 1,
                lang=opening.group(1),
                text="\n".join(lines[index + 1 : end]) + "\n",
                marker=marker.group(1) if marker else "",
                reason=marker.group(2) if marker else "",
            )
        )
        index = end + 1
    return found


BLOCKS = readme_blocks()


def commands(text: str) -> list[str]:
    """The shell commands of a block: continuation lines joined, comments and blanks dropped."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDCONTENT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One checkout for the whole README, as a reader has one."""
    top = tmp_path_factory.mktemp("readme")
    shutil.copytree(CONTENT, top / "content")
    shutil.copytree(SCHEMA, top / "schema")
    return top


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server the README's curl and fetch examples talk to."""
    with serving(tmp_path_factory.mktemp("readme-serve")) as running:
        yield running


def _on_server(text: str, server: Server) -> str:
    return text.replace(README_PORT, server.url.removeprefix("http://"))


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=180, check=False
    )
    assert proc.returncode == 0, f"{args[-1]!r} exited {proc.returncode}:\n{proc.stderr}"
    return proc.stdout


# --- the scenario the README describes around a command ------------------------------------


def _edit_english_initial_title(checkout: Path) -> None:
    """What the README's Translate section supposes before ``confirm``: an English edit."""
    path = checkout / "content" / "en" / "phases.yaml"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(  - id: initial\n(?:    .*\n)*?    title: .*)$", r"\1 (edited)", text)
    assert edited != text, "the initial phase's title was not found"
    path.write_text(edited, encoding="utf-8")
    found = _run_status(["pdcontent", "validate", "content/de", "--strict"], checkout)
    assert "stale-source" in found
    assert "phases.yaml" in found


def _run_status(args: list[str], cwd: Path) -> str:
    proc = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, check=False)
    return proc.stdout + proc.stderr


BEFORE: dict[str, Callable[[Path], None]] = {
    "translations confirm de phases/initial/title": _edit_english_initial_title,
}


def _check_after(command: str, out: str) -> None:
    if "translations confirm" in command:
        # exactly the stale unit is marked reviewed, nothing machine-assisted beside it
        assert out == "confirmed phases/initial/title\n", out
    if command.startswith("curl"):
        # JSON from /graphql and /jsonld, an Atom feed from /infobutton
        assert out.strip().startswith(("{", "<?xml")), out
        assert '"errors"' not in out, out


# --- the tests ------------------------------------------------------------------------------


def test_every_block_is_run_or_says_why_not() -> None:
    assert len(BLOCKS) >= 15
    for block in BLOCKS:
        assert block.lang in RUN | DATA, f"{block.name}: say which language this block is"
        if block.marker == "not run":
            assert len(block.reason) > 10, f"{block.name}: say why it is not run"
        if block.marker == "run":
            assert block.reason == "serves", block.name


def _sh(block: Block, checkout: Path, server: Server) -> None:
    for command in commands(block.text):
        if command.startswith("make "):
            continue
        for needle, setup in BEFORE.items():
            if needle in command:
                setup(checkout)
        out = _run(["bash", "-c", _on_server(command, server)], checkout)
        _check_after(command, out)


def _serves(block: Block, checkout: Path) -> None:
    (command,) = commands(block.text)
    port = free_port()
    assert "--port 8000" in command
    command = command.replace("--port 8000", f"--port {port}")
    log = checkout / f"serves-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=checkout,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
            time.sleep(0.1)
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"accept": "text/html"})
        # every production example turns GraphiQL off
        assert "graphiql" not in page.text.lower()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def _js(block: Block, checkout: Path, server: Server, node_modules: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the README's JavaScript examples need it")
    source = _on_server(block.text, server)
    kind = ["-e"] if "require(" in source else ["--input-type=module", "-e"]
    env = {**_env(), "NODE_PATH": str(node_modules)}
    _run([node, *kind, source], checkout, env)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang in RUN], ids=lambda b: b.name)
def test_readme_block_runs(
    block: Block, checkout: Path, server: Server, request: pytest.FixtureRequest
) -> None:
    if block.marker == "not run":
        pytest.skip(f"{block.name}: {block.reason}")
    if block.marker == "run":
        _serves(block, checkout)
    elif block.lang == "sh":
        _sh(block, checkout, server)
    elif block.lang == "python":
        _run([str(BIN / "python"), "-c", block.text], checkout)
    else:
        _js(block, checkout, server, request.getfixturevalue("node_modules"))


def test_readme_graphql_documents_are_valid() -> None:
    schema = build_schema((SCHEMA / "schema.graphql").read_text(encoding="utf-8"))
    for block in BLOCKS:
        if block.lang == "graphql":
            assert validate(schema, parse(block.text)) == [], block.name


def _block_with(needle: str) -> Block:
    (block,) = [b for b in BLOCKS if needle in b.text]
    return block


def test_apollo_item_types_are_every_type_with_an_id() -> None:
    block = _block_with("const ITEM_TYPES")
    listed = re.search(r"const ITEM_TYPES = \[(.*?)\];", block.text, re.DOTALL)
    assert listed is not None
    named = set(re.findall(r'"(\w+)"', listed.group(1)))
    schema = build_schema((SCHEMA / "schema.graphql").read_text(encoding="utf-8"))
    with_ids = {
        name
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and "id" in t.fields and not name.startswith("__")
    }
    # the two pointer types stay embedded (keyFields: false), as the block says
    assert named == with_ids - {"ContentRef", "SearchResult"}
    assert "keyFields: false" in block.text


def test_codegen_config_points_at_the_sdl_and_maps_every_custom_scalar() -> None:
    config = yaml.safe_load(_block_with("preset: client").text)
    assert (REPO / config["schema"]).is_file()
    sdl = (REPO / config["schema"]).read_text(encoding="utf-8")
    custom = set(re.findall(r"^scalar (\w+)", sdl, re.MULTILINE))
    (output,) = config["generates"].values()
    assert custom <= set(output["config"]["scalars"])
