"""Crisis intent: the words that mean a reader needs urgent help, one table per language.

A query that says suicide, self-harm, emergency or crisis line — in any language we ship,
whatever the content's locale, because a reader in crisis types in the language they
think in — puts the crisis lines for the reader's region first. So does a query that is
one of the content's own phone or emergency numbers ("988", "116 123").

Why a table here and not a field in the content: these are query words, not a text of
any one item. They belong to no crisis resource (every line would carry the same words,
and the ``also_called`` validator rightly rejects a name two items share), and they
include forms no page would print ("kill myself", "selfharm", misspellings are left to
the matcher). One table per language, edited like the content's translations: a language
added to ``content/`` gets its table here. The entries are matched as phrases of analysed
words (:mod:`.search_text`), so one entry covers its inflections ("suicidal" matches
"suicide"), and a word one typing slip away matches too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from babel import Locale

from .search_spelling import Speller, speller
from .search_text import WORD, analyzer

#: what a reader types when they, or someone near them, need help now (by ISO 639-1)
CRISIS_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "suicide",
        "suicidal",
        "kill myself",
        "killing myself",
        "end my life",
        "end it all",
        "take my own life",
        "want to die",
        "self harm",
        "selfharm",
        "self injury",
        "hurt myself",
        "cut myself",
        "overdose",
        "crisis",
        "crisis line",
        "helpline",
        "hotline",
        "lifeline",
        "emergency",
        "urgent help",
    ),
    "de": (
        "Suizid",
        "suizidal",
        "Suizidgedanken",
        "Selbstmord",
        "Selbstmordgedanken",
        "mich umbringen",
        "mir das Leben nehmen",
        "nicht mehr leben",
        "sterben wollen",
        "Selbstverletzung",
        "selbstverletzendes Verhalten",
        "ritzen",
        "Überdosis",
        "Krise",
        "Krisentelefon",
        "Krisendienst",
        "Seelsorge",
        "Telefonseelsorge",
        "Notfall",
        "Notruf",
        "Notrufnummer",
        "dringend Hilfe",
    ),
    "es": (
        "suicidio",
        "suicida",
        "suicidarme",
        "quitarme la vida",
        "matarme",
        "quiero morir",
        "no quiero vivir",
        "autolesión",
        "autolesiones",
        "hacerme daño",
        "cortarme",
        "sobredosis",
        "crisis",
        "línea de crisis",
        "emergencia",
        "urgencia",
        "ayuda urgente",
    ),
    "fr": (
        "suicide",
        "suicidaire",
        "me suicider",
        "me tuer",
        "mettre fin à mes jours",
        "en finir avec la vie",
        "envie de mourir",
        "automutilation",
        "me faire du mal",
        "scarification",
        "surdose",
        "crise",
        "ligne de crise",
        "urgence",
        "urgences",
        "SAMU",
        "aide urgente",
    ),
}

#: the codes CLDR lists that are not ISO 3166-1 countries: macro-regions, reserved codes
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
_ALPHA2 = re.compile(r"^[A-Za-z]{2}$")


@cache
def _countries() -> frozenset[str]:
    territories = Locale("en").territories
    codes = (c for c in territories if isinstance(c, str))
    return frozenset(c for c in codes if _ALPHA2.match(c) and c not in _NOT_COUNTRIES)


def region_code(value: str) -> str:
    """``value`` as an ISO 3166-1 alpha-2 code (``us`` -> ``US``); ValueError if it is none."""
    code = value.strip().upper()
    if not _ALPHA2.match(code) or code not in _countries():
        shown = value[:20]
        raise ValueError(f"region {shown!r} is not an ISO 3166-1 alpha-2 country code")
    return code


@cache
def _phrases(language: str) -> tuple[tuple[tuple[str, ...], ...], Speller]:
    """The language's entries as tuples of keys, and a speller over their keys."""
    words = analyzer(language)
    phrases = tuple(tuple(words.keys(entry)) for entry in CRISIS_WORDS[language])
    return phrases, speller(key for phrase in phrases for key in phrase)


def _says(language: str, query: str) -> bool:
    phrases, known = _phrases(language)
    # each query word stands for itself and for the entry words one slip away
    forms = [{key, *known.corrections(key)} for key in analyzer(language).keys(query)]
    for phrase in phrases:
        n = len(phrase)
        for start in range(len(forms) - n + 1):
            if all(phrase[i] in forms[start + i] for i in range(n)):
                return True
    return False


def digits(text: str) -> str:
    """The digits of ``text`` only: ``"116 123"`` -> ``"116123"``."""
    return "".join(c for c in text if c.isdigit() and c.isascii())


def is_crisis_query(query: str, numbers: Iterable[str]) -> bool:
    """Whether ``query`` asks for urgent help: a crisis word in any language, or a number.

    ``numbers`` are the digits of the content's crisis phone and emergency numbers.
    """
    known = set(numbers)
    words = WORD.findall(query)
    if words and all(w.isdigit() for w in words) and digits(query) in known:
        return True  # the number as typed, with or without its spaces
    if any(w.isdigit() and len(w) >= 3 and w in known for w in words):
        return True
    return any(_says(language, query) for language in CRISIS_WORDS)
