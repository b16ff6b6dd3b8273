"""How search turns text into index keys: words, folded diacritics, spelling variants, stems.

The index and the query go through the same :class:`Analyzer`, so whatever a reader
types is compared with the content in one normal form: lower case, diacritics folded
("Übertragung" and "Ubertragung" alike), British spellings mapped to one form in English
("defences" and "defenses"), and each word cut to its Snowball stem ("transferencias"
finds "transferencia"). The language comes from the content's locale (``en-XA`` and
``de-AT`` use their base language's stemmer); a language Snowball lacks is only folded.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import snowballstemmer

#: a word as FTS5's unicode61 tokenizer sees one: letters and digits, no underscore
WORD = re.compile(r"[^\W_]+")
#: words joined by hyphens, which readers also type as one word
COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
#: no real word is longer; a longer one is cut, so a hostile query costs bounded time
MAX_WORD_LENGTH = 64

#: ISO 639-1 code -> Snowball algorithm, for every language Snowball stems
SNOWBALL: dict[str, str] = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}

#: letters that Unicode does not decompose into a base letter and a mark
_UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)

#: per language, (pattern, replacement) applied to a folded word before stemming, so that
#: spelling variants the stemmer keeps apart share one key. Index and query go through the
#: same rules, so a rule need only be consistent, not a correct spelling.
SPELLING_VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        # British -ce nouns whose American spelling has -se: defence, offence, licence
        (r"^(defen|offen|licen|preten)ce(s?)$", r"\1se\2"),
        # -isation, -ise, -ised, -ising -> -iz-: mentalisation, recognise, organised; not
        # after v, so supervise keeps the stem of supervision
        (r"(?<=[a-z]{2}[a-uw-z])is(ation|ations|e|es|ed|er|ers|ing)$", r"iz\1"),
        # analyse, paralyse -> analyze
        (r"(?<=[a-z]{3})ys(e|es|ed|ing)$", r"yz\1"),
        # behaviour, colour, honour (and -al, -s): not hour, four, your, which are short
        (r"(?<=[a-z]{3})our(s|al|ed|ing|ite|ites|able)?$", r"or\1"),
        # centre, fibre, metre -> center
        (r"(?<=[a-z]{3})([tb])re(s|d)?$", r"\1er\2"),
        # dialogue, catalogue -> dialog
        (r"(?<=[a-z]{3})ogue(s)?$", r"og\1"),
        # paediatric, anaemia, haematology -> pediatric
        (r"(?<=[a-z])ae(?=[a-z])", "e"),
        # counsellor -> counselor (counselling and counseling already share a stem)
        (r"ellor(s?)$", r"elor\1"),
        (r"^programme(s?)$", r"program\1"),
        (r"^judgement(s?)$", r"judgment\1"),
    ),
}


def fold(text: str) -> str:
    """Lower case without diacritics: ``Übertragung`` -> ``ubertragung``, ``ß`` -> ``ss``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_UNDECOMPOSABLE)


def language_of(locale: str) -> str:
    """The base language of a locale tag: ``de-AT`` -> ``de``, ``en-XA`` -> ``en``."""
    return locale.replace("_", "-").split("-")[0].lower()


class Token(NamedTuple):
    """One word of a text: where it is (for snippets) and the keys it is indexed under."""

    start: int
    end: int
    #: the word's key first, then any other (see :meth:`Analyzer.keys_of`)
    keys: tuple[str, ...]

    @property
    def key(self) -> str:
        """The word's main key."""
        return self.keys[0]


class Analyzer:
    """Turns the text of one language into index keys; one instance per language, cached."""

    def __init__(self, language: str) -> None:
        self.language = language
        algorithm = SNOWBALL.get(language)
        self._stemmer = snowballstemmer.stemmer(algorithm) if algorithm else None
        self._rules = tuple(
            (re.compile(pattern), replacement)
            for pattern, replacement in SPELLING_VARIANTS.get(language, ())
        )
        # a content text has a few thousand distinct words: stemming each once is the
        # difference between a build in milliseconds and one in seconds (pure Python)
        self._cache: dict[str, tuple[str, ...]] = {}
        # Snowball stemmer objects keep state between calls, and requests share them
        self._lock = threading.Lock()

    def _stem(self, word: str) -> str:
        for pattern, replacement in self._rules:
            word = pattern.sub(replacement, word)
        if self._stemmer is not None and not word.isdigit():
            with self._lock:
                word = self._stemmer.stemWord(word)
        return fold(word)

    def keys_of(self, word: str) -> tuple[str, ...]:
        """The keys of one word: stemmed as written, then also as typed without accents.

        Stemmers read accents ("durée" -> ``dur``, but "duree" -> ``dure``), and readers
        often leave them out, so a word whose two stems differ is indexed under both.
        """
        word = word[:MAX_WORD_LENGTH]
        found = self._cache.get(word)
        if found is not None:
            return found
        lower = word.casefold()
        bare = fold(lower)
        first = self._stem(lower)
        second = first if bare == lower else self._stem(bare)
        keys = (first,) if first == second else (first, second)
        if len(self._cache) < 200_000:  # queries could otherwise grow the cache forever
            self._cache[word] = keys
        return keys

    def key(self, word: str) -> str:
        """The main index key of one word: folded, spelling-normalized, stemmed."""
        return self.keys_of(word)[0]

    def tokens(self, text: str) -> Iterator[Token]:
        """Every word of ``text`` with its position and keys."""
        for match in WORD.finditer(text):
            yield Token(match.start(), match.end(), self.keys_of(match.group()))

    def keys(self, text: str) -> list[str]:
        """The main key of every word of ``text``, in order."""
        return [self.key(word) for word in WORD.findall(text)]

    def compounds(self, text: str) -> Iterator[str]:
        """The keys of hyphenated words written as one ("Online-Therapie" -> onlinetherapi)."""
        for match in COMPOUND.finditer(text):
            yield from self.keys_of(match.group().replace("-", ""))


@cache
def analyzer(language: str) -> Analyzer:
    """The shared analyzer of a language (ISO 639-1 code)."""
    return Analyzer(language)


def analyzer_for(locale: str) -> Analyzer:
    """The analyzer of a locale's base language."""
    return analyzer(language_of(locale))
