"""The ``pdcontent`` command: validate content, regenerate schemas, exchange translations.

Installed packages add commands through :mod:`.plugins` (the API adds ``serve`` and
``export-static``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ._version import __version__
from .plugins import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command, PluginError
from .plugins import commands as plugin_commands
from .tags import SOURCE_LOCALE
from .writing import WriteError, write_all

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "main", "run"]

Handler = Callable[[argparse.Namespace], int]

#: where a checkout keeps its content, seen from its top folder: what writing commands change
CHECKOUT_CONTENT = Path("content")
#: where a checkout keeps its generated schemas, seen from its top folder
CHECKOUT_SCHEMA = Path("schema")
READ_HELP = "content root (default: the packaged content)"
WRITE_HELP = "content root to change (default: content/ of the checkout you are in)"


class UsageError(Exception):
    """A command cannot run as asked (nothing was read or written); ``main`` exits 2."""


def _has_source(root: Path) -> bool:
    return (root / SOURCE_LOCALE).is_dir()


def _readable_root(given: Path | None) -> Path:
    """What a read-only command reads: ``--content``, else the packaged content."""
    from .resources import content_root

    root = given if given is not None else content_root()
    if not _has_source(root):
        raise UsageError(f"{root} holds no {SOURCE_LOCALE}/ folder")
    return root


def _in_checkout(given: Path | None) -> Path:
    """What a writing command changes: ``--content``, else the checkout's ``content/``.

    Never the packaged content: installed from a wheel it belongs to the installation,
    and a translation written there would be lost with the next upgrade.
    """
    if given is not None:
        if not _has_source(given):
            raise UsageError(f"{given} holds no {SOURCE_LOCALE}/ folder")
        return given
    if _has_source(CHECKOUT_CONTENT):
        return CHECKOUT_CONTENT
    raise UsageError(
        f"this command writes content, so it needs a checkout: run it at the top of one "
        f"(where {CHECKOUT_CONTENT / SOURCE_LOCALE}/ is) or pass --content DIR; "
        "the packaged content is read-only"
    )


def _parser(plugins: Mapping[str, Command]) -> argparse.ArgumentParser:
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
    validate.add_argument(
        "--content", type=Path, help="the same as PATH, as the other commands spell it"
    )
    validate.add_argument("--format", choices=("text", "json", "github", "junit"), default="text")
    validate.add_argument(
        "--strict", action="store_true", help="stale translations are errors, not warnings"
    )
    validate.add_argument(
        "--require-complete",
        action="store_true",
        help="missing translations are errors, not warnings",
    )

    schema = commands.add_parser("schema", help="regenerate the JSON Schemas in schema/")
    schema.add_argument(
        "--output", type=Path, help="target folder (default: schema/ of the checkout you are in)"
    )
    schema.add_argument(
        "--check", action="store_true", help="only report drift; exit 1 if any file differs"
    )
    # installed packages' commands where serve and export-static always were in --help
    for name, command in plugins.items():
        command.add_arguments(commands.add_parser(name, help=command.help))

    translations = commands.add_parser("translations", help="scaffold and track translations")
    actions = translations.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser("init", help="write draft overlay files for a new locale")
    init.add_argument("locale", help="a BCP 47 tag, e.g. es or pt-BR")
    init.add_argument("--content", type=Path, help=WRITE_HELP)
    confirm = actions.add_parser(
        "confirm", help="mark reviewed translations as current with the English source"
    )
    confirm.add_argument("locale")
    confirm.add_argument("units", nargs="+", help="unit ids or globs, e.g. phases/initial/*")
    confirm.add_argument("--content", type=Path, help=WRITE_HELP)
    status = actions.add_parser("status", help="completeness and stale counts per locale")
    status.add_argument("--content", type=Path, help=READ_HELP)

    export = commands.add_parser(
        "export", help="write a locale's translations as XLIFF 2.0 or gettext PO"
    )
    export.add_argument("--format", choices=("xliff", "po"), required=True)
    export.add_argument("locale", help="the locale to export, e.g. es")
    export.add_argument("--content", type=Path, help=READ_HELP)
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    import_ = commands.add_parser(
        "import", help="merge an XLIFF or PO file into its locale's overlay, if it validates"
    )
    import_.add_argument("file", type=Path, help="an XLIFF 2.0 or PO file made by export")
    import_.add_argument("--content", type=Path, help=WRITE_HELP)
    import_.add_argument(
        "--dry-run", action="store_true", help="check and report, but write nothing"
    )
    return parser


def _validate(args: argparse.Namespace) -> int:
    from .resources import content_root
    from .translations.check import CheckOptions
    from .translations.tree import NotContent, validate_tree
    from .validation.output import RENDERERS

    if args.path is not None and args.content is not None:
        raise UsageError("give the content root as PATH or as --content, not both")
    given: Path | None = args.path if args.path is not None else args.content
    root = given if given is not None else content_root()
    if not root.is_dir():
        print(f"pdcontent validate: {root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    options = CheckOptions(strict=args.strict, require_complete=args.require_complete)
    try:
        reports = validate_tree(root, options)
    except NotContent as exc:
        print(f"pdcontent validate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    rendered = RENDERERS[args.format](reports)
    if rendered:
        print(rendered)
    if args.format == "text":
        for report in reports:
            print(report.summary(), file=sys.stderr)
    return EXIT_PROBLEMS if any(r.errors for r in reports) else EXIT_OK


def _translations(args: argparse.Namespace) -> int:
    from .tags import canonical, folder_for, is_well_formed
    from .translations.check import check_overlay
    from .translations.overlay import UnitStatus
    from .translations.scaffold import init_locale
    from .translations.units import units_by_kind
    from .validation import check_locale

    root = _readable_root(args.content) if args.action == "status" else _in_checkout(args.content)
    english = check_locale(root / SOURCE_LOCALE)
    if not english.ok:
        for problem in english.problems:
            print(problem, file=sys.stderr)
        print(f"pdcontent translations: fix {root / SOURCE_LOCALE} first", file=sys.stderr)
        return EXIT_PROBLEMS
    given: str | None = getattr(args, "locale", None)  # status takes no locale
    tag = canonical(given) if given is not None and is_well_formed(given) else None
    try:
        folder = folder_for(root, tag) if tag is not None else None
    except LookupError as exc:  # ES/ for es: writing es/ beside it would make two locales
        print(f"pdcontent translations: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.action == "init":
        if tag is None or tag == SOURCE_LOCALE:
            print(
                f"pdcontent translations: {args.locale!r} is not a locale to translate into",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            written = init_locale(english.models, root / tag, tag)
        except WriteError as exc:
            print(f"pdcontent translations: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        for path in written:
            print(f"wrote {path}")
        print(f"{len(written)} file(s) written; existing files were kept", file=sys.stderr)
        return EXIT_OK
    units = units_by_kind(english.models)
    if args.action == "confirm":
        from .translations.confirm import confirm_units

        if tag is None or folder is None or tag == SOURCE_LOCALE:
            print(f"pdcontent translations: no translation {args.locale!r}", file=sys.stderr)
            return EXIT_USAGE
        flat = [u for group in units.values() for u in group]
        try:
            confirmed = confirm_units(folder, tag, flat, args.units)
        except (ValueError, WriteError) as exc:
            print(f"pdcontent translations: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        for unit_id in confirmed:
            print(f"confirmed {unit_id}")
        print(f"{len(confirmed)} unit(s) confirmed", file=sys.stderr)
        return EXIT_OK if confirmed else EXIT_PROBLEMS
    total = sum(len(u) for u in units.values())
    from .tags import available

    for tag in available(root):
        if tag == SOURCE_LOCALE:
            continue
        result = check_overlay(root / tag, tag, units)
        stale = sum(1 for p in result.problems if p.rule == "stale-source")
        done = sum(1 for u in result.units.values() if u.status is not UnitStatus.DRAFT)
        print(f"{tag}: {done}/{total} translated ({100 * done // total}%), {stale} stale")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .tags import canonical, is_well_formed
    from .translations.interchange import ContentProblems, Format, InterchangeError, export_locale

    tag = canonical(args.locale) if is_well_formed(args.locale) else None
    if tag is None or tag == SOURCE_LOCALE:
        print(
            f"pdcontent export: {args.locale!r} is not a locale to translate into",
            file=sys.stderr,
        )
        return EXIT_USAGE
    root = _readable_root(args.content)
    try:
        data = export_locale(root, tag, Format(args.format))
    except ContentProblems as exc:
        for problem in exc.problems:
            print(problem)
        print(f"pdcontent export: {exc.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    except InterchangeError as exc:
        print(f"pdcontent export: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        # all or nothing: a failed write leaves no empty or partial file behind
        write_all({args.output: data})
    except WriteError as exc:
        print(f"pdcontent export: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .translations.interchange import ContentProblems, InterchangeError, import_bytes

    root = _in_checkout(args.content)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"pdcontent import: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        plan = import_bytes(root, data, dry_run=args.dry_run)
    except WriteError as exc:
        print(f"pdcontent import: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except InterchangeError as exc:
        for message in exc.messages:
            print(f"pdcontent import: {args.file}: {message}", file=sys.stderr)
        return EXIT_PROBLEMS
    except ContentProblems as exc:
        for problem in exc.problems:
            print(problem)
        print(f"pdcontent import: {exc.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in plan.paths:
        print(f"{'would write' if args.dry_run else 'wrote'} {path}")
    warnings = len(plan.problems)
    print(
        f"{plan.locale}: {plan.count} unit(s) {'to update' if args.dry_run else 'updated'} "
        f"in {len(plan.paths)} file(s); {warnings} warning(s) (see pdcontent validate)"
    )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schemagen import REGENERATE_COMMAND, drifted, write_schemas

    if args.output is not None:
        target: Path = args.output
    elif _has_source(CHECKOUT_CONTENT):
        target = CHECKOUT_SCHEMA
    else:
        # without this, `pdcontent schema` anywhere made a schema/ folder there
        raise UsageError(
            f"this command writes {CHECKOUT_SCHEMA}/ of a checkout: run it at the top of one "
            f"(where {CHECKOUT_CONTENT / SOURCE_LOCALE}/ is) or pass --output DIR"
        )
    try:
        if args.check:
            stale = drifted(target)
            for name in stale:
                print(f"{target / name}: out of date (run `{REGENERATE_COMMAND}`)")
            return EXIT_PROBLEMS if stale else EXIT_OK
        written = write_schemas(target)
    except (PluginError, WriteError) as exc:
        print(f"pdcontent schema: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _plugins(core: Mapping[str, Handler]) -> dict[str, Command]:
    """The installed packages' commands (``serve``, ``export-static`` from the API)."""
    found, failed = plugin_commands()
    for error in failed:
        # a broken add-on must not take validate and the translation tools down with it
        print(f"pdcontent: ignoring an installed command: {error}", file=sys.stderr)
    for name in [n for n in found if n in core]:
        print(f"pdcontent: ignoring an installed {name!r}: it is a built-in", file=sys.stderr)
        del found[name]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 problems, 2 usage)."""
    handlers: dict[str, Handler] = {
        "validate": _validate,
        "schema": _schema,
        "translations": _translations,
        "export": _export,
        "import": _import,
    }
    words = sys.argv[1:] if argv is None else list(argv)
    asked = next((word for word in words if not word.startswith("-")), None)
    # finding plugins reads every installed distribution's metadata (tens of milliseconds):
    # a built-in command does without them
    plugins = {} if asked in handlers else _plugins(handlers)
    args = _parser(plugins).parse_args(words)
    handlers.update((name, command.run) for name, command in plugins.items())
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        action = f" {args.action}" if args.command == "translations" else ""
        print(f"pdcontent {args.command}{action}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
