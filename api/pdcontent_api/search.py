"""Ranked full-text search that finds what people type, with SQLite FTS5.

One in-memory index per loaded content (so per locale), built on first use. Each entry
is stored twice: its texts as written, for exact words and prefixes, and the same texts
as analysed keys (folded, spelling-normalized, Snowball-stemmed; :mod:`.search_text`),
which is what most matches are made on. The query goes through the same analysis; a
word the index does not know is also tried as the known words one typing slip away
(:mod:`.search_spelling`). Words are OR-ed and ranked by BM25, titles and other names
weighing most, and the whole query as a phrase scores extra ("talking therapy").

A query that asks for urgent help (:mod:`.search_intent`) puts the crisis lines of the
reader's region first. User input never reaches FTS5 as query syntax: the words are
taken out of it, each quoted, and only a bounded number of bounded words.
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pdcontent.content import Content
from pdcontent.models import KINDS, CrisisResource

from .content_ref import EntryType, entry_type
from .rendering import to_plain
from .search_intent import digits, is_crisis_query
from .search_snippet import Field, Marks, snippet
from .search_spelling import speller
from .search_text import MAX_WORD_LENGTH, WORD, Analyzer, Token, analyzer_for

MAX_QUERY_WORDS = 12
#: a last word this long or longer also matches as a prefix (search as you type)
MIN_PREFIX_LENGTH = 3
#: an item with the query's words side by side, in order, ranks this much higher
PHRASE_FACTOR = 1.5
#: a query that is exactly an item's title or other name ranks that item this much higher
EXACT_NAME_FACTOR = 2.0
#: within a table, a word as written counts for this much against its analysed key
_RAW_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class _Table:
    """One FTS5 table of the index: a group of texts, scored on its own.

    Each group has its own BM25 length normalization (a long body does not dilute a
    title match), and the groups' scores are summed with ``share`` as weight: titles and
    other names weigh most, because another name is what the reader calls the thing.
    """

    name: str
    #: the analysed columns, then the same texts as written
    keys: tuple[str, ...]
    raw: tuple[str, ...]
    share: float

    @property
    def weights(self) -> str:
        """The bm25() weights of the columns, in table order (``type`` first)."""
        weights = ["0"] + ["1.0"] * len(self.keys) + [str(_RAW_WEIGHT)] * len(self.raw)
        return ", ".join(weights)

    def schema(self) -> str:
        """The CREATE statement of the table."""
        columns = ", ".join(("type UNINDEXED", *self.keys, *self.raw))
        return (
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns},"
            " tokenize = 'unicode61 remove_diacritics 2', prefix = '3')"
        )

    def insert(self) -> str:
        """The INSERT statement of one row, rowid first."""
        columns = ", ".join(("rowid", "type", *self.keys, *self.raw))
        marks = ", ".join("?" * (2 + len(self.keys) + len(self.raw)))
        return f"INSERT INTO {self.name}({columns}) VALUES ({marks})"


#: a phone number typed is the line meant, so numbers count with the names
_NAMES = _Table("by_name", ("title_k", "names_k", "numbers"), ("title", "names"), 3.0)
_SUMMARIES = _Table("by_summary", ("summary_k",), ("summary",), 1.5)
_BODIES = _Table("by_body", ("body_k",), ("body",), 0.5)
_TABLES = (_NAMES, _SUMMARIES, _BODIES)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: which entry, its title, an HTML snippet and the rank score."""

    type: EntryType
    id: str
    title: str
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class _Doc:
    """What an index row stands for: the entry, and its texts for snippets."""

    type: EntryType
    id: str
    title: str
    # summary, body, title, other names: the order in which a snippet is sought
    fields: tuple[Field, ...]
    #: every key the entry is indexed under, for ``every_word``
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Texts:
    """The texts of one searchable item, as the index reads them."""

    type: EntryType
    id: str
    title: str
    names: tuple[str, ...]
    summary: str
    body: str
    #: a crisis line's own numbers, digits only
    numbers: tuple[str, ...]


