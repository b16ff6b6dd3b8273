"""Commands and schema files that installed packages add to ``pdcontent`` (entry points)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pdcontent.plugins import Command, commands, schema_files

from .conftest import BIN, Completed, run

PDCONTENT = str(BIN / "pdcontent")


def test_the_api_contributes_serve_export_static_and_the_sdl() -> None:
    found, failed = commands()
    assert failed == []
    assert sorted(found) == ["export-static", "serve"]
    assert all(isinstance(c, Command) for c in found.values())
    files = schema_files()
    assert list(files) == ["schema.graphql"]
    assert "type Query" in files["schema.graphql"]


def test_the_cli_lists_the_api_commands() -> None:
    result = run([PDCONTENT, "--help"])
    assert result.code == 0
    assert "serve the GraphQL API" in result.out
    assert "export-static" in result.out
    serve = run([PDCONTENT, "serve", "--help"])
    assert serve.code == 0
    assert "--no-introspection" in serve.out


def test_loading_the_commands_imports_no_web_stack() -> None:
    code = (
        "import sys\n"
        "from pdcontent.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "web = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "  ('strawberry', 'starlette', 'uvicorn', 'graphql'))\n"
        "print(code, 'pdcontent_api.commands' in sys.modules, web)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert proc.stdout.split("\n")[-2] == "0 True []", proc.stdout + proc.stderr


def _with_plugin(tmp_path: Path, entry_points: str, module: str = "") -> dict[str, str]:
    """An environment where a distribution with ``entry_points`` is installed, too."""
    info = tmp_path / "fake_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    (tmp_path / "fake_plugin.py").write_text(module, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(tmp_path)}


def _pdcontent(env: dict[str, str], *args: str, cwd: Path | None = None) -> Completed:
    proc = subprocess.run(
        [PDCONTENT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return Completed(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("broken = no_such_module:COMMAND", "No module named 'no_such_module'"),
        ("broken = fake_plugin:MISSING", "MISSING"),
        ("broken = fake_plugin:NOT_A_COMMAND", "is not a Command"),
        ("broken = fake_plugin:COMMAND", "ZeroDivisionError"),
    ],
)
def test_a_broken_plugin_does_not_break_the_core_commands(
    tmp_path: Path, entry: str, message: str
) -> None:
    module = "NOT_A_COMMAND = 3\n" + ("1 / 0\n" if entry.endswith(":COMMAND") else "")
    env = _with_plugin(tmp_path, f"[pdcontent.commands]\n{entry}\n", module)
    listed = _pdcontent(env, "--help")
    assert listed.code == 0, listed.err
    assert "Traceback" not in listed.err
    assert "pdcontent: ignoring an installed command: pdcontent.commands 'broken'" in listed.err
    assert message in listed.err
    assert "serve the GraphQL API" in listed.out  # the other installed commands are there
    # a built-in command does not even look
    checked = _pdcontent(env, "validate")
    assert (checked.code, "ignoring" in checked.err) == (0, False), checked.err


def test_a_plugin_cannot_replace_a_built_in_command(tmp_path: Path) -> None:
    module = (
        "from pdcontent.plugins import Command\n"
        "VALIDATE = Command(help='not the real one', add_arguments=lambda p: None,\n"
        "                  run=lambda args: 7)\n"
    )
    env = _with_plugin(tmp_path, "[pdcontent.commands]\nvalidate = fake_plugin:VALIDATE\n", module)
    listed = _pdcontent(env, "--help")
    assert "ignoring an installed 'validate': it is a built-in" in listed.err
    assert "not the real one" not in listed.out


def test_a_plugin_command_runs(tmp_path: Path) -> None:
    module = (
        "from pdcontent.plugins import Command\n"
        "def _arguments(parser):\n"
        "    parser.add_argument('name')\n"
        "def _run(args):\n"
        "    print('hello', args.name)\n"
        "    return 1\n"
        "HELLO = Command(help='say hello', add_arguments=_arguments, run=_run)\n"
    )
    env = _with_plugin(tmp_path, "[pdcontent.commands]\nhello = fake_plugin:HELLO\n", module)
    result = _pdcontent(env, "hello", "world")
    assert (result.code, result.out) == (1, "hello world\n")
    assert "say hello" in _pdcontent(env, "--help").out


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        ("{'x.graphql': 3}", "did not return name -> text"),
        ("{'phases.schema.json': '{}'}", "would replace phases.schema.json"),
    ],
)
def test_a_broken_schema_plugin_is_a_clear_error(
    tmp_path: Path, returned: str, message: str
) -> None:
    module = f"def files():\n    return {returned}\n"
    env = _with_plugin(tmp_path, "[pdcontent.schema_files]\nbad = fake_plugin:files\n", module)
    result = _pdcontent(env, "schema", "--output", str(tmp_path / "schema"))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert message in result.err
    assert not list(tmp_path.glob("schema/*"))  # checked before any file is written
