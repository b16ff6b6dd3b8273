"""Locale tags: parsing, CLDR parent chains, matching against the content folders.

Resolution follows CLDR through Babel: ``es-MX → es-419 → es``, a region falls back to
its language, a script other than the language's usual one never falls back to the bare
language (so ``zh-Hant`` and ``zh-Hans`` stay apart), and tags are compared after adding
likely subtags (so ``pt`` and ``pt-BR`` are the same locale). English, the source,
ends every chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

SOURCE_LOCALE = "en"
#: generated pseudo-locales for UI testing: not real languages, never a fallback target
PSEUDO_LOCALES = ("en-XA",)

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SCRIPT = re.compile(r"^[A-Za-z]{4}$")
_REGION = re.compile(r"^(?:[A-Za-z]{2}|[0-9]{3})$")


def is_well_formed(tag: str) -> bool:
    """True when ``tag`` looks like a BCP 47 language tag (and so can never be a path)."""
    return isinstance(tag, str) and len(tag) <= 35 and bool(_TAG.fullmatch(tag))


def canonical(tag: str) -> str:
    """The BCP 47 case form of a well-formed tag: ``ES`` → ``es``, ``zh-hant-tw`` → ``zh-Hant-TW``.

    Every tag that names a folder or a cache key goes through here first, so ``ES`` and
    ``es`` can never be two locales. Variants and extensions are kept (lower case, as
    RFC 5646 section 2.1.1 recommends); raises :class:`LookupError` for a malformed tag.
    """
    if not is_well_formed(tag):
        raise LookupError(f"{tag!r} is not a well-formed locale tag")
    parts = tag.split("-")
    out = [parts[0].lower()]
    extension = False  # after a singleton (u-, x-) every subtag is lower case
    for part in parts[1:]:
        if len(part) == 1:
            extension = True
        if not extension and len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif not extension and len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


@dataclass(frozen=True, slots=True)
class Tag:
    """A parsed tag: language, optional script and region (variants are ignored)."""

    language: str
    script: str | None = None
    region: str | None = None

    def __str__(self) -> str:
        return "-".join(p for p in (self.language, self.script, self.region) if p)


def parse(tag: str) -> Tag:
    """Parse and normalise a well-formed tag: ``ZH-hant-tw`` → ``zh-Hant-TW``."""
    if not is_well_formed(tag):
        raise LookupError(f"{tag!r} is not a well-formed locale tag")
    parts = tag.replace("_", "-").split("-")
    language, script, region = parts[0].lower(), None, None
    for part in parts[1:]:
        if script is None and region is None and _SCRIPT.fullmatch(part):
            script = part.title()
        elif region is None and _REGION.fullmatch(part):
            region = part.upper()
    return Tag(language, script, region)


@cache
def _likely() -> dict[str, str]:
    return dict(get_global("likely_subtags"))


@cache
def _parents() -> dict[str, str]:
    return dict(get_global("parent_exceptions"))


def maximize(tag: Tag) -> Tag:
    """Add likely subtags (CLDR): ``pt`` → ``pt-Latn-BR``, ``zh-TW`` → ``zh-Hant-TW``."""
    likely = _likely()
    keys = [
        f"{tag.language}_{tag.script}_{tag.region}" if tag.script and tag.region else None,
        f"{tag.language}_{tag.region}" if tag.region else None,
        f"{tag.language}_{tag.script}" if tag.script else None,
        tag.language,
    ]
    for key in keys:
        if key and key in likely:
            full = likely[key].split("_")
            script = tag.script or next((p for p in full[1:] if len(p) == 4), None)
            region = tag.region or next((p for p in full[1:] if len(p) in (2, 3)), None)
            return Tag(tag.language, script, region)
    return tag


def _babel_id(tag: Tag) -> str:
    return "_".join(p for p in (tag.language, tag.script, tag.region) if p)


def parent(tag: Tag) -> Tag | None:
    """The CLDR parent of ``tag``, or None when the parent is the root."""
    explicit = _parents().get(_babel_id(tag))
    if explicit is not None:
        if explicit == "root":
            return None
        return parse(explicit.replace("_", "-"))
    if tag.region:
        return Tag(tag.language, tag.script, None)
    if tag.script:
        usual = maximize(Tag(tag.language)).script
        # a non-default script has the root as parent: zh-Hant must not become zh (Hans)
        return Tag(tag.language) if tag.script == usual else None
    return None


def chain(tag: str) -> list[Tag]:
    """The tag followed by its CLDR parents, most specific first (English not included)."""
    given = parse(tag)
    # make an implied script explicit only where it is not the language's usual one:
    # zh-TW is zh-Hant-TW (whose parent is the root), es-MX stays es-MX (parent es-419)
    script = maximize(given).script
    if script == maximize(Tag(given.language)).script:
        script = None
    current: Tag | None = Tag(given.language, script, given.region)
    out: list[Tag] = []
    while current is not None and current not in out:
        out.append(current)
        current = parent(current)
    return out


def same_locale(a: Tag, b: Tag) -> bool:
    """True when two tags name the same locale once likely subtags are added."""
    return maximize(a) == maximize(b)


def available(root: Path) -> tuple[str, ...]:
    """The locale folders under a content root, source locale first (names as on disk)."""
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and is_well_formed(p.name))
    return tuple(sorted(found, key=lambda tag: tag != SOURCE_LOCALE))


def resolve(requested: str, tags: tuple[str, ...]) -> list[str]:
    """The available tags to read ``requested`` from, best first, ending with English.

    Raises :class:`LookupError` when nothing but the English fallback matches a
    non-English request: a language we do not have is an unknown locale, not English.
    """
    for pseudo in PSEUDO_LOCALES:
        if requested.lower() == pseudo.lower():
            return [pseudo, SOURCE_LOCALE]
    exact = [t for t in tags if t.lower() == requested.lower()]
    if exact and "-" not in requested:
        # a bare language we have a folder for: no CLDR data needed (loading it costs ms)
        return exact if exact[0] == SOURCE_LOCALE else [exact[0], SOURCE_LOCALE]
    parsed_tags = [(t, parse(t)) for t in tags]
    out: list[str] = []
    for step in chain(requested):
        for name, folder in parsed_tags:
            if name not in out and same_locale(step, folder):
                out.append(name)
    if not out:
        raise LookupError(f"no content for locale {requested!r}; available: {', '.join(tags)}")
    if SOURCE_LOCALE not in out:
        out.append(SOURCE_LOCALE)
    return out


@dataclass(frozen=True, slots=True)
class LocaleNames:
    """What CLDR says of a locale: its names and writing direction."""

    english_name: str
    native_name: str
    direction: str


def folder_for(root: Path, tag: str) -> Path | None:
    """The folder of locale ``tag`` under ``root`` (named in canonical form), or None.

    Raises :class:`LookupError` when the tag is malformed, or when folders named otherwise
    hold the same locale (``ES/`` for ``es``): writing there would make a second locale.
    """
    wanted = canonical(tag)
    names = [name for name in available(root) if canonical(name) == wanted]
    if not names:
        return None
    if names == [wanted]:
        return root / wanted
    shown = " and ".join(f"{name}/" for name in names)
    raise LookupError(
        f"{shown} under {root} hold the locale {wanted}: keep one folder named {wanted}/"
    )


def clashing_folders(root: Path) -> list[list[str]]:
    """Groups of locale folders whose names are the same tag (``es`` and ``ES``)."""
    groups: dict[str, list[str]] = {}
    for name in available(root):
        groups.setdefault(canonical(name), []).append(name)
    return [sorted(names) for names in groups.values() if len(names) > 1]


def names(tag: str) -> LocaleNames:
    """English and native names and text direction of ``tag`` (falls back to the tag)."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        base = names(tag.split("-")[0]) if "-" in tag else None
        if base is None:
            return LocaleNames(tag, tag, "ltr")
        return LocaleNames(f"{base.english_name} ({tag})", base.native_name, base.direction)
    english = locale.get_display_name("en") or tag
    native = locale.get_display_name(locale) or english
    return LocaleNames(english, native, locale.text_direction)
