"""``pdcontent.load()``: read a locale once, validate it, and keep it for the process."""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

import yaml

from ._version import __version__
from .content import Content
from .locales import SOURCE_LOCALE, available, is_well_formed
from .problems import ContentError
from .resources import content_root
from .validation import check_locale

_lock = threading.Lock()
_loaded: dict[tuple[str, str], Content] = {}


def load(locale: str = SOURCE_LOCALE, *, path: str | os.PathLike[str] | None = None) -> Content:
    """Return the content for ``locale``, loading and checking it on first use.

    ``path`` points at another content root (a checkout's ``content/``); by default the
    packaged content is used. Results are cached per (locale, root) and the first load is
    done under a lock, so concurrent callers share one load.

    Raises :class:`LookupError` for a locale that is malformed or not available, and
    :class:`pdcontent.ContentError` (listing every problem) when the content is invalid.
    """
    if not isinstance(locale, str) or not is_well_formed(locale):
        raise LookupError(f"{locale!r} is not a well-formed locale tag")
    root = Path(path) if path is not None else content_root()
    tag = _match_locale(root, locale)
    key = (tag, str(root.resolve()))
    content = _loaded.get(key)
    if content is not None:
        return content
    with _lock:
        content = _loaded.get(key)
        if content is None:
            content = _read(root / tag, tag)
            _loaded[key] = content
    return content


def _match_locale(root: Path, locale: str) -> str:
    tags = available(root) if root.is_dir() else ()
    for tag in tags:
        if tag.lower() == locale.lower():
            return tag
    raise LookupError(f"no content for locale {locale!r}; available: {', '.join(tags) or 'none'}")


def _read(folder: Path, tag: str) -> Content:
    result = check_locale(folder, full=False)
    if not result.ok:
        # the fast path skipped JSON Schema and Markdown checks; report with all of them
        full = check_locale(folder, full=True)
        raise ContentError(full.problems or result.problems)
    fields = {kind: model for kind, model in result.models.items()}
    return Content(
        locale=tag,
        package_version=__version__,
        metadata=fields["metadata"],
        approach=fields["approach"],
        principles=fields["principles"].items,  # type: ignore[attr-defined]
        techniques=fields["techniques"].items,  # type: ignore[attr-defined]
        conditions=fields["conditions"].items,  # type: ignore[attr-defined]
        session_guide=fields["session-guide"],
        phases=fields["phases"].items,  # type: ignore[attr-defined]
        course_length=fields["course-length"],
        qualifications=fields["qualifications"].items,  # type: ignore[attr-defined]
        considerations=fields["considerations"].items,  # type: ignore[attr-defined]
        glossary=fields["glossary"].items,  # type: ignore[attr-defined]
        references=fields["references"].items,  # type: ignore[attr-defined]
        crisis_resources=fields["crisis-resources"].items,  # type: ignore[attr-defined]
    )


@cache
def content_version() -> str:
    """The packaged content's version, read from ``metadata.yaml`` alone (no full load)."""
    path = content_root() / SOURCE_LOCALE / "metadata.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data["content_version"])


def clear_cache() -> None:
    """Forget every loaded locale (for tests and long-running editors)."""
    with _lock:
        _loaded.clear()
