"""A server started from snapshot-cached content imports none of the validating stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdcontent

from ..conftest import CONTENT
from ..fresh_process import run_fresh

#: the validating and translation machinery: a start from snapshots needs none of it
HEAVY = (
    "yaml",
    "jsonschema",
    "polib",
    "defusedxml",
    "pdcontent.validation",
    "pdcontent.yamlsource",
    "pdcontent.translations",
)


def _fresh_app(cache: Path, then: str = "") -> dict[str, Any]:
    """Create the app over the content tree in a new interpreter: what it imported and answered."""
    code = (
        "import json, sys\n"
        "from starlette.testclient import TestClient\n"
        "from pdcontent_api.app import create_app\n"
        "from pdcontent_api.settings import Settings\n"
        f"app = create_app(Settings(content_root={str(CONTENT)!r}))\n"
        "client = TestClient(app)\n"
        "answers = {}\n"
        f"{then}\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps({'imported': [m for m in heavy if m in sys.modules],"
        " 'answers': answers}))\n"
    )
    return run_fresh(code, cache)


def test_a_start_from_snapshots_imports_no_validation(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _fresh_app(cache)
    assert "pdcontent.validation" in first["imported"]  # nothing cached yet: it validated
    second = _fresh_app(cache)
    assert second["imported"] == []


def test_version_and_an_unknown_locale_need_no_translation_checks(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _fresh_app(cache)
    asks = (
        "answers['version'] = client.get('/version').json()['locales']\n"
        "answers['unknown'] = client.post('/graphql', json={'query': "
        "'{ approach(locale: \"xx\") { title } }'}).json()['errors'][0]['extensions']\n"
    )
    result = _fresh_app(cache, asks)
    assert result["imported"] == []
    locales = result["answers"]["version"]
    # the same list as the catalog, which checks every overlay to get there
    assert locales == [entry.code for entry in pdcontent.locales(path=CONTENT)]
    assert result["answers"]["unknown"]["code"] == "UNKNOWN_LOCALE"
    assert result["answers"]["unknown"]["supported"] == locales


def test_the_locales_field_is_answered_from_its_snapshot_in_the_next_process(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    ask = (
        "answers['locales'] = client.post('/graphql', json={'query': "
        "'{ locales { code completeness stale production } }'}).json()['data']['locales']\n"
    )
    first = _fresh_app(cache, ask)
    assert list(cache.glob("*-catalog.pickle")), "the catalog was not kept"
    second = _fresh_app(cache, ask)
    assert second["imported"] == []  # no overlay was checked to answer it
    assert second["answers"] == first["answers"]
    expected = [entry.code for entry in pdcontent.locales(path=CONTENT)]
    assert [entry["code"] for entry in second["answers"]["locales"]] == expected
