"""Locales through HTTP: explicit tags, CLDR fallback, Accept-Language, Content-Language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import pdcontent

from .conftest import Api
from .test_server import Server, serving


def _technique(api: Api, locale: str | None = None, header: str | None = None) -> httpx.Response:
    argument = f', locale: "{locale}"' if locale else ""
    query = (
        f'{{ technique(id: "free-association"{argument}) {{ title locale translationStatus }} }}'
    )
    headers = {"accept-language": header} if header is not None else {}
    return api.post(query, headers=headers)


@pytest.mark.parametrize(
    ("locale", "served"),
    [("de", "de"), ("de-AT", "de"), ("de-CH", "de"), ("es-MX", "es"), ("es-419", "es"),
     ("fr-CA", "fr"), ("en-GB", "en"), ("EN", "en")],
)  # fmt: skip
def test_explicit_tags_resolve_along_the_chain(api: Api, locale: str, served: str) -> None:
    response = _technique(api, locale=locale)
    item = response.json()["data"]["technique"]
    assert item["locale"] == served
    assert item["title"] == pdcontent.load(served).techniques.lookup("free-association").title
    assert item["translationStatus"] == ("SOURCE" if served == "en" else "TRANSLATED")
    assert response.headers["content-language"] == served


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("de-AT,de;q=0.9,en;q=0.5", "de"),
        ("es-MX", "es"),
        ("ja, fr;q=0.4", "fr"),
        ("fr;q=0.2, es;q=0.8", "es"),
        ("xx-YY", "en"),
        ("*", "en"),
        ("", "en"),
        ("de;q=0, fr", "fr"),
        ("en-XA", "en"),  # the pseudo-locale is only served when asked for by name
        ("../../etc/passwd, de", "de"),
    ],
)
def test_accept_language_is_negotiated(api: Api, header: str, served: str) -> None:
    response = _technique(api, header=header)
    assert response.status_code == 200
    assert response.json()["data"]["technique"]["locale"] == served
    assert response.headers["content-language"] == served
    assert "accept-language" in response.headers["vary"].lower()


def test_explicit_locale_beats_the_header(api: Api) -> None:
    response = _technique(api, locale="fr", header="de")
    assert response.json()["data"]["technique"]["locale"] == "fr"
    assert response.headers["content-language"] == "fr"


def test_pseudo_locale_by_name(api: Api) -> None:
    item = _technique(api, locale="en-XA").json()["data"]["technique"]
    assert item["title"].startswith("⟦")
    assert item["translationStatus"] == "PSEUDO"


def test_locales_field_lists_progress(api: Api) -> None:
    data = api.data(
        "{ locales { code englishName nativeName direction completeness stale source pseudo } }"
    )
    by_code = {entry["code"]: entry for entry in data["locales"]}
    assert by_code["de"]["nativeName"] == "Deutsch"
    assert by_code["de"]["completeness"] == 1.0
    assert by_code["de"]["stale"] == 0
    assert by_code["en"]["source"] is True
    assert by_code["en-XA"]["pseudo"] is True


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("serve-locales")) as running:
        yield running


@pytest.mark.slow
def test_locales_over_a_real_server(server: Server) -> None:
    query = '{ technique(id: "free-association") { title locale } }'
    with httpx.Client(base_url=server.url, timeout=10) as client:
        german = client.post(
            "/graphql", json={"query": query}, headers={"accept-language": "de-AT"}
        )
        assert german.headers["content-language"] == "de"
        assert german.json()["data"]["technique"]["locale"] == "de"
        get = client.get("/graphql", params={"query": query}, headers={"accept-language": "fr"})
        assert get.headers["content-language"] == "fr"
        assert "accept-language" in get.headers["vary"].lower()
        unknown = client.post(
            "/graphql", json={"query": '{ approach(locale: "tlh") { id } }'}
        ).json()
        assert unknown["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"


def test_pre_commit_hooks_run_the_validator(tmp_path: Path) -> None:
    import shlex
    import shutil
    import subprocess
    import sys

    import yaml

    from ..conftest import CONTENT, REPO

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"pdcontent-validate", "pdcontent-validate-release"}
    shutil.copytree(CONTENT, tmp_path / "content")
    bindir = Path(sys.executable).parent
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
        command[0] = str(bindir / command[0])
        clean = subprocess.run(command, cwd=tmp_path, capture_output=True, check=False)
        assert clean.returncode == 0, clean.stdout
    broken = tmp_path / "content" / "de" / "phases.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("\n    title:", "\n    titel:", 1))
    entry = [str(bindir / "pdcontent"), "validate", "content"]
    failed = subprocess.run(entry, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert "phases.yaml" in failed.stdout
