"""pdcontent_api: the GraphQL API over pdcontent (install ``pdcontent[api]``).

The public names are imported on first use, so that ``pdcontent`` can load this package's
commands (:mod:`.commands`) without Strawberry or Starlette installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import app_from_env, create_app
    from .schema import build_schema, sdl
    from .settings import Settings

__all__ = ["Settings", "app_from_env", "build_schema", "create_app", "sdl"]

_LAZY = {
    "Settings": "settings",
    "app_from_env": "app",
    "build_schema": "schema",
    "create_app": "app",
    "sdl": "schema",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
