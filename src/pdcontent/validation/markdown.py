"""Markdown checks: link syntax and targets, and raw HTML, in every Markdown field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..models import Model, translatable_field
from ..models.fields import SLUG_PATTERN, TERM_SCHEME
from ..yamlsource import Path_
from .problemsink import FileProblems

if TYPE_CHECKING:
    # imported where a check parses Markdown: loading content skips those checks
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("https://", "http://", "mailto:", "tel:", TERM_SCHEME)
# a bracket pair followed by "(" that markdown-it left as text is a link that failed to parse;
# "[" is excluded inside the brackets so that each match attempt stops at the next "[": on a
# line of "[x" repeated the pattern is linear (with "[^\]\n]*" each "[" scanned to the end)
_BRACKETS_THEN_PAREN = re.compile(r"\[[^\[\]\n]*\]\s*\(")


def broken_link(text: str) -> bool:
    """Whether ``text`` (a text token) holds a link markdown-it could not parse; linear time."""
    if _BRACKETS_THEN_PAREN.search(text):
        return True
    # "](" never closed: the last "](" is unclosed if any is, so one search from the right
    # replaces a pattern that rescanned the rest of the text from every "]("
    start = text.rfind("](")
    return start >= 0 and text.find(")", start + 2) < 0


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


@lru_cache(maxsize=1024)
def parse_markdown(text: str) -> tuple[Token, ...]:
    """The CommonMark tokens of ``text``, parsed once however many checks read them.

    markdown-it is linear but not fast (about 2 s for a 128 KB line of ``[x``): the link,
    term and parity checks of the English and of every locale share one parse. The tokens
    are shared, so callers must not change them.
    """
    return tuple(_parser().parse(text))


def markdown_fields(model: Model, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Yield (path, text) for every Markdown field in ``model`` and the models inside it."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        described = translatable_field(name, info)
        if described is not None and described.markdown and isinstance(value, str):
            yield (*path, name), value
        elif isinstance(value, Model):
            yield from markdown_fields(value, (*path, name))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Model):
                    yield from markdown_fields(item, (*path, name, i))


def _inline_tokens(tokens: Iterable[Token]) -> Iterator[tuple[int, Token]]:
    """Yield (0-based line in the text, token) for every inline token and HTML block."""
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            yield line, token
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            yield line, child


def check_markdown(path: Path_, text: str, sink: FileProblems) -> None:
    """Report malformed links, disallowed link targets, images and raw HTML in ``text``."""
    source = sink.source

    def report(line: int, rule: str, message: str, hint: str) -> None:
        position = source.text_line(path, line) if source else None
        if position is None:
            sink.add(path, rule, message, hint)
        else:
            sink.at(position, rule, message, hint, path)

    for line, token in _inline_tokens(parse_markdown(text)):
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if not href.strip():
                report(line, "markdown-link", "link has no target", "write [text](https://…)")
            elif not href.startswith(ALLOWED_SCHEMES):
                report(
                    line,
                    "markdown-link",
                    f"link target {href!r} is not allowed",
                    "use an absolute https://, mailto: or tel: link, or term:<glossary id>",
                )
            elif href.startswith(TERM_SCHEME) and not re.fullmatch(
                SLUG_PATTERN, href.removeprefix(TERM_SCHEME)
            ):
                report(
                    line,
                    "markdown-link",
                    f"link target {href!r} is not a glossary id",
                    "write [text](term:glossary-id), e.g. term:transference",
                )
        elif token.type == "image":
            report(
                line, "markdown-link", "images are not supported in content", "describe it in text"
            )
        elif token.type in ("html_inline", "html_block"):
            report(
                line,
                "markdown-html",
                "raw HTML is not allowed in Markdown",
                "use Markdown syntax instead",
            )
        elif token.type == "text" and broken_link(token.content):
            report(
                line,
                "markdown-link",
                "malformed Markdown link",
                "a link is [text](https://…) with no space between ] and (",
            )


def term_links(text: str) -> Iterator[tuple[int, str]]:
    """(0-based line in the text, glossary id) of every ``term:`` link in a Markdown text."""
    for line, token in _inline_tokens(parse_markdown(text)):
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if href.startswith(TERM_SCHEME):
                yield line, href.removeprefix(TERM_SCHEME)


def check_model_markdown(model: Any, sink: FileProblems) -> None:
    """Run :func:`check_markdown` over every Markdown field of a validated file model."""
    if isinstance(model, Model):
        for path, text in markdown_fields(model):
            check_markdown(path, text, sink)
