"""``pdcontent.locales()``: what each locale is and how complete its translation is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .resources import content_root
from .tags import PSEUDO_LOCALES, SOURCE_LOCALE, available, names
from .translations.check import check_overlay
from .translations.overlay import UnitStatus


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    """A locale the content can be served in.

    ``completeness`` is the share (0 to 1) of English units with a usable translation;
    ``stale`` counts translations made from an English text that has since changed.
    """

    code: str
    english_name: str
    native_name: str
    direction: str
    completeness: float
    stale: int
    source: bool = False
    pseudo: bool = False


def locales(*, path: str | os.PathLike[str] | None = None) -> tuple[LocaleInfo, ...]:
    """Every locale of a content root (default: the packaged one), English first."""
    from .loading import source_for

    root = Path(path) if path is not None else content_root()
    source = source_for(root)
    by_kind = source.by_kind
    total = len(source.units)
    out: list[LocaleInfo] = []
    for tag in available(root):
        if tag == SOURCE_LOCALE:
            out.append(LocaleInfo(tag, *_names(tag), 1.0, 0, source=True))
            continue
        result = check_overlay(root / tag, tag, by_kind, unit_checks=False)
        done = sum(1 for u in result.units.values() if u.status is not UnitStatus.DRAFT)
        stale = sum(1 for p in result.problems if p.rule == "stale-source")
        completeness = round(done / total, 4) if total else 1.0
        out.append(LocaleInfo(tag, *_names(tag), completeness, stale))
    for tag in PSEUDO_LOCALES:
        out.append(LocaleInfo(tag, *_names(tag), 1.0, 0, pseudo=True))
    return tuple(out)


def _names(tag: str) -> tuple[str, str, str]:
    about = names(tag)
    if tag in PSEUDO_LOCALES:
        return (f"Pseudo-locale {tag} (not a language)", f"Pseudo-locale {tag}", "ltr")
    return (about.english_name, about.native_name, about.direction)
