"""Writing a set of files all or nothing: stage every file, then commit them together.

Every command that writes content (``import``, ``translations init``/``confirm``,
``schema``) goes through :func:`write_all`, so a failure (a read-only checkout, a folder
where a file should be, an immutable file, a full disk) leaves the tree as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class WriteError(Exception):
    """A set of files could not be written; the tree is as it was before."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}; nothing was written")
        self.path = path
        self.reason = reason


@dataclass
class _Staged:
    path: Path
    temporary: Path
    backup: Path | None = None  # a copy of the file this replaces, to restore on failure
    committed: bool = False


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def _fsync_folder(folder: Path) -> None:
    # the renames themselves must reach the disk, not only the files' bytes
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _make_folders(folders: list[Path], created: list[Path]) -> None:
    for folder in folders:
        missing: list[Path] = []
        current = folder
        while not current.exists():
            missing.append(current)
            current = current.parent
        for path in reversed(missing):
            try:
                path.mkdir()
            except OSError as exc:
                raise WriteError(path, _reason(exc)) from None
            created.append(path)
        if not folder.is_dir():
            raise WriteError(folder, "not a folder")


def _stage(path: Path, data: bytes) -> _Staged:
    if path.is_dir():
        raise WriteError(path, "a folder is in the way")
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(path, _reason(exc)) from None
    staged = _Staged(path, Path(name))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(name, mode)
        if path.exists():
            handle, backup = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".bak"
            )
            os.close(handle)
            staged.backup = Path(backup)
            shutil.copy2(path, backup)
    except OSError as exc:
        _discard([staged])
        raise WriteError(path, _reason(exc)) from None
    return staged


def _discard(staged: list[_Staged]) -> None:
    for item in staged:
        with contextlib.suppress(OSError):
            item.temporary.unlink(missing_ok=True)
        if item.backup is not None:
            with contextlib.suppress(OSError):
                item.backup.unlink(missing_ok=True)


def _roll_back(staged: list[_Staged], created: list[Path]) -> None:
    for item in reversed(staged):
        if not item.committed:
            continue
        with contextlib.suppress(OSError):
            if item.backup is not None:
                os.replace(item.backup, item.path)
                item.backup = None
            else:
                item.path.unlink()
    _discard(staged)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_all(files: Mapping[Path, str | bytes]) -> None:
    """Write every file or none (temp, fsync, rename; on failure restore what was replaced).

    Text is written as UTF-8. Missing folders are created (and removed again on failure).
    Raises :class:`WriteError` naming the file that failed; the tree is then unchanged.
    """
    # a symlinked file is written where it points, as open() would: the link stays a link
    files = {Path(os.path.realpath(p)) if p.is_symlink() else p: t for p, t in files.items()}
    created: list[Path] = []
    staged: list[_Staged] = []
    try:
        _make_folders(sorted({p.parent for p in files}), created)
        for path, text in files.items():
            data = text.encode("utf-8") if isinstance(text, str) else text
            staged.append(_stage(path, data))
        for item in staged:
            try:
                os.replace(item.temporary, item.path)
            except OSError as exc:
                raise WriteError(item.path, _reason(exc)) from None
            item.committed = True
    except BaseException:
        _roll_back(staged, created)
        raise
    _discard(staged)
    for folder in sorted({p.parent for p in files}):
        _fsync_folder(folder)
