"""``pdcontent.locales()``: what each locale is and how complete its translation is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from .models import Metadata, Model
from .resources import content_root
from .tags import PSEUDO_LOCALES, SOURCE_LOCALE, available, names

#: how a locale's texts were produced
Production = Literal["source", "human", "machine-assisted", "generated"]


class LocaleInfo(Model):
    """A locale the content is available in: code, names, direction and translation progress.

    The one declaration of this shape: the GraphQL ``LocaleInfo`` type is derived from it.
    """

    code: str = Field(description="The BCP 47 tag, e.g. `en` or `de`.")
    english_name: str = Field(description="The language's name in English.")
    native_name: str = Field(description="The language's name in itself.")
    direction: str = Field(description="Text direction: `ltr` or `rtl`.")
    completeness: float = Field(
        description="Share of English texts with a usable translation, 0 to 1."
    )
    stale: int = Field(description="Translations made from an English text that has changed since.")
    production: Production | None = Field(
        description="How the texts were made: `source` (written in English), `human` or "
        "`machine-assisted` translation, or `generated` (a pseudo-locale); null when a "
        "translation does not say."
    )
    clinically_reviewed: bool = Field(
        description="Whether a clinician has reviewed this locale's texts, as it happened."
    )
    note: str | None = Field(
        default=None, description="What the translators say of how it was made, in its language."
    )
    source: bool = Field(default=False, description="True for English, the source language.")
    pseudo: bool = Field(
        default=False,
        description="True for generated pseudo-locales (for UI testing; not a language).",
    )


def locales(*, path: str | os.PathLike[str] | None = None) -> tuple[LocaleInfo, ...]:
    """Every locale of a content root (default: the packaged one), English first."""
    # the overlay checks are imported here, not above: the API imports this module for
    # the LocaleInfo shape when it builds its schema, and must not pay for them then
    from .loading import source_for
    from .translations.check import check_overlay
    from .translations.overlay import UnitStatus

    root = Path(path) if path is not None else content_root()
    source = source_for(root)
    by_kind = source.by_kind
    total = len(source.units)
    out: list[LocaleInfo] = []
    metadata = source.models["metadata"]
    assert isinstance(metadata, Metadata)
    english_reviewed = metadata.review.status == "clinically-reviewed"
    for tag in available(root):
        if tag == SOURCE_LOCALE:
            out.append(_info(tag, 1.0, 0, "source", english_reviewed, None, source=True))
            continue
        result = check_overlay(root / tag, tag, by_kind, unit_checks=False)
        done = sum(1 for u in result.units.values() if u.status is not UnitStatus.DRAFT)
        stale = sum(1 for p in result.problems if p.rule == "stale-source")
        completeness = round(done / total, 4) if total else 1.0
        made = result.provenance
        out.append(
            _info(
                tag,
                completeness,
                stale,
                None if made is None else made.method.value,
                made is not None and made.clinically_reviewed,
                None if made is None else made.note,
            )
        )
    for tag in PSEUDO_LOCALES:
        # made from the English by a program, for testing layouts: nobody reviewed it
        out.append(_info(tag, 1.0, 0, "generated", False, None, pseudo=True))
    return tuple(out)


def _info(
    tag: str,
    completeness: float,
    stale: int,
    production: Production | None,
    reviewed: bool,
    note: str | None,
    **flags: bool,
) -> LocaleInfo:
    if tag in PSEUDO_LOCALES:
        english, native, direction = (
            f"Pseudo-locale {tag} (not a language)",
            f"Pseudo-locale {tag}",
            "ltr",
        )
    else:
        about = names(tag)
        english, native, direction = about.english_name, about.native_name, about.direction
    return LocaleInfo(
        code=tag,
        english_name=english,
        native_name=native,
        direction=direction,
        completeness=completeness,
        stale=stale,
        production=production,
        clinically_reviewed=reviewed,
        note=note,
        **flags,
    )
