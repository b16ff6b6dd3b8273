"""Validating a whole content tree: the English source, then every translation overlay.

It lives in translations, a layer above :mod:`pdcontent.validation`: once validation has
read the English, it checks each overlay against it. ``pdcontent validate`` runs it, and
``pdcontent import`` runs it on a copy before writing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..models import FILE_KINDS
from ..problems import Problem, Severity
from ..tags import SOURCE_LOCALE, available, canonical, clashing_folders
from ..validation.locale_tree import check_locale, display_path
from ..validation.report import LocaleReport
from .check import CheckOptions, check_overlay
from .policy import POLICY_FILE, PolicyError, read_policy
from .units import units_by_kind


class NotContent(ValueError):
    """The path holds no content tree or locale folder."""


def _is_locale_folder(path: Path) -> bool:
    return any((path / kind.filename).is_file() for kind in FILE_KINDS)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded batch of work.

    Validation builds many small objects that live until it ends; with the collector on,
    each collection walks the whole growing heap, which made time per item grow with the
    tree (1.28x per item at 100x the content). Reference counting still frees at once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_tree(path: Path, options: CheckOptions | None = None) -> list[LocaleReport]:
    """Check a content root (every locale) or one locale folder (with its English sibling)."""
    with _no_cyclic_gc():
        reports = _validate_tree(path, options)
    if not _is_locale_folder(path) and (problems := folder_name_problems(path)):
        reports.append(LocaleReport("locales", problems))
    return reports


def folder_name_problems(root: Path) -> list[Problem]:
    """Locale folders that are one tag twice (``es/`` and ``ES/``), or not in canonical form.

    Two such folders would each be a locale of their own, one shadowing the other in the
    API; a folder such as ``pt-br/`` works but is named apart from every tag we write.
    """
    out: list[Problem] = []
    for group in clashing_folders(root):
        tag = canonical(group[0])
        message = f"{' and '.join(f'{name}/' for name in group)} are the same locale {tag}"
        hint = f"merge them into one folder named {tag}/"
        for name in group:
            out.append(
                Problem(display_path(root / name), 1, 1, "locale-folder-clash", message, hint)
            )
    clashing = {name for group in clashing_folders(root) for name in group}
    for name in available(root):
        if name not in clashing and canonical(name) != name:
            out.append(
                Problem(
                    display_path(root / name),
                    1,
                    1,
                    "locale-folder-case",
                    f"{name}/ is the locale {canonical(name)}",
                    f"rename the folder to {canonical(name)}/",
                    severity=Severity.WARNING,
                )
            )
    return out


def _validate_tree(path: Path, options: CheckOptions | None) -> list[LocaleReport]:
    if _is_locale_folder(path):
        if path.name == SOURCE_LOCALE or not (path.parent / SOURCE_LOCALE).is_dir():
            return [LocaleReport(path.name, check_locale(path).problems)]
        root, tags = path.parent, [path.name]
    else:
        root, tags = path, [t for t in available(path) if t != SOURCE_LOCALE]
        if not (root / SOURCE_LOCALE).is_dir():
            raise NotContent(f"{path} holds no content (expected locale folders such as en/)")
    english = check_locale(root / SOURCE_LOCALE)
    reports = [] if _is_locale_folder(path) else [LocaleReport(SOURCE_LOCALE, english.problems)]
    if not english.ok:
        if not reports:
            reports.append(LocaleReport(SOURCE_LOCALE, english.problems))
        return reports  # translations cannot be checked against a broken source
    by_kind = units_by_kind(english.models)
    total = sum(len(units) for units in by_kind.values())
    try:
        policy = read_policy(root)
    except PolicyError as exc:
        # every translation check reads the policy, so a broken one stops them all
        problems = list(exc.problems) or [
            Problem(display_path(root / POLICY_FILE), 1, 1, "invalid-value", exc.detail)
        ]
        return [*reports, LocaleReport("policy", problems)]
    for tag in tags:
        result = check_overlay(root / tag, tag, by_kind, policy=policy, options=options)
        done = sum(1 for u in result.units.values() if u.status.value != "draft")
        reports.append(LocaleReport(tag, result.problems, done, total))
    return reports
