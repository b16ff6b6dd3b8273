"""The loaded content of one locale, with relations resolved in both directions.

Which kinds and relations exist comes from :mod:`pdcontent.models.kinds`; this module
only indexes them. ``related(item, field)`` follows a relation, ``referrers(item,
field)`` walks it backwards; a few typed shortcuts for common walks sit on top.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from pydantic import PrivateAttr

from .models import (
    KINDS,
    RELATIONS,
    CodeSystem,
    Collection,
    Condition,
    ContentTree,
    CrisisResource,
    Editorial,
    Entry,
    Kind,
    Model,
    Principle,
    Reference,
    RelatedApproach,
    Technique,
    kind_of,
    relation,
    translatable_field,
)
from .provenance import ItemProvenance, Origin, TranslationStatus, summarize
from .tags import Tag
from .tags import parse as parse_tag

#: (field, target kind, source kind) -> target id -> the source items, in document order
_Backlinks = dict[tuple[str, str, str], dict[str, list[Any]]]

#: a common estimate of adult silent reading of plain prose; patient texts are read
#: carefully, so the low end of the usual 200-250 range
WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def _texts(item: Model) -> Iterator[str]:
    """Every translatable text of an item, its nested parts (expectations) included."""
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        if translatable_field(name, info) is not None:
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, str))
        elif isinstance(value, Model) and not isinstance(value, Editorial):
            yield from _texts(value)
        elif isinstance(value, tuple):
            # nested parts count; nested pages of their own (the specialised approaches) not
            for part in value:
                if isinstance(part, Model) and not isinstance(part, Editorial):
                    yield from _texts(part)


class Content(ContentTree):
    """All content for one locale. Collections are ordered tuples with ``get``/``lookup``."""

    locale: str
    package_version: str

    _backlinks: _Backlinks = PrivateAttr(default_factory=dict)
    _items: dict[str, Collection[Any]] = PrivateAttr(default_factory=dict)
    _members: set[int] | None = PrivateAttr(default=None)
    _provenance: dict[int, dict[str, Origin]] = PrivateAttr(default_factory=dict)
    _owners: list[Any] = PrivateAttr(default_factory=list)

    def __eq__(self, other: object) -> bool:
        """Equal when the fields are equal; the derived indexes do not count."""
        if not isinstance(other, Content):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.locale, self.metadata.content_version, len(self.glossary)))

    def model_post_init(self, context: Any, /) -> None:
        """Index every relation backwards once, so reverse lookups are dictionary reads."""
        items: dict[str, Collection[Any]] = {}
        for kind in KINDS:
            if kind.parent is None:
                value = getattr(self, kind.collection)
                items[kind.name] = value if kind.many else Collection((value,))
            else:
                parents = items[kind.parent.name]
                items[kind.name] = Collection(
                    x for p in parents for x in getattr(p, kind.collection)
                )
        self._items = items
        back: _Backlinks = defaultdict(lambda: defaultdict(list))
        for rel in RELATIONS:
            index = back[(rel.field, rel.target.name, rel.source.name)]
            for item in items[rel.source.name]:
                for target_id in getattr(item, rel.field):
                    index[target_id].append(item)
        self._backlinks = {key: dict(value) for key, value in back.items()}

    # generic access, driven by the kind registry

    def items(self, kind: Kind) -> Collection[Any]:
        """Every item of ``kind``, in document order (one item for a single entry)."""
        return self._items[kind.name]

    def related(self, item: Model, field: str) -> Collection[Any]:
        """The items that ``item``'s relation ``field`` names (:class:`LookupError` if none)."""
        rel = relation(item, field)
        targets = self._items[rel.target.name]
        ids = getattr(item, field)
        if rel.ordered:
            return targets.select(ids)
        chosen = set(ids)
        return Collection(target for target in targets if target.id in chosen)

    def referrers(
        self, item: Model, field: str, source: type[Model] | None = None
    ) -> tuple[Any, ...]:
        """The items whose relation ``field`` names ``item``, in document order.

        ``source`` keeps only those of one model; without it, every kind that has a
        relation called ``field`` to ``item``'s kind counts (every entry's ``terms``).
        """
        target = kind_of(item).name
        found: list[Any] = []
        for rel in RELATIONS:
            if rel.field != field or rel.target.name != target:
                continue
            if source is not None and rel.source.model is not source:
                continue
            index = self._backlinks.get((field, target, rel.source.name), {})
            found += index.get(cast("Any", item).id, ())
        return tuple(found)

    @property
    def related_approaches(self) -> Collection[RelatedApproach]:
        """The specialised approaches (TFP, MBT) listed under the overview."""
        return self.approach.related_approaches

    def entries(self) -> Iterator[Entry]:
        """Every entry with a Markdown body, in document order."""
        for kind in KINDS:
            if issubclass(kind.model, Entry):
                yield from self._items[kind.name]

    # typed shortcuts for the walks the README shows

    def technique_principles(self, technique: Technique) -> Collection[Principle]:
        """The principles a technique serves."""
        return self.related(technique, "principles")

    def principle_techniques(self, principle: Principle) -> Collection[Technique]:
        """The techniques that serve a principle."""
        return Collection(self.referrers(principle, "principles"))

    def evidence(self, item: Condition | RelatedApproach) -> Collection[Reference]:
        """The references cited as evidence for a condition or a specialised approach."""
        return self.related(item, "evidence")

    # provenance

    def attach_origins(self, models: dict[str, Model], origins: dict[str, Origin]) -> None:
        """Record where each text came from (called once by the loader)."""
        if not origins:
            return  # the source itself: provenance() answers SOURCE without an index
        from .translations.units import source_units

        fields: dict[int, dict[str, Origin]] = {}
        owners: list[Any] = []
        for unit in source_units(models):
            origin = origins.get(unit.id) or Origin(self.locale, TranslationStatus.SOURCE)
            if id(unit.owner) not in fields:
                owners.append(unit.owner)  # keeps ids valid for the life of the content
            name = unit.field if unit.index is None else f"{unit.field}[{unit.index}]"
            fields.setdefault(id(unit.owner), {})[name] = origin
        self._provenance = fields
        self._owners = owners

    def provenance(self, item: Model) -> ItemProvenance:
        """Which locale an item's texts came from, and their translation status.

        Raises :class:`LookupError` for a model that is not part of this content (an
        English item asked of German content, say): its answer would be made up.
        """
        if id(item) not in self._member_ids():
            raise LookupError(
                f"this {type(item).__name__} is not part of the {self.locale} content"
            )
        return summarize(self._provenance.get(id(item), {}), self.locale)

    def _member_ids(self) -> set[int]:
        members = self._members
        if members is None:
            members = set()
            stack: list[Any] = [getattr(self, name) for name in ContentTree.model_fields]
            while stack:
                value = stack.pop()
                if isinstance(value, Model):
                    members.add(id(value))
                    stack += [getattr(value, name) for name in type(value).model_fields]
                elif isinstance(value, tuple):
                    stack += value
            self._members = members
        return members

    # editorial facts derived from the item and the metadata

    def next_review_due(self, item: Editorial) -> date:
        """When ``item`` is due for review: its last change plus the review cycle."""
        months = item.updated.month - 1 + self.metadata.review_cycle_months
        year, month = item.updated.year + months // 12, months % 12 + 1
        # the 31st of a shorter month is that month's last day
        day = min(item.updated.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    def reading_minutes(self, item: Model) -> int:
        """About how long reading ``item``'s texts takes in this locale, in whole minutes.

        Words are counted in every translatable text of the item as served here, at
        :data:`WORDS_PER_MINUTE`; a text of any length takes at least a minute.
        """
        words = sum(len(_WORD.findall(text)) for text in _texts(item))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    # diagnosis codes

    def conditions_for_code(self, system: CodeSystem | str, code: str) -> Collection[Condition]:
        """The conditions a diagnosis code leads to, by the vetted table's match rules.

        ``system`` is a :class:`CodeSystem` or its OID/URI (``2.16.840.1.113883.6.90``);
        an unknown one raises :class:`LookupError`. A more specific code matches its
        listed parent (``F41.10`` finds ``F41.1``); case and dots do not matter
        (``f411``); a code never matches in another system.
        """
        if not isinstance(system, CodeSystem):
            system = CodeSystem.from_identifier(system)
        return Collection(
            c for c in self.conditions if any(listed.matches(system, code) for listed in c.codes)
        )

    # crisis resources

    def crisis_resources_for(
        self, region: str | None = None, *, locale: str | None = None
    ) -> Collection[CrisisResource]:
        """Crisis resources for an ISO 3166 region code; the fallback when none match.

        Without ``region``, the country of ``locale`` decides (``de-AT`` → AT). Lines that
        answer in the reader's language come first: ``locale``'s language, else this
        content's (``fr-BE`` puts the French-language Belgian line first).
        """
        tag = _tag(locale)
        code = (region or (tag.region if tag else None) or "").strip().upper()
        matches = [r for r in self.crisis_resources if code and code in r.regions]
        if not matches:
            matches = [r for r in self.crisis_resources if r.fallback]
        language = tag.language if tag else self.locale.split("-")[0]
        matches.sort(key=lambda r: language not in r.languages)  # stable: keeps content order
        return Collection(matches)


def _tag(locale: str | None) -> Tag | None:
    """The parsed tag of ``locale``, or ``None`` for none or a malformed one."""
    if not locale:
        return None
    try:
        return parse_tag(locale)
    except LookupError:
        return None
