"""Where each served text came from: which locale, and in what state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TranslationStatus(StrEnum):
    """The state of a text, or of an item's texts taken together."""

    SOURCE = "source"  # the English original
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    STALE = "stale"  # translated from an English text that has since changed
    FALLBACK = "fallback"  # not translated (or only a draft): English is served
    PSEUDO = "pseudo"  # generated pseudo-locale text


@dataclass(frozen=True, slots=True)
class Origin:
    """The locale a text was read from and its status."""

    locale: str
    status: TranslationStatus


@dataclass(frozen=True, slots=True)
class ItemProvenance:
    """An item's overall locale and status, and each field's origin."""

    locale: str
    status: TranslationStatus
    fields: dict[str, Origin]


_RANK = {
    TranslationStatus.FALLBACK: 0,
    TranslationStatus.STALE: 1,
    TranslationStatus.PSEUDO: 2,
    TranslationStatus.TRANSLATED: 3,
    TranslationStatus.REVIEWED: 4,
    TranslationStatus.SOURCE: 5,
}


def summarize(fields: dict[str, Origin], default_locale: str) -> ItemProvenance:
    """An item's provenance: its weakest field status, and the locale of its main text."""
    if not fields:
        return ItemProvenance(default_locale, TranslationStatus.SOURCE, {})
    status = min((o.status for o in fields.values()), key=_RANK.__getitem__)
    main = fields.get("body") or fields.get("title") or next(iter(fields.values()))
    return ItemProvenance(main.locale, status, dict(fields))
