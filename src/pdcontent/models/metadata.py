"""Facts about the content as a whole: version, licence, audience, review and disclaimer."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from .base import Model
from .fields import Literal_, Text
from .review import Review


class Audience(StrEnum):
    """Who the content is written for."""

    PATIENTS = "patients"
    CAREGIVERS = "caregivers"
    """The people close to a patient: family, partners, friends."""


class Metadata(Model):
    """Facts about the content as a whole: version, licence, review and disclaimer."""

    title: Text
    content_version: Annotated[str, Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")]
    created: date = Field(
        description="When the content was first written; no item can have changed before."
    )
    review_cycle_months: int = Field(
        ge=1, le=60, description="How long after its last change each item is due for review."
    )
    audience: tuple[Audience, ...] = Field(
        min_length=1, description="Who the content is written for: lay readers."
    )
    licence: Literal_
    source: Text
    disclaimer: Text
    urgent_help: Text
    review: Review
