"""Reading and checking one locale folder: every file, then the references between them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..characters import describe
from ..models import FILE_KINDS, FileKind, Model
from ..problems import Problem
from ..yamlsource import SourceDocument, read
from .editorial import check_dates
from .markdown import check_model_markdown
from .model_errors import build_model
from .problemsink import FileProblems
from .references import check_references
from .schema_errors import check_schema
from .synonyms import check_synonyms
from .terms import check_term_links


@dataclass(slots=True)
class LocaleResult:
    """The models that loaded and every problem found, for one locale folder."""

    folder: Path
    models: dict[str, Model] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file loaded and nothing is wrong."""
        return not self.problems and len(self.models) == len(FILE_KINDS)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as is."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_source(path: Path, sink: FileProblems) -> SourceDocument:
    """Read and parse one YAML file, recording read and YAML problems in ``sink``."""
    document = read(path)
    sink.source = document
    for issue in document.issues:
        sink.at(issue.position, issue.rule, issue.message, issue.hint)
    return document


def check_file(kind: FileKind, path: Path, *, full: bool) -> tuple[Any, FileProblems, Model | None]:
    """Read, parse and validate one file. ``full`` adds JSON Schema and Markdown checks."""
    sink = FileProblems(display_path(path))
    document = read_source(path, sink)
    if document.issues:
        return None, sink, None
    for field_path, position, chars in document.characters:
        sink.at(
            position,
            "forbidden-character",
            f"the text holds {describe(chars)}",
            "delete it; control, bidi and invisible characters hide or reorder what readers see",
            field_path,
        )
    data = document.data
    if data is None:
        sink.add((), "missing-field", "the file is empty", f"see schema/{kind.schema_filename}")
        return None, sink, None
    try:
        generate = partial(kind.model.model_json_schema, mode="validation")
        if full and not check_schema(data, kind.schema_filename, sink, generate):
            return data, sink, None
        model = build_model(kind.model, data, sink)
        if model is not None and full:
            check_model_markdown(model, sink)
    except RecursionError:
        sink.add((), "nested-too-deeply", "the document nests too deeply to check", "flatten it")
        return None, sink, None
    return data, sink, model


def check_locale(folder: Path, *, full: bool = True) -> LocaleResult:
    """Check every content file in ``folder`` and the references between them."""
    result = LocaleResult(folder)
    parsed: dict[str, tuple[Any, FileProblems]] = {}
    sinks: list[FileProblems] = []
    known = {kind.filename for kind in FILE_KINDS}
    for kind in FILE_KINDS:
        path = folder / kind.filename
        if not path.is_file():
            sink = FileProblems(display_path(path))
            sink.add(
                (),
                "file-missing",
                f"{kind.filename} is missing",
                f"every locale needs {', '.join(sorted(known))}",
            )
            sinks.append(sink)
            continue
        data, sink, model = check_file(kind, path, full=full)
        sinks.append(sink)
        if model is not None:
            result.models[kind.name] = model
            parsed[kind.name] = (data, sink)
    if full:
        for extra in sorted(folder.glob("*.y*ml")):
            if extra.name not in known:
                sink = FileProblems(display_path(extra))
                sink.add(
                    (),
                    "file-unknown",
                    f"{extra.name} is not a content file",
                    f"expected one of {', '.join(sorted(known))}",
                )
                sinks.append(sink)
    if len(parsed) == len(FILE_KINDS):
        # references are only meaningful once every file they can point into has loaded
        check_references(parsed)
        check_dates(parsed, result.models)
        if full:  # like the Markdown checks, left to validate; loading trusts CI ran them
            check_term_links(parsed, result.models)
            check_synonyms(parsed, result.models)
    for sink in sinks:
        result.problems.extend(sink.problems)
    return result
