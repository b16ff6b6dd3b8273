"""Markdown bodies as Markdown, sanitized HTML, or plain text.

HTML comes from markdown-it-py with raw HTML disabled, then goes through nh3 with an
allow-list, so even content that slipped past validation cannot carry script, styles,
event handlers or non-web links to a browser.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

import nh3
import strawberry
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pdcontent.models.fields import TERM_SCHEME


@strawberry.enum(description="How a Markdown text is returned.")
class TextFormat(Enum):
    """Output format of a rich text field."""

    MARKDOWN = "markdown"
    HTML = "html"
    PLAIN = "plain"


ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "data-term"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _term_links(tokens: list[Token]) -> list[Token]:
    """Glossary links become in-page hooks: ``<a href="#term-x" data-term="x">``.

    A front end finds them by ``data-term`` to show the definition; the fragment keeps
    them focusable and points nowhere outside the page.
    """
    for token in tokens:
        for child in token.children or ():
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith(TERM_SCHEME):
                term = href.removeprefix(TERM_SCHEME)
                child.attrSet("href", f"#term-{term}")
                child.attrSet("data-term", term)
    return tokens


@lru_cache(maxsize=8192)
def to_html(markdown: str) -> str:
    """Sanitized HTML for a Markdown text; links get ``rel="noopener noreferrer"``."""
    tokens = _term_links(_md.parse(markdown))
    return nh3.clean(
        _md.renderer.render(tokens, _md.options, {}),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


@lru_cache(maxsize=8192)
def to_plain(markdown: str) -> str:
    """The text of a Markdown document without markup; blocks are separated by blank lines."""
    out: list[str] = []
    lists = 0
    for token in _md.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
            out.append("\n")
        elif token.type == "list_item_open":
            out.append("- ")
        elif token.type in ("code_block", "fence"):
            out.append(token.content.rstrip("\n") + "\n\n")
        elif token.type in ("paragraph_close", "heading_close"):
            # list items are one line each; other blocks are paragraphs
            out.append("\n" if lists else "\n\n")
        elif token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    out.append(child.content)
                elif child.type == "softbreak":
                    out.append(" ")
                elif child.type == "hardbreak":
                    out.append("\n")
    return "\n\n".join(block.strip() for block in "".join(out).split("\n\n") if block.strip())


def render(markdown: str, text_format: TextFormat) -> str:
    """``markdown`` in the requested format."""
    if text_format is TextFormat.HTML:
        return to_html(markdown)
    if text_format is TextFormat.PLAIN:
        return to_plain(markdown)
    return markdown
