"""Where the packaged content and schemas live.

Installed from a wheel they sit in ``pdcontent/_data`` and are read through
``importlib.resources``; in a source checkout (editable install) the same folders are
the repository's own ``content/`` and ``schema/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = "pdcontent"


def _data_dir(name: str) -> Path:
    beside = Path(__file__).resolve().parent / "_data" / name
    if beside.is_dir():
        # an installed wheel: real files beside this module, found without the first use
        # of importlib.resources (about a millisecond of imports, a quarter of a load)
        return beside
    from importlib.resources import as_file, files

    packaged = files(_PACKAGE) / "_data" / name
    if packaged.is_dir():
        # wheels install as real files, so as_file() hands back the path itself
        with as_file(packaged) as path:
            return Path(path)
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"pdcontent data folder {name!r} is missing from this installation")


def content_root() -> Path:
    """The packaged ``content/`` folder (one sub-folder per locale)."""
    return _data_dir("content")


def schema_root() -> Path:
    """The packaged ``schema/`` folder of generated JSON Schemas."""
    return _data_dir("schema")
