"""The translation policy file ``content/translation-policy.yaml``.

Terms that stay as written, texts that may stay identical to English, the length-ratio
bounds, and suppressions of single findings, each with the reason it is acceptable.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError

from ..models import Model
from ..models.fields import NON_BLANK_PATTERN

POLICY_FILE = "translation-policy.yaml"
Reason = Annotated[str, Field(min_length=10, pattern=NON_BLANK_PATTERN)]


class LengthRatio(Model):
    """Bounds on len(translation) / len(English) for texts of at least ``min_source_length``."""

    min: float = Field(default=0.5, gt=0)
    max: float = Field(default=2.0, gt=0)
    min_source_length: int = Field(default=20, ge=1)


class Suppression(Model):
    """One accepted finding: a rule on units matching ``unit`` (a glob) in ``locale``."""

    locale: str
    unit: str = Field(description="A unit id or glob, e.g. glossary/insight/title or */title.")
    rule: str
    reason: Reason


class TranslationPolicy(Model):
    """Repository-wide translation rules."""

    do_not_translate: tuple[str, ...] = ()
    keep_unchanged: tuple[str, ...] = ()
    length_ratio: LengthRatio = LengthRatio()
    suppressions: tuple[Suppression, ...] = ()

    def suppressed(self, locale: str, unit_id: str, rule: str) -> bool:
        """True when a suppression covers this rule for this unit."""
        return any(
            s.rule == rule and s.locale == locale and fnmatch.fnmatchcase(unit_id, s.unit)
            for s in self.suppressions
        )


class PolicyError(ValueError):
    """The policy file is broken; ``detail`` says how, without the file name."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path.name}: {detail}")
        self.detail = detail


def read_policy(root: Path) -> TranslationPolicy:
    """The policy under a content root; defaults when there is none.

    A broken policy file raises :class:`PolicyError` (a :class:`ValueError`) naming the
    file and what is wrong, since every translation check depends on it.
    """
    path = root / POLICY_FILE
    if not path.is_file():
        return TranslationPolicy()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return TranslationPolicy.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'policy'}: {e['msg']}" for e in exc.errors()
        )
        raise PolicyError(path, f"invalid translation policy: {details}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PolicyError(path, f"invalid translation policy: not valid YAML{where}") from None
    except UnicodeDecodeError:
        raise PolicyError(path, "invalid translation policy: not UTF-8") from None
