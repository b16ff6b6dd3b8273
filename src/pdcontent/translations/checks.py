"""The translation checks: each a pure function of (source unit, target unit, field, locale).

They are the checks translators know from Weblate, pofilter and compare-locales. The CLI,
CI, pre-commit and the tests all run these same functions through :func:`run_checks`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..characters import describe, forbidden
from ..problems import Severity
from ..validation.markdown import parse_markdown
from .overlay import TranslationUnit
from .policy import TranslationPolicy
from .typography import prose, slips
from .units import SourceUnit


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found in one unit."""

    rule: str
    message: str
    hint: str = ""
    severity: Severity = Severity.WARNING
    #: the offending character's offset in the translated text, where a check knows it
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What checks need beyond the two texts: the policy and the glossary of both sides."""

    policy: TranslationPolicy = field(default_factory=TranslationPolicy)
    #: glossary term id -> (English title, translated title or None)
    glossary: dict[str, tuple[str, str | None]] = field(default_factory=dict)


Check = Callable[[SourceUnit, TranslationUnit, str, str, CheckContext], Iterator[Finding]]

_NUMBER = re.compile(r"\d+")


def empty_text(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A translation must have visible text."""
    if not target.text.strip():
        yield Finding("empty-text", "the translation is empty", "translate it", Severity.ERROR)


