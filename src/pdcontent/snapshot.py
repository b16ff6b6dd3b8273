"""Pre-validated snapshots of loaded content, so a fresh process need not validate again.

The validating loader (YAML with positions, every check, overlays) takes tens of
milliseconds per locale; the :class:`~pdcontent.content.Content` it builds is immutable.
So once a locale has loaded, its content is pickled into a cache folder under a key that
names everything it was built from: the bytes of every file in the content tree, this
package's code and version, and the Python and Pydantic versions. A later process whose
tree hashes the same reads the pickle (about as fast as ``json.loads`` of the same data)
instead of validating; an edited file changes the key, so a changed tree is never served
stale but validated as on first use. Only the validating path writes snapshots, so a
snapshot exists only for a tree that passed every check.

The cache folder is ``$PDCONTENT_CACHE_DIR``, else ``$XDG_CACHE_HOME/pdcontent``, else
``~/.cache/pdcontent``; ``PDCONTENT_CACHE_DIR=`` (empty) turns snapshots off. A folder
that cannot be written means no snapshot, never an error. Unpickling runs code named by
the file, so a snapshot is read only from a folder and file that this user owns and no
one else can write, the same trust as the installed package itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._version import __version__
from .content import Content

#: bump when the pickled layout changes; part of every key
FORMAT = 2
_CODE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """The folder snapshots live in, or ``None`` when they are turned off."""
    explicit = os.environ.get("PDCONTENT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pdcontent"


def _files(root: str) -> list[tuple[str, str]]:
    """Every file under ``root`` as (path relative to it with ``/``, full path), sorted.

    ``os.scandir`` and plain strings: pathlib's globbing and ordering cost more than
    hashing the bytes.
    """
    out: list[tuple[str, str]] = []
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((name + "/", entry.path))
                elif entry.is_file():
                    out.append((name, entry.path))
    out.sort()
    return out


def _code_fingerprint() -> bytes:
    """What the pickled classes depend on: versions, and the package's modules as installed.

    Stat data (size and modification time) of the ``.py`` files stands for their bytes:
    an edited model changes the pickled shape, and a stat is far cheaper than a hash.
    """
    import pydantic

    parts = [f"{FORMAT}|{__version__}|{sys.version}|{pydantic.VERSION}"]
    for name, full in _files(str(_CODE_DIR)):
        if name.endswith(".py"):
            info = os.stat(full)
            parts.append(f"{name}|{info.st_size}|{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def _hash_tree(fingerprint: bytes, files: list[tuple[str, str]]) -> str:
    """The SHA-256 of the code fingerprint and every file's name and bytes."""
    digest = hashlib.sha256(fingerprint)
    for name, full in files:
        with open(full, "rb") as handle:
            data = handle.read()
        encoded = name.encode()
        # lengths first, so no two different trees can feed the hash the same bytes
        digest.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        digest.update(data)
    return digest.hexdigest()


