"""The translation overlay file format: per entity, per field, a unit with its provenance.

``content/<locale>/<kind>.yaml`` holds only translatable texts::

    locale: es
    units:
      free-association:
        title: {text: Asociación libre, source_hash: 3f0c…, status: translated}
        questions:
          - {text: …, source_hash: …, status: translated}

Ids, order, numbers and references exist only in the English source.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from ..models import FILE_KINDS, FileKind, Model
from ..models.fields import NON_BLANK_PATTERN
from .paths import names_paths, path_pattern, translatable_paths
from .units import HASH_LENGTH


class UnitStatus(StrEnum):
    """Where a translated text stands; ``draft`` units are not served."""

    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"


class TranslationUnit(Model):
    """One translated text and the hash of the English text it was made from."""

    text: Annotated[str, Field(min_length=1, pattern=NON_BLANK_PATTERN)]
    source_hash: Annotated[str, Field(pattern=rf"^[0-9a-f]{{{HASH_LENGTH}}}$")]
    status: UnitStatus = UnitStatus.DRAFT


UnitOrList = TranslationUnit | list[TranslationUnit]


class TranslationMethod(StrEnum):
    """How a locale's texts were produced."""

    HUMAN = "human"
    MACHINE_ASSISTED = "machine-assisted"


class Provenance(Model):
    """How a translation was made and whether a clinician has reviewed it; stated as it was."""

    method: TranslationMethod
    clinically_reviewed: bool
    note: Annotated[str, Field(min_length=1, pattern=NON_BLANK_PATTERN)]


class TranslationFile(Model):
    """A translation overlay for one content file."""

    locale: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")]
    provenance: Provenance | None = None
    units: dict[str, dict[str, UnitOrList]] = Field(default_factory=dict)


def translation_schema(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema of a kind's overlay, derived from the translatable marking."""
    field_names = translatable_paths(kind)
    # a names list is one text, a name a line, so a list of units there is a mistake
    one_text = names_paths(kind)
    base = TranslationFile.model_json_schema()
    defs = base.get("$defs", {})
    unit_ref = {"$ref": "#/$defs/TranslationUnit"}
    unit_or_list = {"anyOf": [unit_ref, {"type": "array", "items": unit_ref}]}
    entity = {
        "type": "object",
        "properties": {
            name: unit_ref if name in one_text else unit_or_list
            for name in field_names
            if "*" not in name
        },
        "patternProperties": {path_pattern(name): unit_ref for name in field_names if "*" in name},
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": f"Translations of {kind.filename}: only translatable fields, per id.",
        "properties": {
            "locale": base["properties"]["locale"],
            "provenance": base["properties"]["provenance"],
            "units": {"type": "object", "additionalProperties": entity},
        },
        "required": ["locale"],
        "additionalProperties": False,
        "$defs": defs,
    }


def translation_schema_filename(kind: FileKind) -> str:
    """The overlay schema's file name inside ``schema/``."""
    return f"translation-{kind.name}.schema.json"


__all__ = [
    "FILE_KINDS",
    "TranslationFile",
    "TranslationUnit",
    "UnitStatus",
    "translation_schema",
    "translation_schema_filename",
]