def unchanged(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A translation identical to English is usually forgotten (allow-list in the policy)."""
    text = target.text.strip()
    same = text == source.text.strip() and any(c.isalpha() for c in text)
    if same and text not in ctx.policy.keep_unchanged:
        yield Finding(
            "unchanged",
            "the translation is identical to the English source",
            "translate it, or list it under keep_unchanged in translation-policy.yaml",
        )


@lru_cache(maxsize=4096)
def _markdown_shape(text: str) -> tuple[tuple[str, ...], Counter[str], tuple[str, ...]]:
    blocks: list[str] = []
    inline: Counter[str] = Counter()
    links: list[str] = []
    for token in parse_markdown(text):
        if token.type == "heading_open":
            blocks.append(token.tag)  # h1, h2, ...: the level must match too
        elif token.type.endswith("_open") and token.type != "paragraph_open":
            blocks.append(token.type.removesuffix("_open"))
        elif token.type == "paragraph_open":
            blocks.append("paragraph")
        elif token.type in ("fence", "code_block", "hr", "html_block"):
            blocks.append(token.type)
        for child in token.children or ():
            if child.type == "image":
                inline["image"] += 1
                links.append(str(child.attrGet("src") or ""))
            elif child.type in ("strong_open", "em_open", "code_inline", "html_inline"):
                inline[child.type.removesuffix("_open")] += 1
            elif child.type == "link_open":
                inline["link"] += 1
                links.append(str(child.attrGet("href") or ""))
    return tuple(blocks), inline, tuple(sorted(links))


def markdown_parity(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A Markdown translation keeps the source's blocks, inline syntax and link targets."""
    if not source.markdown:
        return
    src_blocks, src_inline, src_links = _markdown_shape(source.text)
    dst_blocks, dst_inline, dst_links = _markdown_shape(target.text)
    # the same targets, each as often; a translation may put them in another order
    if sorted(src_links) != sorted(dst_links):
        missing = sorted(set(src_links) - set(dst_links))
        extra = sorted(set(dst_links) - set(src_links))
        yield Finding(
            "markdown-parity",
            f"link targets differ (missing: {missing or '-'}, added: {extra or '-'})",
            "keep every link target exactly as in English",
            Severity.ERROR,
        )
    for kind in sorted(set(src_inline) | set(dst_inline)):
        if src_inline[kind] != dst_inline[kind] and kind != "link":
            yield Finding(
                "markdown-parity",
                f"{kind} spans: English has {src_inline[kind]}, translation {dst_inline[kind]}",
                "keep the same **bold**, *emphasis* and `code` markup",
                Severity.ERROR,
            )
    if src_blocks != dst_blocks:
        yield Finding(
            "markdown-parity",
            f"block structure differs: {_blocks(src_blocks)} vs {_blocks(dst_blocks)}",
            "keep the same paragraphs and list items",
            Severity.ERROR,
        )


def _blocks(blocks: tuple[str, ...]) -> str:
    counts = Counter(blocks)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


def number_parity(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """Every number of the source appears in the translation, and no other."""
    if source.names:  # each language has its own names, as many as it has
        return
    src = Counter(_NUMBER.findall(source.text))
    dst = Counter(_NUMBER.findall(target.text))
    if src != dst:
        missing = sorted((src - dst).elements())
        extra = sorted((dst - src).elements())
        yield Finding(
            "number-parity",
            f"numbers differ (missing: {missing or '-'}, added: {extra or '-'})",
            "write the same numbers with digits, as the English does",
            Severity.ERROR,
        )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _without_link_targets(text: str) -> str:
    r"""``text`` with each ``](destination)`` cut to ``]``, in linear time.

    Same result as ``re.sub(r"\]\([^)]*\)", "]", text)``, which rescanned the rest of the
    text from every unclosed ``](`` (quadratic on ``](`` repeated).
    """
    parts: list[str] = []
    position = 0
    while (start := text.find("](", position)) >= 0:
        end = text.find(")", start + 2)
        if end < 0:  # no ")" after this one, so none after any later "](" either
            break
        parts.append(text[position : start + 1])
        position = end + 1
    parts.append(text[position:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _VisibleWords:
    """The words a reader sees in a text, and the same words sorted for prefix lookups."""

    words: tuple[str, ...]
    by_prefix: tuple[tuple[str, int], ...]  # (word, position), sorted


@lru_cache(maxsize=256)
def _visible_words(text: str) -> _VisibleWords:
    # every policy term is looked up in the same text: split and sort it once, so the
    # checks cost terms x log(words), not terms x words (a 128 KB line, 40 terms: seconds)
    words = tuple(_words(_without_link_targets(text)))
    return _VisibleWords(words, tuple(sorted((w, i) for i, w in enumerate(words))))


def _stem(word: str) -> str:
    # an inflected ending is at most two letters past the stem (license/licensed,
    # Übertragung/Übertragungen); three made "insight" match "inside" and "license" "lice"
    return word[: max(5, len(word) - 2)] if len(word) > 5 else word


def _contains_term(text: str, term: str) -> bool:
    """Whether ``term`` occurs in the visible ``text``, allowing inflected endings on each word.

    Link destinations do not count: ``[x](term:transference)`` mentions x, not transference.
    """
    stems = [_stem(w) for w in _words(term)]
    if not stems:
        return True
    visible = _visible_words(text)
    words, first, rest = visible.words, stems[0], stems[1:]
    # the positions whose word starts with the first stem: a run of the sorted words
    at = bisect_left(visible.by_prefix, (first, -1))
    for word, i in visible.by_prefix[at:]:
        if not word.startswith(first):
            break
        if i + len(rest) < len(words) and all(
            words[i + 1 + j].startswith(stem) for j, stem in enumerate(rest)
        ):
            return True
    return False


def glossary_consistency(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A glossary term used in the English text appears in its glossary translation."""
    if source.names:  # each language has its own names, as many as it has
        return
    terms = getattr(source.owner, "terms", ())
    for term_id in terms:
        english, translated = ctx.glossary.get(term_id, ("", None))
        if not english or not translated or not _contains_term(source.text, english):
            continue
        if not _contains_term(target.text, translated):
            yield Finding(
                "glossary-term",
                f"glossary term {english!r} is not translated as {translated!r}",
                "use the glossary's translation of the term",
            )


def _mention_at(text: str, term: str) -> int | None:
    """The offset of an abbreviation (CBT) in the prose of ``text``: in capitals, a word."""
    # link targets, URLs and code are masked, offsets kept, so a position can be reported
    found = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", prose(text))
    return None if found is None else found.start()


def _mentions(text: str, term: str) -> bool:
    """Whether the visible ``text`` uses ``term``: an abbreviation exactly, words loosely."""
    if term.isupper():  # "cbt" inside another word is not CBT
        return _mention_at(text, term) is not None
    return _contains_term(text, term)


def terminology(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A term the policy records for the locale is written as recorded, never in English."""
    if source.names:  # each language has its own names, as many as it has
        return
    for english, rendering in ctx.policy.renderings(locale).items():
        forms = [rendering.term, *([rendering.spelled_out] if rendering.spelled_out else [])]
        left = _mentions(target.text, english) and not any(
            _mentions(form, english) for form in forms
        )
        if left:
            yield Finding(
                "terminology",
                f"the English term {english!r} is left in the translation",
                f"write {_spelled(rendering.term, rendering.spelled_out)} instead",
                Severity.ERROR,
                _mention_at(target.text, english) if english.isupper() else None,
            )
        elif _mentions(source.text, english) and not any(
            _mentions(target.text, form) for form in forms
        ):
            yield Finding(
                "terminology",
                f"{english!r} is not translated as {rendering.term!r}",
                f"use the policy's term: {_spelled(rendering.term, rendering.spelled_out)}",
                Severity.ERROR,
            )


def _spelled(term: str, spelled_out: str | None) -> str:
    return f"{spelled_out!r} ({term}) the first time, then {term!r}" if spelled_out else repr(term)


def do_not_translate(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """Terms the policy keeps as written must survive translation verbatim."""
    if source.names:  # each language has its own names, as many as it has
        return
    for term in ctx.policy.do_not_translate:
        pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
        if re.search(pattern, source.text) and not re.search(pattern, target.text):
            yield Finding(
                "do-not-translate",
                f"{term!r} must stay as written",
                "keep the term exactly as in English",
            )


def whitespace(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """No stray leading/trailing white space and no double spaces inside a line."""
    src, dst = source.text, target.text
    if (dst[: len(dst) - len(dst.lstrip())] != src[: len(src) - len(src.lstrip())]) or (
        dst[len(dst.rstrip()) :] != src[len(src.rstrip()) :]
    ):
        yield Finding(
            "whitespace",
            "leading or trailing white space differs from the English",
            "remove the extra spaces or line breaks",
        )
    if any("  " in line.strip() for line in dst.splitlines()):
        yield Finding("whitespace", "double spaces inside a line", "use single spaces")
    # trailing spaces are a Markdown line break: fine where the English has as many
    trailing = sum(1 for line in dst.splitlines() if line != line.rstrip())
    if trailing > sum(1 for line in src.splitlines() if line != line.rstrip()):
        yield Finding("whitespace", "trailing spaces at the end of a line", "remove them")


def invisible_characters(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """Control, invisible and bidi control characters hide or reorder text: never allowed."""
    # the one definition English texts are held to as well (pdcontent.characters)
    found = forbidden(target.text)
    if found:
        yield Finding(
            "invisible-character",
            f"invisible or control characters: {describe(c for _, c in found)}",
            "delete them; retype the text around them if unsure",
            Severity.ERROR,
        )


def length_ratio(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """Translations far shorter or longer than the source are often truncated or padded."""
    if source.names:  # each language has its own names, as many as it has
        return
    bounds = ctx.policy.length_ratio
    if len(source.text) < bounds.min_source_length:
        return
    ratio = len(target.text) / len(source.text)
    if not bounds.min <= ratio <= bounds.max:
        yield Finding(
            "length-ratio",
            f"translation is {ratio:.2f} times the English length "
            f"(allowed {bounds.min} to {bounds.max})",
            "check nothing is missing or repeated",
        )


def names_list(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """A names unit holds one name a line, with no blank line between names."""
    if not source.names:
        return
    lines = target.text.strip().splitlines()
    if any(not line.strip() for line in lines):
        yield Finding(
            "empty-text",
            "a blank line in the names list",
            "write one name a line, with no blank lines",
            Severity.ERROR,
        )


def typography(
    source: SourceUnit, target: TranslationUnit, field: str, locale: str, ctx: CheckContext
) -> Iterator[Finding]:
    """The locale's typography: French no-break spaces, German „…“, Spanish «…» and ¿…?."""
    for slip in slips(target.text, locale):
        yield Finding("typography", slip.message, slip.hint, Severity.ERROR, slip.offset)


CHECKS: tuple[Check, ...] = (
    empty_text,
    unchanged,
    markdown_parity,
    number_parity,
    glossary_consistency,
    terminology,
    do_not_translate,
    whitespace,
    invisible_characters,
    length_ratio,
    names_list,
    typography,
)


def run_checks(
    source: SourceUnit, target: TranslationUnit, locale: str, ctx: CheckContext
) -> list[Finding]:
    """Every check's findings for one unit, minus the policy's suppressions."""
    findings = [f for check in CHECKS for f in check(source, target, source.field, locale, ctx)]
    return [f for f in findings if not ctx.policy.suppressed(locale, source.id, f.rule)]