def _stat_line(name: str, full: str) -> list[Any]:
    """What a file's inode says of it; ctime moves on every write and cannot be set back."""
    info = os.stat(full)
    return [name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


#: a file changed less than this before its hash was recorded might change again within
#: the same timestamp tick unseen (git's "racy" case): such a listing is not trusted
RACY_NS = 2_000_000_000


def tree_digest(root: Path) -> str:
    """A SHA-256 over every file of a content tree (names and bytes) and the code reading it.

    Hashing reads every byte of the tree, which was most of a load from a snapshot. So,
    as git's index does, the digest is recorded in the cache folder beside the stat data
    of every file (size, modification and change times, inode); a later process whose
    stat data match exactly reuses it and reads no file. Any write to a file changes its
    change time, so an edited tree is hashed again; a file written within two seconds of
    the recording is never taken on stat data alone.
    """
    fingerprint = _code_fingerprint()
    files = _files(str(root))
    folder = cache_dir()
    if folder is None:
        return _hash_tree(fingerprint, files)
    listing = [_stat_line(name, full) for name, full in files]
    key = hashlib.sha256(fingerprint + b"\0" + os.fsencode(os.path.abspath(root))).hexdigest()
    record = folder / f"{key[:32]}.digest.json"
    known = _recorded(record)
    if known is not None and known.get("files") == listing:
        return str(known["digest"])
    digest = _hash_tree(fingerprint, files)
    now = time.time_ns()
    if all(now - line[2] > RACY_NS and now - line[3] > RACY_NS for line in listing):
        _write_atomically(folder, record, json.dumps({"digest": digest, "files": listing}))
    return digest


def _recorded(record: Path) -> dict[str, Any] | None:
    """The recorded digest and stat data of a tree, if a trusted, readable record exists."""
    try:
        if not _trusted(record):
            return None
        known = json.loads(record.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or not isinstance(known.get("digest"), str):
        return None
    return known


def _path(folder: Path, digest: str, chain: list[str]) -> Path:
    return folder / f"{digest[:32]}-{'+'.join(chain)}.pickle"


def _trusted(path: Path) -> bool:
    """Whether a file and its folder belong to this user and only this user may write them."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    for item in (path.parent, path):
        info = item.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
        if uid is not None and info.st_uid != uid:
            return False
    return True


def _load_trusted(path: Path) -> Any:
    """The unpickled object of ``path``, or ``None`` when it is missing, foreign or broken."""
    try:
        if not _trusted(path):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a truncated or foreign file: build it again instead, and overwrite it
        return None


def read(digest: str, chain: list[str]) -> Content | None:
    """The snapshot of a locale chain built from the tree of ``digest``, if there is one."""
    folder = cache_dir()
    if folder is None:
        return None
    stored = _load_trusted(_path(folder, digest, chain))
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == FORMAT):
        return None
    _, content, provenance = stored
    if not isinstance(content, Content):
        return None
    if not isinstance(provenance, list) or len(provenance) != len(content._owners):
        return None
    # provenance is indexed by id() of each text's owner, and ids do not survive a
    # pickle: re-key it by the unpickled owners (pickle keeps them the tree's own objects)
    content._provenance = {
        id(owner): fields for owner, fields in zip(content._owners, provenance, strict=True)
    }
    content._members = None
    return content


def write(digest: str, chain: list[str], content: Content) -> None:
    """Store a validated locale's content; any failure to write leaves no snapshot."""
    folder = cache_dir()
    if folder is None:
        return
    # equal origins pickled once each: a few distinct values stand for every text's
    origins: dict[Any, Any] = {}
    provenance = [
        {name: origins.setdefault(origin, origin) for name, origin in fields.items()}
        for fields in (content._provenance.get(id(owner), {}) for owner in content._owners)
    ]
    # the content's own provenance (keyed by ids, useless after a pickle) stays out: its
    # one Origin object per text took a third of the unpickling; a shallow copy shares
    # every item, so the owners and indexes pickled with it are the tree's own objects
    shell = content.model_copy()
    shell._provenance = {}
    payload: tuple[Any, ...] = (FORMAT, shell, provenance)
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return  # no snapshot: the next process validates, as it would without a cache
    _write_atomically(folder, _path(folder, digest, chain), data)


def _write_atomically(folder: Path, path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` whole or not at all; a failure to write is not an error."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".snapshot-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data.encode() if isinstance(data, str) else data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


def read_catalog(digest: str) -> tuple[Any, ...] | None:
    """The locale catalog (``pdcontent.locales()``) of the tree of ``digest``, if stored."""
    folder = cache_dir()
    if folder is None:
        return None
    stored = _load_trusted(folder / f"{digest[:32]}-catalog.pickle")
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == FORMAT):
        return None
    entries = stored[1]
    # the catalog sits above this layer: its caller checks the entries' type
    return entries if isinstance(entries, tuple) else None


def write_catalog(digest: str, entries: tuple[Any, ...]) -> None:
    """Store the locale catalog of a tree that passed every check of ``pdcontent.locales()``."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        data = pickle.dumps((FORMAT, entries), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return
    _write_atomically(folder, folder / f"{digest[:32]}-catalog.pickle", data)
