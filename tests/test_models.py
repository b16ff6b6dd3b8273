"""Models: round trips, the translatable marking, and the collection type."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pdcontent.content import Content
from pdcontent.models import (
    KINDS,
    Approach,
    Collection,
    CrisisResource,
    IntRange,
    Model,
    Reference,
    Review,
    Technique,
    translatable_field,
)


def _all_models(content: Content) -> list[Model]:
    out: list[Model] = [content.metadata]
    for kind in KINDS:
        out.extend(content.items(kind))
    return out


def test_every_model_round_trips(content: Content) -> None:
    models = _all_models(content)
    assert len(models) > 60
    for model in models:
        for mode in ("json", "python"):
            dumped: dict[str, Any] = model.model_dump(mode=mode)
            again = type(model).model_validate(dumped)
            assert again == model, type(model).__name__


def test_whole_content_round_trips_through_json(content: Content) -> None:
    data = content.model_dump(mode="json")
    again = Content.model_validate(data)
    assert again == content
    assert again.model_dump(mode="json") == data
    assert isinstance(again.techniques, Collection)


def test_models_are_frozen_and_forbid_extra_fields(content: Content) -> None:
    technique = content.techniques[0]
    with pytest.raises(ValidationError):
        technique.title = "changed"  # type: ignore[misc]
    data = technique.model_dump()
    data["colour"] = "blue"
    with pytest.raises(ValidationError, match="colour"):
        Technique.model_validate(data)


def test_translatable_marking_is_read_from_the_model() -> None:
    fields = Technique.model_fields
    assert translatable_field("title", fields["title"]) is not None
    body = translatable_field("body", fields["body"])
    assert body is not None
    assert body.markdown
    assert translatable_field("id", fields["id"]) is None
    assert translatable_field("principles", fields["principles"]) is None
    aims = translatable_field("aims", Approach.model_fields["aims"])
    assert aims is not None
    assert aims.is_list
    # bibliographic fields and service names stay as published
    assert translatable_field("citation", Reference.model_fields["citation"]) is None
    assert translatable_field("service", CrisisResource.model_fields["service"]) is None
    # a crisis line's title describes it ("Crisis support line"), so it is translated
    assert translatable_field("title", CrisisResource.model_fields["title"]) is not None
    assert translatable_field("summary", CrisisResource.model_fields["summary"]) is not None


def test_range_rejects_min_above_max() -> None:
    with pytest.raises(ValidationError, match="min must not be greater than max"):
        IntRange(min=50, max=45)


def test_review_cannot_claim_clinical_review_without_reviewers() -> None:
    with pytest.raises(ValidationError, match="needs reviewers"):
        Review.model_validate(
            {"status": "clinically-reviewed", "last_updated": "2026-11-27", "process": "x"}
        )


def test_collection_lookup_in_pycountry_style(content: Content) -> None:
    techniques = content.techniques
    assert techniques.get("free-association") is techniques[0]
    assert techniques.get("no-such-thing") is None
    assert techniques.lookup("working-through").id == "working-through"
    with pytest.raises(LookupError, match="no-such-thing"):
        techniques.lookup("no-such-thing")
    assert techniques.ids()[0] == "free-association"


def test_questions_need_at_least_one_of_either_kind() -> None:
    from pdcontent.models.entries import Questions

    with pytest.raises(ValidationError, match="at least one question"):
        Questions()
    assert Questions(ask_your_therapist=("What are your fees?",)).ask_yourself == ()
