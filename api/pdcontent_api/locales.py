"""Resolving the ``locale`` argument to loaded content, safely."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

import pdcontent
from pdcontent.locales import available, is_well_formed
from pdcontent.resources import content_root

from .context import Ctx
from .errors import PublicError
from .types.locale_info import LocaleInfo


class ContentSource:
    """Where the API reads content from: the packaged tree, or another root."""

    def __init__(self, root: str | None = None) -> None:
        from pathlib import Path

        self.root = Path(root) if root else content_root()

    @cache  # noqa: B019 - one source per app, kept for the app's life
    def supported(self) -> tuple[str, ...]:
        """The locale tags with content under the root."""
        return available(self.root)

    def context(self, tag: str | None) -> Ctx:
        """The content for ``tag`` (default: English); unknown tags are a public error."""
        requested = tag if tag is not None else "en"
        if not isinstance(requested, str) or not is_well_formed(requested):
            raise self._unknown(requested)
        try:
            content = pdcontent.load(requested, path=self.root)
        except LookupError:
            raise self._unknown(requested) from None
        return Ctx(content=content, requested=requested)

    def _unknown(self, tag: object) -> PublicError:
        shown = tag[:40] if isinstance(tag, str) else "?"
        return PublicError(
            f"Unknown locale {shown!r}. Supported: {', '.join(self.supported())}.",
            "UNKNOWN_LOCALE",
            supported=list(self.supported()),
        )

    def locales(self) -> list[LocaleInfo]:
        """Describe every supported locale."""
        return [describe(tag) for tag in self.supported()]


def describe(tag: str) -> LocaleInfo:
    """Names and direction of a locale tag, from CLDR via Babel."""
    try:
        locale = Locale.parse(tag, sep="-")
        english = locale.get_display_name("en") or tag
        native = locale.get_display_name(locale) or english
        direction = locale.text_direction
    except (ValueError, UnknownLocaleError):
        english = native = tag
        direction = "ltr"
    return LocaleInfo(code=tag, english_name=english, native_name=native, direction=direction)
