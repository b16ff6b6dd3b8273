"""Checks of glossary links: each ``term:`` target exists and is listed, and every term is linked.

A Markdown text links a glossary term as ``[transference](term:transference)``. The target
must be a glossary id, and the item whose text links it must list it in ``terms`` (the
relation the projections follow); a glossary term no text links to is reported as a
warning, since readers then never meet its definition from a page.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import FILE_KINDS, ItemsFile, Model
from ..models.fields import SLUG_PATTERN
from ..problems import Severity
from ..yamlsource import Path_, Position
from .markdown import markdown_fields, term_links
from .problemsink import FileProblems


def _owner(model: Model, path: Path_) -> Any:
    """The model that holds the field at ``path`` (its parent)."""
    node: Any = model
    for step in path[:-1]:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


def check_term_links(files: dict[str, tuple[Any, FileProblems]], models: dict[str, Model]) -> None:
    """Report ``term:`` links to unknown or unlisted terms, and glossary terms never linked."""
    glossary = models.get("glossary")
    if not isinstance(glossary, ItemsFile):
        return
    ids = {term.id for term in glossary.items}
    linked: set[str] = set()
    for kind in FILE_KINDS:
        model = models.get(kind.name)
        if model is None or kind.name not in files:
            continue
        sink = files[kind.name][1]
        for path, text in markdown_fields(model):
            listed = getattr(_owner(model, path), "terms", None)
            for line, target in term_links(text):
                if not re.fullmatch(SLUG_PATTERN, target):
                    continue  # the Markdown check reports a target that is no id at all
                position = sink.source.text_line(path, line) if sink.source else None
                where = position or Position(1, 1)
                if target not in ids:
                    sink.at(
                        where,
                        "dangling-reference",
                        f"term:{target} is not a known id in glossary",
                        "link a glossary id, e.g. term:transference",
                        path,
                    )
                elif listed is not None and target not in listed:
                    sink.at(
                        where,
                        "term-not-listed",
                        f"the text links term:{target}, which its terms do not list",
                        f"add {target} to terms",
                        path,
                    )
                linked.add(target)
    sink = files["glossary"][1]
    for index, term in enumerate(glossary.items):
        if term.id not in linked:
            sink.at(
                sink.source.key_position(("items", index, "id")) if sink.source else Position(1, 1),
                "term-unlinked",
                f"no text links the glossary term {term.id!r}",
                f"link a mention of it as [{term.title.lower()}](term:{term.id})",
                ("items", index),
                Severity.WARNING,
            )
