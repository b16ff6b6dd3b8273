"""GraphiQL's files: the vendored npm packages, and the route that serves them.

Each file is served at ``/graphiql/<digest>/<name>``, where the digest is a hash of its
bytes: the URL changes whenever the file does, so browsers may keep it for a year
(``immutable``) and a new release is never served from a stale cache.

To update a package: ``npm pack <package>@<version>``, copy the files named in
:data:`VENDORED` from the tarball into ``static/`` under the names given, and change the
version, the tarball's integrity (``npm view <package>@<version> dist.integrity``) and
the page's file names (:mod:`.page`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import PurePosixPath

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response


@dataclass(frozen=True, slots=True)
class Vendored:
    """An npm package copied into ``static/``: which files, from where, under which licence."""

    package: str
    version: str
    #: the npm tarball's ``dist.integrity``, to check a copy against the registry
    integrity: str
    #: (name in ``static/``, path inside the package's tarball)
    files: tuple[tuple[str, str], ...]
    #: the licence's file in ``static/``
    license_file: str
    license: str = "MIT"


VENDORED: tuple[Vendored, ...] = (
    Vendored(
        "react",
        "18.2.0",
        "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==",
        (("react-18.2.0.production.min.js", "umd/react.production.min.js"),),
        "LICENSE.react.txt",
    ),
    Vendored(
        "react-dom",
        "18.2.0",
        "sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==",
        (("react-dom-18.2.0.production.min.js", "umd/react-dom.production.min.js"),),
        "LICENSE.react-dom.txt",
    ),
    # its UMD build bundles graphql-js, @graphiql/react and CodeMirror 5; it needs React 16.8-18
    Vendored(
        "graphiql",
        "3.8.3",
        "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
        (
            ("graphiql-3.8.3.min.js", "graphiql.min.js"),
            ("graphiql-3.8.3.min.css", "graphiql.min.css"),
        ),
        "LICENSE.graphiql.txt",
    ),
    # the tarball has no licence file; package.json says MIT, and the licence is that of
    # its repository, graphql/graphiql (the same text as graphiql's)
    Vendored(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "sha512-9j+kg2UjtLZD5EBmGjeWHkoVVxtbShYg2DzbUVebibnZYZM/iMBEF4vaccXJIAm5KaomIPLx0aoNs4LbODyc3Q==",
        (
            ("graphiql-plugin-explorer-1.0.2.umd.js", "dist/index.umd.js"),
            ("graphiql-plugin-explorer-1.0.2.css", "dist/style.css"),
        ),
        "LICENSE.graphiql-plugin-explorer.txt",
    ),
    # bundled inside the explorer plugin's UMD file; listed for its licence
    Vendored(
        "graphiql-explorer",
        "0.9.0",
        "sha512-fZC/wsuatqiQDO2otchxriFO0LaWIo/ovF/CQJ1yOudmY0P7pzDiP+l9CEHUiWbizk3e99x6DQG4XG1VxA+d6A==",
        (),
        "LICENSE.graphiql-explorer.txt",
    ),
)

#: the media type of each kind of file in ``static/``
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

#: a year: the longest lifetime RFC 9111 caches are asked to honour
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of ``static/`` with its media type and the digest in its URL."""

    name: str
    body: bytes
    media_type: str
    digest: str

    @property
    def path(self) -> str:
        """Its URL path relative to the app's root (no leading slash, so a prefix still works)."""
        return f"graphiql/{self.digest}/{self.name}"


@cache
def assets() -> dict[str, Asset]:
    """Every file of ``static/`` by name, read once from the installed package."""
    found: dict[str, Asset] = {}
    for entry in (files("pdcontent_api.graphiql") / "static").iterdir():
        suffix = PurePosixPath(entry.name).suffix
        if not entry.is_file() or suffix not in MEDIA_TYPES:
            continue
        body = entry.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        found[entry.name] = Asset(entry.name, body, MEDIA_TYPES[suffix], digest)
    return found


async def asset_endpoint(request: Request) -> Response:
    """``GET /graphiql/<digest>/<name>``: the file, cached for good; 404 for any other digest."""
    asset = assets().get(request.path_params["name"])
    if asset is None or request.path_params["digest"] != asset.digest:
        return PlainTextResponse("not found", status_code=404)
    etag = f'"{asset.digest}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = b"" if request.method == "HEAD" else asset.body
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(asset.body))
    return Response(body, media_type=asset.media_type, headers=headers)