def _numbers(item: CrisisResource) -> Iterator[str]:
    """The digits of a line's own numbers: ``116123``, and ``498001110111`` for +49 …"""
    for contact in item.contacts:
        yield digits(contact.number)
        if contact.international:
            yield digits(contact.international)


def _documents(content: Content) -> Iterator[_Texts]:
    """The texts of every searchable item."""
    for kind in KINDS:
        if not kind.searchable:
            continue
        for item in content.items(kind):
            body = getattr(item, "body", None)
            names = list(getattr(item, "also_called", ()))
            service = getattr(item, "service", None)
            if service:
                names.append(service)  # a crisis line's own name is what people search for
            numbers = tuple(_numbers(item)) if isinstance(item, CrisisResource) else ()
            yield _Texts(
                entry_type(item),
                item.id,
                item.title,
                tuple(names),
                item.summary,
                to_plain(body) if body else "",
                numbers,
            )


def _quoted(term: str) -> str:
    """An FTS5 string: only ``"`` is special inside one, and it is doubled."""
    return '"' + term.replace('"', '""') + '"'


@dataclass(slots=True)
class _Terms:
    """The quoted FTS5 strings of one query, by the columns they are looked for in."""

    keys: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    #: the key of each word as meant: a misspelt word's likeliest correction
    meant: tuple[str, ...] = ()
    #: those keys as one FTS5 phrase, for a query of more than one word
    phrase: str = ""
    #: per word, every key it matches: its own, corrections, completions of the last
    forms: list[frozenset[str]] = field(default_factory=list)

    def expression(self, table: _Table) -> str:
        """One FTS5 query for ``table``: every term OR-ed, each in its columns."""
        keys, raw = " ".join(table.keys), " ".join(table.raw)
        parts = [f"{{{keys}}} : {t}" for t in self.keys]
        parts += [f"{{{raw}}} : {t}" for t in self.raw]
        if "numbers" in table.keys:
            parts += [f"numbers : {t}" for t in self.numbers]
        return " OR ".join(parts)


def _key_text(tokens: tuple[Token, ...], extra: Iterable[str] = ()) -> str:
    """A text's keys for its analysed column: each word's main key in order, so phrases
    match, then its other keys and ``extra`` ones at the end, so single words match too."""
    keys = [t.key for t in tokens]
    keys += [k for t in tokens for k in t.keys[1:]]
    keys += extra
    return " ".join(keys)


