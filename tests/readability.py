"""Readability measures for the content's texts, one formula made for each language.

English uses the Flesch-Kincaid grade (through ``textstat``). German, Spanish and French
use formulas fitted to those languages, written out here from their published form, with
syllables counted by ``pyphen`` (the hyphenation dictionaries ``textstat`` itself uses):

- de: first Wiener Sachtextformel (R. Bamberger and E. Vanecek, *Lesen - Verstehen -
  Lernen - Schreiben*, 1984), a school grade from about 4 (very easy) to 15 (very hard).
- es: Szigriszt-Pazos perspicuity (F. Szigriszt Pazos, doctoral thesis, 1993), read on
  the INFLESZ scale of Barrio-Cantalejo et al. (*Anales del Sistema Sanitario de
  Navarra* 2008;31(2)), which was validated for texts written for patients.
- fr: Kandel-Moles (L. Kandel and A. Moles, 1958), Flesch's reading ease refitted to
  French, from 0 (very hard) to 100 (very easy).

Markdown is measured as the plain text a reader sees: link targets, emphasis marks and
list markers are removed, and a list item counts as a sentence of its own.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyphen
import textstat

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_HEADING = re.compile(r"^\s*#{1,6}\s+", re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|[;:](?=\s*\n)|\n\s*\n")

#: the languages with a formula here, and what a higher score means
HIGHER_IS_HARDER = {"en": True, "de": True, "es": False, "fr": False}


def plain_text(markdown: str) -> str:
    """The text a reader sees in ``markdown``: no link targets, emphasis or list markers."""
    text = _LINK.sub(r"\1", markdown)
    text = _EMPHASIS.sub("", text)
    text = _HEADING.sub("", text)
    # a list item reads as its own sentence; end it so the formulas count it as one
    items = _LIST_MARKER.split(text)
    if len(items) > 1:
        text = items[0] + "".join(
            "\n\n" + item.rstrip().rstrip(",;") + ("" if item.rstrip().endswith(".") else ".")
            for item in items[1:]
        )
    return re.sub(r"[ \t]+", " ", text).strip()


@dataclass(frozen=True)
class Counts:
    """Sentence, word and syllable counts of one text."""

    sentences: int
    words: tuple[str, ...]
    syllables: tuple[int, ...]

    @property
    def words_per_sentence(self) -> float:
        """Mean sentence length in words."""
        return len(self.words) / self.sentences

    @property
    def syllables_per_word(self) -> float:
        """Mean word length in syllables."""
        return sum(self.syllables) / len(self.words)

    def share(self, test: Iterable[bool]) -> float:
        """Percentage of words for which ``test`` (one flag per word) holds."""
        return 100 * sum(test) / len(self.words)


@cache
def _hyphenator(locale: str) -> pyphen.Pyphen:
    # left/right 1: split every syllable, including one-letter ones at a word's edge
    return pyphen.Pyphen(lang=locale, left=1, right=1)


_VOWEL = re.compile(r"[aeiouyàâäáéèêëíìîïóòôöúùûüÿœæ]")


def syllables(word: str, locale: str) -> int:
    """Syllables in ``word``: its hyphenation pieces that hold a vowel (at least one)."""
    pieces = _hyphenator(locale).inserted(word.lower(), hyphen="\x00").split("\x00")
    # with one-letter margins the dictionaries sometimes cut off a lone consonant ("wuss-t")
    return max(1, sum(1 for piece in pieces if _VOWEL.search(piece)))


def counts(text: str, locale: str) -> Counts:
    """Sentences, words and syllables of plain ``text`` in ``locale``."""
    words = tuple(_WORD.findall(text))
    if not words:
        raise ValueError(f"no words to measure in {text!r}")
    pieces = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    return Counts(
        sentences=max(1, len(pieces)),
        words=words,
        syllables=tuple(sum(syllables(part, locale) for part in w.split("-")) for w in words),
    )


def wiener_sachtextformel(text: str) -> float:
    """First Wiener Sachtextformel: 0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875."""
    c = counts(text, "de")
    ms = c.share(n >= 3 for n in c.syllables)  # % words of three or more syllables
    iw = c.share(len(w) > 6 for w in c.words)  # % words longer than six letters
    es = c.share(n == 1 for n in c.syllables)  # % one-syllable words
    return 0.1935 * ms + 0.1672 * c.words_per_sentence + 0.1297 * iw - 0.0327 * es - 0.875


def szigriszt_pazos(text: str) -> float:
    """Szigriszt-Pazos perspicuity: 206.835 - 62.3 syllables/word - words/sentence."""
    c = counts(text, "es")
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def kandel_moles(text: str) -> float:
    """Kandel-Moles reading ease: 207 - 1.015 words/sentence - 73.6 syllables/word."""
    c = counts(text, "fr")
    return 207 - 1.015 * c.words_per_sentence - 73.6 * c.syllables_per_word


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    return float(textstat.flesch_kincaid_grade(text))


_FORMULAS = {
    "en": flesch_kincaid_grade,
    "de": wiener_sachtextformel,
    "es": szigriszt_pazos,
    "fr": kandel_moles,
}


def score(markdown: str, locale: str) -> float:
    """The readability score of ``markdown`` with the formula made for ``locale``."""
    try:
        formula = _FORMULAS[locale]
    except KeyError:
        raise ValueError(f"no readability formula for locale {locale!r}") from None
    return round(formula(plain_text(markdown)), 1)


def median(scores: Iterable[float]) -> float:
    """The median of ``scores``."""
    return float(statistics.median(scores))
