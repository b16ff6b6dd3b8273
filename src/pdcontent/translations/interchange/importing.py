"""``pdcontent import``: merge an exchange file into its locale's overlay, if it validates."""

from __future__ import annotations

from pathlib import Path

from .plan import check_plan, plan_import
from .records import ContentProblems, ImportPlan, only_errors
from .writing import write_all


def import_bytes(root: Path, data: bytes, *, dry_run: bool = False) -> ImportPlan:
    """Import an exchange file into ``root``: plan, check in a copy, then write (unless dry run).

    Raises :class:`InterchangeError` for a bad file, :class:`ContentProblems` when the
    content or the resulting overlay has errors, :class:`WriteError` when a file cannot be
    written; nothing is written then.
    """
    plan = plan_import(root, data)
    plan.problems = check_plan(root, plan)
    errors = only_errors(plan.problems)
    if errors:
        raise ContentProblems("the imported translations have errors; nothing was written", errors)
    if not dry_run and plan.rendered:
        write_all(dict(zip(plan.paths, plan.rendered.values(), strict=True)))
    return plan
