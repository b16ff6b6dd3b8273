"""pdcontent: structured, validated content about psychodynamic therapy.

``import pdcontent`` reads no content and imports no models; :func:`load` does the
work on first use. ``CONTENT_VERSION`` is read from the packaged metadata on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .catalog import LocaleInfo, locales
    from .content import Content
    from .loading import load
    from .problems import ContentError, Problem

__all__ = [
    "CONTENT_VERSION",
    "Content",
    "ContentError",
    "LocaleInfo",
    "Problem",
    "__version__",
    "load",
    "locales",
]

_LAZY = {
    "Content": ("pdcontent.content", "Content"),
    "load": ("pdcontent.loading", "load"),
    "ContentError": ("pdcontent.problems", "ContentError"),
    "Problem": ("pdcontent.problems", "Problem"),
    "LocaleInfo": ("pdcontent.catalog", "LocaleInfo"),
    "locales": ("pdcontent.catalog", "locales"),
}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so ``import pdcontent`` stays cheap."""
    if name == "CONTENT_VERSION":
        from .loading import content_version

        return content_version()
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pdcontent' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
