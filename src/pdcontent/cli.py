"""The ``pdcontent`` command: validate content and regenerate schemas."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .locales import SOURCE_LOCALE

if TYPE_CHECKING:
    from .models import Model
    from .translations.units import SourceUnit

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
    serve = commands.add_parser("serve", help="serve the GraphQL API (needs pdcontent[api])")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument("--content", type=Path, help="content root (default: packaged)")
    serve.add_argument("--no-graphiql", action="store_true", help="turn the GraphiQL IDE off")
    serve.add_argument(
        "--no-introspection", action="store_true", help="turn introspection and suggestions off"
    )
    serve.add_argument("--cors-origin", action="append", help="allowed origin (repeatable)")

    translations = commands.add_parser("translations", help="scaffold and track translations")
    actions = translations.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser("init", help="write draft overlay files for a new locale")
    init.add_argument("locale", help="a BCP 47 tag, e.g. es or pt-BR")
    init.add_argument("--content", type=Path, default=Path("content"), help="content root")
    status = actions.add_parser("status", help="completeness and stale counts per locale")
    status.add_argument("--content", type=Path, default=Path("content"), help="content root")
    return parser


def _locale_folders(path: Path) -> list[Path] | None:
    from .locales import available
    from .models import FILE_KINDS

    if any((path / kind.filename).is_file() for kind in FILE_KINDS):
        return [path]
    folders = [path / tag for tag in available(path)]
    return folders or None


def _validate(args: argparse.Namespace) -> int:
    from .problems import Severity
    from .resources import content_root
    from .translations.check import check_overlay
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
    source: dict[str, list[SourceUnit]] | None = None
    for folder in folders:
        if folder.name == SOURCE_LOCALE or (len(folders) == 1 and folder == root):
            result = check_locale(folder)
            problems.extend(result.problems)
            if result.ok:
                source = _units_by_kind(result.models)
        elif source is not None:
            problems.extend(check_overlay(folder, folder.name, source).problems)
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
    errors = [p for p in problems if p.severity is Severity.ERROR]
    return EXIT_PROBLEMS if errors else EXIT_OK


def _units_by_kind(models: dict[str, Model]) -> dict[str, list[SourceUnit]]:
    from .translations.units import source_units

    out: dict[str, list[SourceUnit]] = {}
    for unit in source_units(models):
        out.setdefault(unit.kind, []).append(unit)
    return out


def _translations(args: argparse.Namespace) -> int:
    from .locales import is_well_formed
    from .translations.check import check_overlay
    from .translations.overlay import UnitStatus
    from .translations.scaffold import init_locale
    from .validation import check_locale

    root: Path = args.content
    english = check_locale(root / SOURCE_LOCALE)
    if not english.ok:
        for problem in english.problems:
            print(problem, file=sys.stderr)
        print(f"pdcontent translations: fix {root / SOURCE_LOCALE} first", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.action == "init":
        if not is_well_formed(args.locale) or args.locale == SOURCE_LOCALE:
            print(
                f"pdcontent translations: {args.locale!r} is not a locale to translate into",
                file=sys.stderr,
            )
            return EXIT_USAGE
        written = init_locale(english.models, root / args.locale, args.locale)
        for path in written:
            print(f"wrote {path}")
        print(f"{len(written)} file(s) written; existing files were kept", file=sys.stderr)
        return EXIT_OK
    units = _units_by_kind(english.models)
    total = sum(len(u) for u in units.values())
    from .locales import available

    for tag in available(root):
        if tag == SOURCE_LOCALE:
            continue
        result = check_overlay(root / tag, tag, units)
        stale = sum(1 for p in result.problems if p.rule == "stale-source")
        done = sum(1 for u in result.units.values() if u.status is not UnitStatus.DRAFT)
        print(f"{tag}: {done}/{total} translated ({100 * done // total}%), {stale} stale")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:
        from pdcontent_api.server import serve
        from pdcontent_api.settings import Settings
    except ImportError:
        print("pdcontent serve needs the API extra: pip install 'pdcontent[api]'", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1 or not 0 <= args.port <= 65535:
        print("pdcontent serve: --workers must be >= 1 and --port 0-65535", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings.from_env(
        content_root=str(args.content.resolve()) if args.content else None,
        graphiql=False if args.no_graphiql else None,
        introspection=False if args.no_introspection else None,
        cors_origins=tuple(args.cors_origin) if args.cors_origin else None,
    )
    serve(settings, args.host, args.port, args.workers)
    return EXIT_OK


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
    handlers = {
        "validate": _validate,
        "schema": _schema,
        "translations": _translations,
        "serve": _serve,
    }
    try:
        return handlers[args.command](args)
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
