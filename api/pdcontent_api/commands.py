"""The commands the API adds to ``pdcontent``: ``serve``, ``export-static``, and the SDL.

``pdcontent`` finds them through entry points (``pyproject.toml``), so the core package
never imports this one. This module imports only the core and the standard library: the
API's own dependencies are imported when a command runs, so that without the ``api``
extra the commands still show in ``--help`` and fail with a clear message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdcontent.plugins import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Command
from pdcontent.tags import SOURCE_LOCALE

#: the generated file of ``schema/`` that holds the API's GraphQL SDL
GRAPHQL_SDL = "schema.graphql"
#: the repository this module sits in when it runs from a checkout (editable install)
CHECKOUT = Path(__file__).resolve().parents[2]


def checkout_examples(checkout: Path) -> Path | None:
    """The ``examples/`` folder of a source checkout, or None (a wheel ships no examples)."""
    examples = checkout / "examples"
    if (checkout / "pyproject.toml").is_file() and (examples / "web").is_dir():
        return examples
    return None


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes")
    serve.add_argument("--content", type=Path, help="content root (default: packaged)")
    serve.add_argument("--no-graphiql", action="store_true", help="turn the GraphiQL IDE off")
    serve.add_argument(
        "--no-introspection", action="store_true", help="turn introspection and suggestions off"
    )
    serve.add_argument("--cors-origin", action="append", help="allowed origin (repeatable)")
    serve.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )
    serve.add_argument("--no-access-log", action="store_true", help="do not log each request")
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="behind a reverse proxy: take the client's address and scheme from its "
        "X-Forwarded-For and X-Forwarded-Proto headers",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="comma-separated addresses of the proxies whose X-Forwarded-* headers are "
        "trusted (default: 127.0.0.1; '*' trusts every sender); needs --proxy-headers",
    )
    serve.add_argument(
        "--examples",
        action="store_true",
        help="also serve the checkout's examples/ at /examples/ (the front end: /examples/web/)",
    )


def _serve(args: argparse.Namespace) -> int:
    try:
        from .server import serve
        from .settings import Settings
    except ImportError:
        print("pdcontent serve needs the API extra: pip install 'pdcontent[api]'", file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 1 or not 0 <= args.port <= 65535:
        print("pdcontent serve: --workers must be >= 1 and --port 0-65535", file=sys.stderr)
        return EXIT_USAGE
    if args.forwarded_allow_ips is not None and not args.proxy_headers:
        # on its own the list would do nothing: say so rather than trust no one silently
        print("pdcontent serve: --forwarded-allow-ips needs --proxy-headers", file=sys.stderr)
        return EXIT_USAGE
    examples = checkout_examples(CHECKOUT) if args.examples else None
    if args.examples and examples is None:
        print(
            "pdcontent serve: --examples needs a source checkout; the examples ship only in "
            "the repository (examples/web/), not in the package",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        settings = Settings.from_env(
            content_root=str(args.content.resolve()) if args.content else None,
            examples_root=str(examples) if examples else None,
            graphiql=False if args.no_graphiql else None,
            introspection=False if args.no_introspection else None,
            cors_origins=tuple(args.cors_origin) if args.cors_origin else None,
        )
    except (TypeError, ValueError) as exc:  # a PDCONTENT_* variable that is not a number
        print(f"pdcontent serve: a PDCONTENT_* setting is invalid: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if settings.content_root is not None:
        # check every locale before any worker starts, whether the root came from --content
        # or PDCONTENT_CONTENT_ROOT: a bad root must fail once, clearly
        from pdcontent.problems import ContentError

        from .locales import ContentSource

        shown = args.content if args.content is not None else settings.content_root
        try:
            ContentSource(settings.content_root).check()
        except (LookupError, OSError) as exc:
            print(f"pdcontent serve: no usable content at {shown}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except ContentError as exc:
            print(f"pdcontent serve: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    if examples is not None:
        print(f"reference front end: http://{args.host}:{args.port}/examples/web/", file=sys.stderr)
    serve(
        settings,
        args.host,
        args.port,
        args.workers,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return EXIT_OK


def _export_static_arguments(static: argparse.ArgumentParser) -> None:
    static.add_argument("directory", type=Path)
    static.add_argument("--content", type=Path, help="content root (default: packaged)")
    static.add_argument(
        "--base-url",
        default=None,
        help="where the API will answer, for JSON-LD ids (default: https://pdcontent.invalid)",
    )


def _export_static(args: argparse.Namespace) -> int:
    try:
        from .settings import Settings
        from .static import export_static
    except ImportError:
        print("export-static needs the API extra: pip install 'pdcontent[api]'", file=sys.stderr)
        return EXIT_USAGE
    from pdcontent.problems import ContentError

    if args.content is not None and not (args.content / SOURCE_LOCALE).is_dir():
        print(f"pdcontent export-static: no content at {args.content}", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings(content_root=str(args.content) if args.content else None)
    from pdcontent.jsonld import PLACEHOLDER_BASE, check_base_url

    try:
        base = check_base_url(args.base_url or PLACEHOLDER_BASE)
    except ValueError as exc:
        print(f"pdcontent export-static: --base-url: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = export_static(args.directory, settings, base_url=base)
    except (LookupError, OSError) as exc:
        print(f"pdcontent export-static: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        print(f"pdcontent export-static: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {len(written)} files to {args.directory}", file=sys.stderr)
    return EXIT_OK


SERVE = Command(
    help="serve the GraphQL API (needs pdcontent[api])",
    add_arguments=_serve_arguments,
    run=_serve,
)
EXPORT_STATIC = Command(
    help="write the API's answers as JSON files (needs pdcontent[api])",
    add_arguments=_export_static_arguments,
    run=_export_static,
)


def schema_files() -> dict[str, str]:
    """The API's part of ``schema/``: its GraphQL SDL; nothing without the ``api`` extra."""
    try:
        from .schema import sdl
    except ImportError:
        return {}
    return {GRAPHQL_SDL: sdl()}


__all__ = ["EXPORT_STATIC", "GRAPHQL_SDL", "SERVE", "schema_files"]
