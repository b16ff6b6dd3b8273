"""Crisis resources: where to get urgent help, one resource per country as vetted.

Every number, emergency number and flag here comes from the vetted table in
``shared/references.md``; a test compares them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from .base import Model
from .fields import Literal_, Slug, Text
from .review import Editorial
from .rules import forbid, schema_rule

RegionCode = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 region code.")
]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language code.")]
E164 = Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$", description="E.164 number.")]


class ContactKind(StrEnum):
    """How a crisis service is reached."""

    CALL = "call"
    TEXT = "text"


class Contact(Model):
    """One way to reach a crisis service: the number as written locally, and for dialling."""

    kind: ContactKind
    number: Annotated[
        str,
        Field(pattern=r"^[0-9][0-9 ]*[0-9]$|^[0-9]$", description="As written in the country."),
    ]
    international: E164 | None = Field(
        default=None,
        description="The number in E.164 (`+498001110111`); none for short codes such as "
        "988 or 116 123, which only work inside their country.",
    )

    @property
    def tel(self) -> str:
        """The ``tel:`` URI to dial: E.164 where the number has it, else the local digits."""
        return "tel:" + (self.international or self.number.replace(" ", ""))


_REGIONS_RULE = "a crisis resource needs regions, or fallback: true"


class CrisisResource(Editorial):
    """Where to get urgent help in a region; ``fallback`` marks the unknown-region entry.

    ``service`` is the service's own name and stays as it is in every language; ``title``
    says what kind of help it is and is translated, like every other description. The
    ``free``, ``anonymous`` and ``available_24_hours`` flags are set only where the vetted
    table says so; unset means not stated, not "no".
    """

    id: Slug
    title: Text
    service: Literal_ | None = None
    summary: Text
    regions: tuple[RegionCode, ...] = ()
    languages: tuple[LanguageCode, ...] = Field(
        default=(), description="The languages the service answers in (ISO 639-1)."
    )
    fallback: bool = False
    contacts: tuple[Contact, ...] = ()
    free: bool | None = None
    anonymous: bool | None = None
    available_24_hours: bool | None = None
    emergency_numbers: tuple[Annotated[str, Field(pattern=r"^[0-9]{2,4}$")], ...] = Field(
        min_length=1
    )

    model_config = schema_rule(
        forbid(
            _REGIONS_RULE,
            {
                "properties": {
                    "regions": {"type": "array", "maxItems": 0},
                    "fallback": {"const": False},
                }
            },
        )
    )

    @model_validator(mode="after")
    def _regions_or_fallback(self) -> CrisisResource:
        if not self.regions and not self.fallback:
            raise ValueError(_REGIONS_RULE)
        return self
