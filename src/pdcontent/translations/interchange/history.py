"""Older English texts from git history, so a PO export can show what a stale unit was made from."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from ...tags import SOURCE_LOCALE
from ...yamlsource import parse
from ..units import file_units
from .records import KINDS

#: how many past versions of an English file are searched for the text a stale unit was made from
HISTORY_DEPTH = 50


def _git(cwd: Path, *args: str) -> str | None:
    """``git args`` run in ``cwd``: its output, or None when git is absent or fails."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def previous_sources(
    root: Path, kinds: Iterable[str], depth: int = HISTORY_DEPTH
) -> dict[str, str]:
    """Source hash -> English text, from the last ``depth`` commits of the kinds' English files.

    Empty when ``root`` is not in a git checkout or git is not installed.
    """
    folder = root / SOURCE_LOCALE
    found: dict[str, str] = {}
    for name in kinds:
        kind = KINDS[name]
        log = _git(folder, "log", "--format=%H", "-n", str(depth), "--", kind.filename)
        if log is None:
            return found  # not a checkout (or no git): no other kind will do better
        seen: set[str] = set()
        for revision in log.split():
            text = _git(folder, "show", f"{revision}:./{kind.filename}")
            if text is None or text in seen:
                continue
            seen.add(text)
            document = parse(text)  # the one reader: duplicate keys are issues, not a value lost
            if document.issues:
                continue  # an old version that was not well-formed
            try:
                model = kind.model.model_validate(document.data)
            except (ValidationError, ValueError, TypeError):
                continue  # an old version the current model no longer reads
            for unit in file_units(kind, model):
                found.setdefault(unit.hash, unit.text)
    return found
