"""Which items answer a knowledge request: by diagnosis code, else by the display name.

Codes match through the content model (:meth:`pdcontent.content.Content.conditions_for_code`):
a more specific code finds its listed parent, case and dots do not matter, and nothing
matches across code systems. An ICD-11 cluster (``6A70.1&XS25``, ``6A70/6B00``) matches by
its stem codes. Only when a criterion's code matches nothing (or it has no
code) do its display name or original text go to search, as the guide's
``mainSearchCriteria.v.dn`` is "the name of the concept" for such a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdcontent.content import Content
from pdcontent.models import KINDS, Kind, kind_of

from ..content_ref import EntryType
from ..search import index_for
from .request import Criterion, KnowledgeRequest

#: entries a display-name search adds per criterion (MedlinePlus Connect answers a
#: problem code with up to three topics)
SEARCH_ENTRIES = 3

#: the kinds a search may answer with: items of collections, which the link template's
#: ``{kind}/{id}`` names (single entries such as the approach overview have no id route),
#: but not the references: journal articles are not patient education, their titles
#: crowd out the condition they study ("borderline"), and a provider gets them anyway as
#: the evidence links of the conditions
_LINKED_KINDS: dict[str, Kind] = {
    k.entry_type: k for k in KINDS if k.searchable and k.many and k.name != "reference"
}
_SEARCH_TYPES: set[EntryType] = {EntryType[name] for name in _LINKED_KINDS}


@dataclass(frozen=True, slots=True)
class Match:
    """An item that answers the request, and its kind."""

    item: Any
    kind: Kind


def answer(content: Content, request: KnowledgeRequest) -> list[Match]:
    """The items answering the request's criteria, in criterion order, each once."""
    seen: set[tuple[str, str]] = set()
    found: list[Match] = []
    for criterion in request.criteria:
        for match in _for(content, criterion, request.language):
            key = (match.kind.name, match.item.id)
            if key not in seen:
                seen.add(key)
                found.append(match)
    return found


def _for(content: Content, criterion: Criterion, language: str | None) -> list[Match]:
    if criterion.system is not None:
        system = criterion.system
        # each stem of an ICD-11 cluster is a diagnosis of its own, in the order sent
        conditions = [
            c for stem in criterion.stems for c in content.conditions_for_code(system, stem)
        ]
        if conditions:
            return [Match(c, kind_of(c)) for c in conditions]
    if criterion.text is None:
        return []  # an unknown code and nothing to search for: an empty feed
    # a display name names one concept: entries that have only some of its words are
    # not it (search ORs the words for readers, and ranks partial matches lower)
    index = index_for(content)
    # the requested tag's country (es-MX -> MX) decides which crisis line a crisis name
    # puts first, as in GraphQL's search
    hits = index.search(
        criterion.text, _SEARCH_TYPES, SEARCH_ENTRIES, locale=language, every_word=True
    )
    matches = []
    for hit in hits:
        kind = _LINKED_KINDS[hit.type.name]
        item = content.items(kind).get(hit.id)
        if item is not None:
            matches.append(Match(item, kind))
    return matches
