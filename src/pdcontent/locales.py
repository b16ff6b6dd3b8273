"""Locale tags: which are well formed, and which the packaged content has."""

from __future__ import annotations

import re
from pathlib import Path

# BCP 47 in the shape content folders use: language, then optional script/region/variants.
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

SOURCE_LOCALE = "en"


def is_well_formed(tag: str) -> bool:
    """True when ``tag`` looks like a BCP 47 language tag (and so can never be a path)."""
    return bool(_TAG.fullmatch(tag)) and len(tag) <= 35


def available(root: Path) -> tuple[str, ...]:
    """The locale folders under a content root, source locale first."""
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and is_well_formed(p.name))
    return tuple(sorted(found, key=lambda tag: tag != SOURCE_LOCALE))
