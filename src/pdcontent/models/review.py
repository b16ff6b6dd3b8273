"""Review and editorial facts: who reviewed what and when, and what every page carries.

Stated as it happened: today nothing is clinically reviewed, and no reviewer is invented.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from .base import Model
from .fields import Literal_, Text
from .rules import forbid, schema_rule

#: whether a clinician has reviewed a text
ReviewStatus = Literal["not-clinically-reviewed", "clinically-reviewed"]


class Reviewer(Model):
    """A person who reviewed the content, with what and when."""

    name: Literal_
    credential: Literal_
    scope: Text
    reviewed_on: date


_REVIEWERS_RULE = "status 'clinically-reviewed' needs reviewers, and only then"


class ItemReview(Model):
    """The clinical review one item has had, stated as it happened (by default: none)."""

    model_config = schema_rule(
        forbid(
            _REVIEWERS_RULE,
            {
                "anyOf": [
                    {
                        "required": ["status"],
                        "properties": {
                            "status": {"const": "clinically-reviewed"},
                            "reviewers": {"type": "array", "maxItems": 0},
                        },
                    },
                    {
                        # an absent status is the default, not-clinically-reviewed
                        "required": ["reviewers"],
                        "properties": {
                            "status": {"not": {"const": "clinically-reviewed"}},
                            "reviewers": {"type": "array", "minItems": 1},
                        },
                    },
                ]
            },
        )
    )

    status: ReviewStatus = "not-clinically-reviewed"
    reviewers: tuple[Reviewer, ...] = ()

    @model_validator(mode="after")
    def _status_matches_reviewers(self) -> ItemReview:
        if (self.status == "clinically-reviewed") != bool(self.reviewers):
            raise ValueError(_REVIEWERS_RULE)
        return self


class Editorial(Model):
    """What a page of content carries for its editors: when its text changed, its review.

    The next review date and the reading time are derived (``Content.next_review_due``,
    ``Content.reading_minutes``); the review cycle is declared once, in the metadata.
    """

    searchable: ClassVar[bool] = True

    updated: date = Field(description="When this item's text last changed (set by editors).")
    review: ItemReview = Field(
        default_factory=ItemReview, description="The clinical review this item has had."
    )


class Review(ItemReview):
    """What review the content as a whole has had, stated as it happened."""

    status: ReviewStatus
    last_updated: date
    process: Text