class SearchIndex:
    """The FTS5 index of one locale's content."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._words: Analyzer = analyzer_for(content.locale)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        for table in _TABLES:
            self._db.execute(table.schema())
        self._docs: list[_Doc] = []
        self._rows: dict[tuple[EntryType, str], int] = {}
        # the keys of every title and other name: a query that is one names that item
        self._names: dict[tuple[str, ...], set[int]] = {}
        # a number as dialled (digits only) -> the rows of the lines it reaches
        self._dialled: dict[str, set[int]] = {}
        rows: dict[str, list[tuple[object, ...]]] = {t.name: [] for t in _TABLES}
        all_keys: list[str] = []
        for texts in _documents(self._content):
            rowid = len(self._docs)
            joined = "; ".join(texts.names)
            summary, body, title, names = fields = tuple(
                Field(text, tuple(self._words.tokens(text)))
                for text in (texts.summary, texts.body, texts.title, joined)
            )
            all_keys += [k for f in fields for t in f.tokens for k in t.keys]
            self._rows[(texts.type, texts.id)] = rowid
            everything = {k for f in fields for t in f.tokens for k in t.keys}
            everything.update(texts.numbers)
            everything.update(self._words.compounds(" ".join(f.text for f in fields)))
            self._docs.append(
                _Doc(texts.type, texts.id, texts.title, fields, frozenset(everything))
            )
            for name in (texts.title, *texts.names):
                self._names.setdefault(tuple(self._words.keys(name)), set()).add(rowid)
            for number in texts.numbers:
                self._dialled.setdefault(number, set()).add(rowid)
            compounds = self._words.compounds
            kind = texts.type.name
            rows["by_name"].append(
                (
                    rowid,
                    kind,
                    _key_text(title.tokens, compounds(texts.title)),
                    _key_text(names.tokens, compounds(joined)),
                    " ".join(texts.numbers),
                    texts.title,
                    joined,
                )
            )
            rows["by_summary"].append(
                (rowid, kind, _key_text(summary.tokens, compounds(texts.summary)), texts.summary)
            )
            if texts.body:
                rows["by_body"].append(
                    (rowid, kind, _key_text(body.tokens, compounds(texts.body)), texts.body)
                )
        for table in _TABLES:
            self._db.executemany(table.insert(), rows[table.name])
        self._speller = speller(all_keys)
        # sorted, so the keys a prefix stands for are one bisection away
        self._vocabulary = sorted(set(all_keys))
        self._crisis_numbers = frozenset(self._dialled) | {
            n for line in content.crisis_resources for n in line.emergency_numbers
        }

    def search(
        self,
        query: str,
        types: set[EntryType] | None,
        first: int,
        *,
        region: str | None = None,
        locale: str | None = None,
        every_word: bool = False,
    ) -> list[Hit]:
        """The ``first`` best matches for ``query`` among ``types`` (all when None).

        Words are OR-ed, so an entry with some of them is found too, ranked lower; with
        ``every_word`` only entries that have each word (in any of its forms) are, as a
        lookup of a concept by its name wants (the Infobutton's display name).

        When the query asks for urgent help and crisis resources are among ``types``, the
        lines for ``region`` come first — else for ``locale``'s country (the requested tag,
        ``de-AT`` -> AT), else the content's fallback — scored above every other hit; a
        line whose own number the query is comes before them.
        """
        words = _words(query)
        if not words:
            return []
        terms, marks = self._terms(words)
        scores: dict[int, float] = {}
        with self._lock:
            for table in _TABLES:
                for rowid, rank in self._matches(table, terms, types):
                    scores[rowid] = scores.get(rowid, 0.0) - table.share * rank
        if terms.phrase:
            with self._lock:
                together = self._phrase_rows(terms.phrase)
            for rowid in together & scores.keys():
                scores[rowid] *= PHRASE_FACTOR  # the words as typed, side by side
        if every_word:
            scores = {
                rowid: score
                for rowid, score in scores.items()
                if all(forms & self._docs[rowid].keys for forms in terms.forms)
            }
        for rowid in self._names.get(terms.meant, ()):
            if rowid in scores:
                scores[rowid] *= EXACT_NAME_FACTOR  # the query is this item's name
        ranked = sorted(scores.items(), key=lambda row: (-row[1], row[0]))
        crisis = self._crisis_first(words, types, region, locale)
        top = ranked[0][1] if ranked else 0.0
        # crisis lines outrank every match, in the order _crisis_first gave
        first_rows = [(rowid, top + len(crisis) - i) for i, rowid in enumerate(crisis)]
        shown = set(crisis)
        ranked = first_rows + [(rowid, score) for rowid, score in ranked if rowid not in shown]
        return [self._hit(rowid, score, marks) for rowid, score in ranked[:first]]

    def _matches(
        self, table: _Table, terms: _Terms, types: set[EntryType] | None
    ) -> list[tuple[int, float]]:
        """(rowid, BM25 rank) of every row of ``table`` the terms match; lower ranks better."""
        sql = (
            f"SELECT rowid, bm25({table.name}, {table.weights}) FROM {table.name}"
            f" WHERE {table.name} MATCH ?"
        )
        params: list[object] = [terms.expression(table)]
        if types:
            sql += f" AND type IN ({', '.join('?' * len(types))})"
            params += sorted(t.name for t in types)
        rows: list[tuple[int, float]] = self._db.execute(sql, params).fetchall()
        return rows

    def _completions(self, prefix: str) -> list[str]:
        """The known keys that start with ``prefix``."""
        start = bisect.bisect_left(self._vocabulary, prefix)
        end = bisect.bisect_left(self._vocabulary, prefix + "\U0010ffff", lo=start)
        return self._vocabulary[start:end]

    def _phrase_rows(self, phrase: str) -> set[int]:
        """The rows whose analysed texts have the phrase, in any table."""
        found: set[int] = set()
        for table in _TABLES:
            keys = " ".join(k for k in table.keys if k != "numbers")
            sql = f"SELECT rowid FROM {table.name} WHERE {table.name} MATCH ?"
            found.update(row for (row,) in self._db.execute(sql, [f"{{{keys}}} : {phrase}"]))
        return found

    def _terms(self, words: list[str]) -> tuple[_Terms, Marks]:
        """What to look for: each word's keys (corrected when unknown), and as written."""
        terms = _Terms()
        marks: set[str] = set()
        meant: list[str] = []
        primary: list[str] = []
        for position, word in enumerate(words):
            keys = self._words.keys_of(word)
            primary.append(keys[0])
            last = position == len(words) - 1
            prefix = last and len(keys[0]) >= MIN_PREFIX_LENGTH and not keys[0].isdigit()
            alternatives = list(keys)
            corrected: list[str] = []
            if not any(k in self._speller for k in keys):
                # an unfinished last word may also be a misspelt whole one
                corrected = self._speller.corrections(keys[0])
                alternatives += corrected
            meant.append(corrected[0] if corrected else keys[0])
            forms = set(alternatives)
            if prefix:
                forms.update(self._completions(keys[0]))
            if all(k.isdigit() for k in keys):
                forms.add(word)  # a number is indexed as written
            terms.forms.append(frozenset(forms))
            marks.update(alternatives)
            terms.keys += [_quoted(k) for k in alternatives]
            terms.raw.append(_quoted(word))
            if prefix:
                marks.update(self._completions(keys[0]))
                terms.keys.append(_quoted(keys[0]) + "*")
                terms.raw.append(_quoted(word) + "*")
        terms.meant = tuple(meant)
        if len(primary) > 1:
            # the words together, in order, as typed: "talking therapy" over "therapy"
            terms.phrase = _quoted(" ".join(meant))
            if all(k.isdigit() for k in primary):
                terms.numbers.append(_quoted("".join(primary)))
        return terms, Marks(frozenset(marks))

    def _crisis_first(
        self,
        words: list[str],
        types: set[EntryType] | None,
        region: str | None,
        locale: str | None,
    ) -> list[int]:
        """The rows of the crisis lines to put first, if the query asks for help.

        A line whose own number the query is ("988") comes first, those of the region
        before others; then the lines for the region.
        """
        if types and not any(t.name == "CRISIS_RESOURCE" for t in types):
            return []
        if not is_crisis_query(" ".join(words), self._crisis_numbers):
            return []
        lines = self._content.crisis_resources_for(region, locale=locale or self._content.locale)
        regional = [self._rows[(entry_type(line), line.id)] for line in lines]
        typed = {"".join(words), *(w for w in words if len(w) >= 3)}
        dialled = {
            row for number in typed if number.isdigit() for row in self._dialled.get(number, ())
        }
        dialled_rows = sorted(dialled, key=lambda row: (row not in regional, row))
        return dialled_rows + [row for row in regional if row not in dialled]

    def _hit(self, rowid: int, score: float, marks: Marks) -> Hit:
        doc = self._docs[rowid]
        return Hit(doc.type, doc.id, doc.title, snippet(doc.fields, marks), score)


def _words(query: str) -> list[str]:
    """The first words of ``query``, without reading more of it than that needs."""
    words: list[str] = []
    for match in WORD.finditer(query):
        words.append(match.group()[:MAX_WORD_LENGTH])
        if len(words) == MAX_QUERY_WORDS:
            break
    return words


# keyed by id() and holding the content too, so an id is never reused while cached
_indexes: dict[int, tuple[Content, SearchIndex]] = {}
_indexes_lock = threading.Lock()


def index_for(content: Content) -> SearchIndex:
    """The search index of a loaded content object (built once per object)."""
    key = id(content)
    entry = _indexes.get(key)
    if entry is None:
        with _indexes_lock:
            entry = _indexes.get(key)
            if entry is None:
                entry = _indexes[key] = (content, SearchIndex(content))
    return entry[1]
