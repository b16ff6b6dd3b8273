"""The ``pdcontent`` command: validate content and regenerate schemas."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pdcontent", description="Structured content about psychodynamic therapy."
    )
    parser.add_argument("--version", action="version", version=f"pdcontent {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a content tree for problems")
    validate.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a content root (with one folder per locale) or one locale folder; "
        "default: the packaged content",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")

    schema = commands.add_parser("schema", help="regenerate the JSON Schemas in schema/")
    schema.add_argument("--output", type=Path, help="target folder (default: ./schema)")
    schema.add_argument(
        "--check", action="store_true", help="only report drift; exit 1 if any file differs"
    )
    return parser


def _locale_folders(path: Path) -> list[Path] | None:
    from .locales import available
    from .models import FILE_KINDS

    if any((path / kind.filename).is_file() for kind in FILE_KINDS):
        return [path]
    folders = [path / tag for tag in available(path)]
    return folders or None


def _validate(args: argparse.Namespace) -> int:
    from .resources import content_root
    from .validation import check_locale

    root: Path = args.path if args.path is not None else content_root()
    if not root.is_dir():
        print(f"pdcontent validate: {root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    folders = _locale_folders(root)
    if folders is None:
        print(
            f"pdcontent validate: {root} holds no content (expected locale folders such as en/)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    problems = []
    for folder in folders:
        problems.extend(check_locale(folder).problems)
    if args.format == "json":
        report = {
            "ok": not problems,
            "locales": [f.name for f in folders],
            "problems": [p.to_json() for p in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)
        checked = ", ".join(f.name for f in folders)
        print(f"{len(problems)} problem(s) in {checked}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schemagen import REGENERATE_COMMAND, drifted, write_schemas

    target: Path = args.output if args.output is not None else Path("schema")
    if args.check:
        stale = drifted(target)
        for name in stale:
            print(f"{target / name}: out of date (run `{REGENERATE_COMMAND}`)")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(target):
        print(f"wrote {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 problems, 2 usage)."""
    args = _parser().parse_args(argv)
    handlers = {"validate": _validate, "schema": _schema}
    try:
        return handlers[args.command](args)
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
