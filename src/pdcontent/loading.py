"""``pdcontent.load()``: read a locale once, validate it, and keep it for the process.

A locale that loaded once from a tree with the same bytes is read back from its
pre-validated snapshot (:mod:`pdcontent.snapshot`) without validating again; otherwise
it is validated in full, as below, and the snapshot written for the next process.
English is read from its content files. Any other locale is the English content with
each translatable text replaced by the best translation along the locale's CLDR chain;
a text with no usable translation stays English, and every text remembers its origin.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import snapshot
from ._version import __version__
from .content import Content
from .problems import ContentError, Problem
from .provenance import Origin, TranslationStatus
from .resources import content_root
from .tags import PSEUDO_LOCALES, SOURCE_LOCALE, available, canonical, is_well_formed, resolve

if TYPE_CHECKING:
    from .models import Model
    from .translations.units import SourceUnit

# The validating machinery (YAML reader, checks, overlays, and through them jsonschema
# and markdown-it) is imported where it runs, so a load served from a snapshot never
# pays for importing it.

_lock = threading.RLock()
_loaded: dict[tuple[str, ...], Content] = {}
#: (path argument, locale argument) -> content, so a repeated call is one dict read
_requests: dict[tuple[str | None, str], Content] = {}
#: tags come from clients in the API; this bounds what they can make us remember
MAX_REMEMBERED_REQUESTS = 4096
_sources: dict[str, _Source] = {}
#: content root -> the digest of its files, computed once per process (or clear_cache)
_digests: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class _Source:
    """The English file models of one content root and their translation units."""

    models: dict[str, Model]
    units: tuple[SourceUnit, ...]

    by_kind: dict[str, list[SourceUnit]]


def load(locale: str = SOURCE_LOCALE, *, path: str | os.PathLike[str] | None = None) -> Content:
    """Return the content for ``locale``, loading and checking it on first use.

    ``locale`` is any well-formed BCP 47 tag; it resolves along its CLDR parent chain
    (``de-AT`` → ``de``, ``es-MX`` → ``es-419`` → ``es``) to the locales the content has,
    and texts not translated there fall back to English. ``path`` points at another
    content root (a checkout's ``content/``); by default the packaged content is used.
    Results are cached per resolved chain and root; the first load runs under a lock.

    Raises :class:`LookupError` for a malformed tag or a language the content does not
    have, and :class:`pdcontent.ContentError` (listing every problem) for invalid content.
    """
    if not isinstance(locale, str) or not is_well_formed(locale):
        raise LookupError(f"{locale!r} is not a well-formed locale tag")
    # the canonical form keys the cache: ES and es are one entry, not two (clients choose case)
    locale = canonical(locale)
    requested = (None if path is None else os.fspath(path), locale)
    known = _requests.get(requested)
    if known is not None:  # the same call again: no file system or CLDR work at all
        return known
    root = Path(path) if path is not None else content_root()
    tags = available(root) if root.is_dir() else ()
    chain = resolve(locale, tags)
    key = (str(root.resolve()), *chain)
    content = _loaded.get(key)
    if content is None:
        with _lock:
            content = _loaded.get(key)
            if content is None:
                content = _snapshot_or_build(root, chain)
                _loaded[key] = content
    if len(_requests) < MAX_REMEMBERED_REQUESTS:
        _requests[requested] = content
    return content


def _snapshot_or_build(root: Path, chain: list[str]) -> Content:
    """The chain's content from its snapshot when the tree is unchanged, else validated."""
    digest = tree_digest(root)
    content = snapshot.read(digest, chain)
    if content is None:
        content = _build(root, chain)
        snapshot.write(digest, chain, content)
    return content


def tree_digest(root: Path) -> str:
    """The snapshot digest of a content root, computed once per process (or clear_cache)."""
    name = str(root.resolve())
    digest = _digests.get(name)
    if digest is None:
        digest = _digests[name] = snapshot.tree_digest(root)
    return digest


def source_for(root: Path) -> _Source:
    """The English source of a content root, read once and shared (under the load lock)."""
    with _lock:
        return _english(root)


def _english(root: Path) -> _Source:
    key = str(root.resolve())
    source = _sources.get(key)
    if source is None:
        from .translations.units import source_units, units_by_kind
        from .validation import check_locale

        folder = root / SOURCE_LOCALE
        result = check_locale(folder, full=False)
        if not result.ok:
            # the fast path skipped JSON Schema and Markdown checks; report with all of them
            full = check_locale(folder, full=True)
            raise ContentError(full.problems or result.problems)
        source = _Source(
            result.models, tuple(source_units(result.models)), units_by_kind(result.models)
        )
        _sources[key] = source
    return source


def _build(root: Path, chain: list[str]) -> Content:
    source = _english(root)
    primary = chain[0]
    if primary == SOURCE_LOCALE:
        return _content(SOURCE_LOCALE, source.models, {})
    if primary in PSEUDO_LOCALES:
        pseudo = {u.id: _pseudo(u) for u in source.units}
        marks = {u.id: Origin(primary, TranslationStatus.PSEUDO) for u in source.units}
        return _content(primary, _apply(source, pseudo), marks)
    from .problems import Severity
    from .translations.check import check_overlay
    from .translations.overlay import UnitStatus

    overlays = {}
    problems: list[Problem] = []
    for tag in chain[:-1]:
        result = check_overlay(root / tag, tag, source.by_kind, unit_checks=False)
        problems += [p for p in result.problems if p.severity is Severity.ERROR]
        overlays[tag] = result.units
    if problems:
        raise ContentError(problems)
    texts: dict[str, str] = {}
    origins: dict[str, Origin] = {}
    for unit in source.units:
        origins[unit.id] = Origin(SOURCE_LOCALE, TranslationStatus.FALLBACK)
        for tag in chain[:-1]:
            found = overlays[tag].get(unit.id)
            if found is None or found.status is UnitStatus.DRAFT:
                continue
            texts[unit.id] = found.text
            if found.source_hash != unit.hash:
                status = TranslationStatus.STALE
            elif found.status is UnitStatus.REVIEWED:
                status = TranslationStatus.REVIEWED
            else:
                status = TranslationStatus.TRANSLATED
            origins[unit.id] = Origin(tag, status)
            break
    return _content(primary, _apply(source, texts), origins)


def _pseudo(unit: SourceUnit) -> str:
    """The pseudo-locale text of a unit; each name of a names unit is bracketed on its own."""
    from .translations.pseudo import pseudo_text
    from .translations.units import join_names, split_names

    if unit.names:
        return join_names([pseudo_text(name) for name in split_names(unit.text)])
    return pseudo_text(unit.text)


def _apply(source: _Source, texts: dict[str, str]) -> dict[str, Model]:
    """The English file models with the texts of ``texts`` (unit id -> text) put in."""
    from pydantic import ValidationError

    from .models import FILE_KINDS
    from .translations.units import split_names

    data: dict[str, Any] = {}
    for unit in source.units:
        if unit.id not in texts:
            continue
        if unit.kind not in data:
            data[unit.kind] = source.models[unit.kind].model_dump(mode="json")
        node = data[unit.kind]
        for step in unit.path[:-1]:
            node = node[step]
        text = texts[unit.id]
        # a names unit holds the whole list, one name a line: the model wants the names
        node[unit.path[-1]] = list(split_names(text)) if unit.names else text
    models = dict(source.models)
    for kind in FILE_KINDS:
        if kind.name in data:
            try:
                models[kind.name] = kind.model.model_validate(data[kind.name])
            except ValidationError as exc:  # a translation broke a rule only the model knows
                raise ContentError(
                    [Problem(kind.filename, 1, 1, "invalid-value", str(exc).splitlines()[0])]
                ) from None
    return models


def _content(locale: str, models: dict[str, Model], origins: dict[str, Origin]) -> Content:
    from .models import FILE_KINDS

    fields = {
        kind.field: models[kind.name].items if kind.is_collection else models[kind.name]  # type: ignore[attr-defined]
        for kind in FILE_KINDS
    }
    content = Content(locale=locale, package_version=__version__, **fields)
    content.attach_origins(models, origins)
    return content


@cache
def content_version() -> str:
    """The packaged content's version, read from ``metadata.yaml`` alone (no full load)."""
    from .yamlsource import read

    path = content_root() / SOURCE_LOCALE / "metadata.yaml"
    document = read(path)
    data = None if document.issues else document.data
    if not isinstance(data, dict) or "content_version" not in data:
        problems = [
            Problem(str(path), i.position.line, i.position.column, i.rule, i.message, i.hint)
            for i in document.issues
        ]
        missing = Problem(str(path), 1, 1, "missing-field", "content_version is missing")
        raise ContentError(problems or [missing])
    return str(data["content_version"])


def clear_cache() -> None:
    """Forget every loaded locale (for tests and long-running editors)."""
    with _lock:
        _loaded.clear()
        _sources.clear()
        _requests.clear()
        _digests.clear()
