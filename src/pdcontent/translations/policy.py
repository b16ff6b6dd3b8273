"""The translation policy file ``content/translation-policy.yaml``.

Terms that stay as written, the one rendering of a term per locale (terminology), texts
that may stay identical to English, the length-ratio bounds, and suppressions of single
findings, each with the reason it is acceptable.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from pydantic import Field

from ..models import Model
from ..models.fields import NON_BLANK_PATTERN
from ..problems import Problem
from ..validation.locale_tree import display_path, read_source
from ..validation.model_errors import build_model
from ..validation.problemsink import FileProblems
from ..validation.schema_errors import check_schema

POLICY_FILE = "translation-policy.yaml"
POLICY_SCHEMA = "translation-policy.schema.json"
Reason = Annotated[str, Field(min_length=10, pattern=NON_BLANK_PATTERN)]
Term = Annotated[str, Field(min_length=1, pattern=NON_BLANK_PATTERN)]


class Rendering(Model):
    """A term's one translation, and the words it abbreviates where it is an abbreviation."""

    term: Term = Field(description="What the translation writes, e.g. KVT.")
    spelled_out: Term | None = Field(
        default=None,
        description="The words the term abbreviates, e.g. kognitive Verhaltenstherapie; "
        "a text may use them instead of the term.",
    )


#: English term -> its rendering: the translated term alone, or the term and its long form
Glossary = dict[Term, Term | Rendering]


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
    terminology: dict[str, Glossary] = Field(
        default_factory=dict,
        description="Per locale (one block each, so translators do not conflict), each "
        "English term and the one term the translation uses for it.",
    )
    keep_unchanged: tuple[str, ...] = ()
    length_ratio: LengthRatio = LengthRatio()
    suppressions: tuple[Suppression, ...] = ()

    def renderings(self, locale: str) -> dict[str, Rendering]:
        """The locale's terminology (its own block, else its language's), as renderings."""
        block = self.terminology.get(locale)
        if block is None:
            block = self.terminology.get(locale.split("-")[0], {})
        return {
            english: rendering if isinstance(rendering, Rendering) else Rendering(term=rendering)
            for english, rendering in block.items()
        }

    def suppressed(self, locale: str, unit_id: str, rule: str) -> bool:
        """True when a suppression covers this rule for this unit."""
        return any(
            s.rule == rule and s.locale == locale and fnmatch.fnmatchcase(unit_id, s.unit)
            for s in self.suppressions
        )


class PolicyError(ValueError):
    """The policy file is broken; ``problems`` say where and how, ``detail`` sums them up."""

    def __init__(self, path: Path, detail: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(f"{path.name}: {detail}")
        self.detail = detail
        self.problems = tuple(problems)


def read_policy(root: Path) -> TranslationPolicy:
    """The policy under a content root; defaults when there is none.

    The file is read like a content file (positions, duplicate keys, JSON Schema, then the
    model). A broken policy file raises :class:`PolicyError` (a :class:`ValueError`) whose
    ``problems`` name file, line, column and rule, since every translation check depends on it.
    """
    path = root / POLICY_FILE
    if not path.is_file():
        return TranslationPolicy()
    sink = FileProblems(display_path(path))
    document = read_source(path, sink)
    policy: Model | None = None
    if not document.issues:
        # an empty file is the default policy, as a missing one is
        data = {} if document.data is None else document.data
        # the committed schema file, or the model's own when it cannot be read
        if check_schema(data, POLICY_SCHEMA, sink, TranslationPolicy.model_json_schema):
            policy = build_model(TranslationPolicy, data, sink)
    if isinstance(policy, TranslationPolicy) and not sink.problems:
        return policy
    first = sink.problems[0] if sink.problems else None
    summary = f"{first.rule} at line {first.line}: {first.message}" if first else "not readable"
    raise PolicyError(path, f"invalid translation policy: {summary}", sink.problems)
