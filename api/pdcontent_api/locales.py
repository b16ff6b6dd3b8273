"""Resolving the ``locale`` argument, or the Accept-Language header, to loaded content."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pdcontent
from pdcontent.problems import ContentError, Severity
from pdcontent.resources import content_root
from pdcontent.tags import (
    PSEUDO_LOCALES,
    SOURCE_LOCALE,
    available,
    canonical,
    clashing_folders,
    is_well_formed,
)

from .context import Ctx
from .errors import PublicError

if TYPE_CHECKING:
    from pdcontent.catalog import LocaleInfo as CatalogEntry

# The validation and translation stack (YAML reader, checks, overlays, markdown-it) is
# imported only where it runs: a start from snapshots never needs it, and importing it
# cost a serving worker ~250 ms of start-up and its code objects in memory.

#: at most this many Accept-Language entries are considered (the header is client input)
MAX_LANGUAGE_RANGES = 12


def parse_accept_language(header: str | None) -> list[str]:
    """Language ranges of an Accept-Language header, best first; ``*`` and q=0 dropped."""
    if not header:
        return []
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:MAX_LANGUAGE_RANGES]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        tag = tag.strip()
        if tag and tag != "*" and quality > 0 and is_well_formed(tag):
            ranges.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranges)]


class ContentSource:
    """Where the API reads content from: the packaged tree, or another root."""

    def __init__(self, root: str | None = None) -> None:
        self.root = Path(root) if root else content_root()

    def check(self) -> None:
        """Load every locale of the root now, so broken content fails at start-up, not per request.

        Raises :class:`ContentError` (``file:line:col: rule`` for each problem) for a broken
        English tree, a broken overlay, or two folders of one locale; :class:`LookupError`
        or :class:`OSError` when the root holds no content.
        """
        pdcontent.load(SOURCE_LOCALE, path=self.root)
        if clashing_folders(self.root):  # only clashes are errors; the check that names them
            from pdcontent.translations.tree import folder_name_problems

            problems = folder_name_problems(self.root)
            raise ContentError([p for p in problems if p.severity is Severity.ERROR])
        for tag in available(self.root):
            try:
                pdcontent.load(tag, path=self.root)
            except ContentError as exc:
                from pdcontent.translations.tree import validate_tree

                # loading checks overlays structurally only; report what validate reports
                reports = validate_tree(self.root / tag)
                found = [p for r in reports for p in r.problems if p.severity is Severity.ERROR]
                raise ContentError(found or list(exc.problems)) from None

    @cached_property
    def catalog(self) -> tuple[CatalogEntry, ...]:
        """Every locale the root has, English first, the pseudo-locale last."""
        # completeness needs every overlay checked against the English (~300 ms): done
        # on first use, and kept in a snapshot for the next process with the same tree
        from pdcontent import snapshot
        from pdcontent.catalog import LocaleInfo, locales
        from pdcontent.loading import tree_digest

        digest = tree_digest(self.root)
        stored = snapshot.read_catalog(digest)
        if stored is not None and all(isinstance(entry, LocaleInfo) for entry in stored):
            return stored
        entries = locales(path=self.root)
        snapshot.write_catalog(digest, entries)
        return entries

    @cached_property
    def _supported(self) -> tuple[str, ...]:
        # the catalog's codes, from the folder names alone: an unknown-locale answer or
        # /version must not wait for every translation to be checked
        return (*available(self.root), *PSEUDO_LOCALES)

    def supported(self) -> tuple[str, ...]:
        """The locale tags a client may ask for."""
        return self._supported

    def context(self, tag: str | None, accept_language: str | None = None) -> Ctx:
        """The content for ``tag``; without one, the best match for ``accept_language``.

        An explicit tag that is malformed or names a language we lack is a public
        ``UNKNOWN_LOCALE`` error; a header that matches nothing gets English.
        """
        if tag is not None:
            content = self._load(tag)  # refuses a malformed tag, so it has a canonical form
            return Ctx(content=content, requested=canonical(tag))
        for candidate in parse_accept_language(accept_language):
            if candidate in PSEUDO_LOCALES:
                continue  # only served when asked for by name
            try:
                content = pdcontent.load(candidate, path=self.root)
                return Ctx(content=content, requested=canonical(candidate))
            except LookupError:
                continue
        return Ctx(content=self._load(SOURCE_LOCALE), requested=SOURCE_LOCALE)

    def _load(self, tag: object) -> pdcontent.Content:
        if not isinstance(tag, str) or not is_well_formed(tag):
            raise self._unknown(tag)
        try:
            return pdcontent.load(tag, path=self.root)
        except LookupError:
            raise self._unknown(tag) from None

    def _unknown(self, tag: object) -> PublicError:
        shown = tag[:40] if isinstance(tag, str) else "?"
        return PublicError(
            f"Unknown locale {shown!r}. Supported: {', '.join(self.supported())}.",
            "UNKNOWN_LOCALE",
            supported=list(self.supported()),
        )
