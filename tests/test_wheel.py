"""The built wheel installs into a fresh environment and works from anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pdcontent
from pdcontent.models import KINDS

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel, install it into a new virtual environment; return its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("pdcontent-*.whl")
    # the new environment gets no pip of its own: the test's pip installs into it, which
    # spares bootstrapping one (most of this fixture's time) and installs the same files
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    bin_dir = work / "venv" / "bin"
    pip = [sys.executable, "-m", "pip", "--python", str(bin_dir / "python")]
    subprocess.run(
        [*pip, "install", "--quiet", "--no-compile", str(wheel)],
        check=True,
        capture_output=True,
    )
    return bin_dir


def test_installed_wheel_loads_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, sys, pdcontent\n"
        "c = pdcontent.load()\n"
        "import pdcontent.models\n"
        "import pdcontent.resources as r\n"
        "print(json.dumps({'root': str(r.content_root()), 'version': pdcontent.__version__,\n"
        "  'content_version': pdcontent.CONTENT_VERSION,\n"
        "  'counts': {k.name: len(c.items(k)) for k in pdcontent.models.KINDS},\n"
        "  'minutes': [c.session_guide.minutes.min, c.session_guide.minutes.max],\n"
        "  'web': [m for m in ('strawberry', 'starlette') if m in sys.modules]}))\n"
    )
    proc = subprocess.run(
        [str(installed / "python"), "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(proc.stdout)
    assert "site-packages" in report["root"]
    assert str(REPO) not in report["root"]
    repo = pdcontent.load(path=REPO / "content")
    assert report["counts"] == {kind.name: len(repo.items(kind)) for kind in KINDS}
    assert report["counts"]["glossary-term"] == 23
    assert report["minutes"] == [45, 50]
    assert report["web"] == []


def test_installed_cli_validates_packaged_content(installed: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(installed / "pdcontent"), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_installed_wheel_has_py_typed_and_schemas(installed: Path) -> None:
    site = next((installed.parent / "lib").glob("python*/site-packages"))
    package = site / "pdcontent"
    assert (package / "py.typed").is_file()
    assert len(list((package / "_data" / "schema").glob("*.schema.json"))) >= 13
    assert (package / "_data" / "content" / "en" / "metadata.yaml").is_file()
    record = next(site.glob("pdcontent-*.dist-info")) / "METADATA"
    requires = [
        line
        for line in record.read_text(encoding="utf-8").splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    names = sorted(line.split()[1].split(">")[0].split("=")[0].lower() for line in requires)
    assert names == [
        "babel",
        "defusedxml",
        "jsonschema",
        "markdown-it-py",
        "polib",
        "pydantic",
        "pyyaml",
    ]


def test_wheel_file_list(installed: Path) -> None:
    (wheel,) = installed.parent.parent.joinpath("dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "pdcontent/_data/content/en/techniques.yaml" in names
    assert not any(n.startswith(("tests/", "content/")) for n in names)


def test_wheel_carries_graphiql_and_its_licences(installed: Path) -> None:
    from pdcontent_api.graphiql import VENDORED
    from pdcontent_api.graphiql.page import SCRIPTS, STYLES

    (wheel,) = installed.parent.parent.joinpath("dist").glob("*.whl")
    archive = zipfile.ZipFile(wheel)
    static = "pdcontent_api/graphiql/static/"
    shipped = {n.removeprefix(static) for n in archive.namelist() if n.startswith(static)}
    expected = {*SCRIPTS, *STYLES}
    for package in VENDORED:
        expected |= {name for name, _ in package.files} | {package.license_file}
    assert expected <= shipped
    # the same bytes as the checkout's: the wheel serves what the tests checked
    for name in expected:
        assert archive.read(static + name) == (REPO / "api" / static / name).read_bytes()


def test_installed_without_the_api_extra_api_commands_fail_clearly(
    installed: Path, tmp_path: Path
) -> None:
    def pdcontent(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed / "pdcontent"), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )

    listed = pdcontent("--help")
    assert listed.returncode == 0
    assert "serve" in listed.stdout
    assert "export-static" in listed.stdout
    serve = pdcontent("serve")
    assert (serve.returncode, serve.stderr) == (
        2,
        "pdcontent serve needs the API extra: pip install 'pdcontent[api]'\n",
    )
    static = pdcontent("export-static", str(tmp_path / "out"))
    assert (static.returncode, static.stderr) == (
        2,
        "export-static needs the API extra: pip install 'pdcontent[api]'\n",
    )
    schema = pdcontent("schema", "--output", str(tmp_path / "schema"))
    assert schema.returncode == 0, schema.stderr
    written = sorted(p.name for p in (tmp_path / "schema").iterdir())
    assert "schema.graphql" not in written
    assert len(written) >= 13
