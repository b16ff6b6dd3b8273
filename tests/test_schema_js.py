"""The committed JSON Schemas work in Ajv strict mode, with the one line the README gives.

``tests/js`` pins Ajv (``ajv/dist/2020``) and ajv-formats in a committed lock file; this
test installs them with ``npm ci`` when ``node_modules`` is absent. YAML is converted to
JSON here, so the Node side needs no YAML library. Skipped only where Node or npm is absent.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from pdcontent.models import FILE_KINDS
from pdcontent.translations.overlay import translation_schema_filename

from .conftest import CONTENT, JS, SCHEMA, Completed, run
from .schema_cases import as_json, expressible_content_cases, expressible_translation_cases

needs_node = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="node and npm are not installed",
)

TRANSLATED = ("de", "es", "fr")


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for kind in FILE_KINDS:
        english = (CONTENT / "en" / kind.filename).read_text(encoding="utf-8")
        cases.append({"name": f"en/{kind.filename}", "schema": kind.schema_filename})
        cases[-1]["data"] = as_json(english)
        for locale in TRANSLATED:
            overlay = CONTENT / locale / kind.filename
            data = as_json(overlay.read_text(encoding="utf-8"))
            name = f"{locale}/{kind.filename}"
            cases.append({"name": name, "schema": translation_schema_filename(kind), "data": data})
    policy = as_json((CONTENT / "translation-policy.yaml").read_text(encoding="utf-8"))
    cases.append(
        {
            "name": "translation-policy.yaml",
            "schema": "translation-policy.schema.json",
            "data": policy,
        }
    )
    for case in [*expressible_content_cases(), *expressible_translation_cases()]:
        data = as_json(case.path.read_text(encoding="utf-8"))
        cases.append({"name": f"broken/{case.name}", "schema": case.schema, "data": data})
    cases.append(
        {"name": "broken/empty-items", "schema": "glossary.schema.json", "data": {"items": []}}
    )
    return cases


def _node(tmp_path: Path, *flags: str) -> Completed:
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(_cases()), encoding="utf-8")
    return run(["node", str(JS / "validate.js"), *flags, str(SCHEMA), str(cases)], timeout=120)


@pytest.mark.slow
@needs_node
def test_every_schema_compiles_in_strict_mode_and_judges_like_the_loader(
    node_modules: Path, tmp_path: Path
) -> None:
    result = _node(tmp_path)
    assert result.code == 0, result.err
    assert result.err == ""  # strict mode logs nothing either
    report = result.json()
    assert report["compiled"] == sorted(p.name for p in SCHEMA.glob("*.schema.json"))
    verdicts = {r["name"]: (r["valid"], r["errors"]) for r in report["results"]}
    good = {name: v for name, v in verdicts.items() if not name.startswith("broken/")}
    broken = {name: v for name, v in verdicts.items() if name.startswith("broken/")}
    assert len(good) == 1 + len(FILE_KINDS) * (1 + len(TRANSLATED))
    assert {name: errors for name, (valid, errors) in good.items() if not valid} == {}
    assert [name for name, (valid, _) in broken.items() if valid] == []
    assert len(broken) > 20


@pytest.mark.slow
@needs_node
def test_strict_mode_needs_the_vocabulary_line(node_modules: Path, tmp_path: Path) -> None:
    result = _node(tmp_path, "--no-vocabulary")
    assert result.code != 0
    assert 'unknown keyword: "x-' in result.err


def test_readme_gives_the_line_the_script_uses() -> None:
    script = (JS / "validate.js").read_text(encoding="utf-8")
    (line,) = re.findall(r"ajv\.addVocabulary\(.*\);", script)
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"\n{line}\n" in readme
    assert "addFormats(ajv);" in readme
