"""Generate the JSON Schemas in ``schema/`` from the models (``pdcontent schema``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .models import FILE_KINDS
from .plugins import PluginError, schema_files
from .translations.overlay import translation_schema, translation_schema_filename
from .translations.policy import TranslationPolicy
from .writing import write_all

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:pdcontent:schema:"
REGENERATE_COMMAND = "pdcontent schema"


@cache
def content_schemas() -> dict[str, dict[str, Any]]:
    """Every content and translation file kind's JSON Schema, keyed by schema file name."""
    out: dict[str, dict[str, Any]] = {}
    for kind in FILE_KINDS:
        body = kind.model.model_json_schema(mode="validation")
        schema: dict[str, Any] = {
            "$schema": DIALECT,
            "$id": f"{ID_PREFIX}{kind.name}",
            "title": f"pdcontent {kind.filename}",
            **{k: v for k, v in body.items() if k != "title"},
        }
        out[kind.schema_filename] = schema
    for kind in FILE_KINDS:
        body = translation_schema(kind)
        out[translation_schema_filename(kind)] = {
            "$schema": DIALECT,
            "$id": f"{ID_PREFIX}translation:{kind.name}",
            "title": f"pdcontent translation of {kind.filename}",
            **body,
        }
    out["translation-policy.schema.json"] = {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}translation-policy",
        "title": "pdcontent translation-policy.yaml",
        **{k: v for k, v in TranslationPolicy.model_json_schema().items() if k != "title"},
    }
    return out


def render(schema: dict[str, Any]) -> str:
    """The committed text form of a schema: stable key order, trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated_files() -> dict[str, str]:
    """Every generated file of ``schema/``: name -> text (the API adds its SDL as a plugin)."""
    out = {name: render(schema) for name, schema in content_schemas().items()}
    extra = schema_files()
    if clash := sorted(set(extra) & set(out)):
        raise PluginError(f"an installed package would replace {', '.join(clash)}")
    return {**out, **extra}


def write_schemas(target: Path) -> list[Path]:
    """Write every generated file into ``target`` all or nothing; return the files that changed.

    Raises :class:`~pdcontent.writing.WriteError` when one cannot be written (none is then).
    """
    changed: dict[Path, str] = {}
    for name, text in generated_files().items():
        path = target / name
        if not path.is_file() or _read(path) != text:
            changed[path] = text
    write_all(changed)
    return list(changed)


def _read(path: Path) -> str | None:
    """The text of a schema file, or None when it is not readable UTF-8 (so it is rewritten)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def drifted(target: Path) -> list[str]:
    """Names of schema files in ``target`` that differ from what the models generate."""
    out: list[str] = []
    for name, text in generated_files().items():
        if _read(target / name) != text:
            out.append(name)
    return out
