"""The relation marking: an id-list field says, in its annotation, which kind it names.

A relation is stored once, on one side, as a tuple of ids. Its :class:`RelatesTo` marker
names the target model, the name of the way back (the reverse field the projections
offer on the target), whether the stored order matters, and one sentence for each
direction. The validator's reference checks, :class:`pdcontent.Content`'s ``related`` and
``referrers``, the GraphQL relation and reverse fields, query filters and static export
all read these markers through :mod:`.kinds`; nothing else lists relations.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic.fields import FieldInfo


@dataclass(frozen=True, slots=True)
class RelatesTo:
    """Marks a tuple of ids as naming items of the model called ``target``.

    ``target`` is the model's class name (a string, so models can point at models
    declared after them). ``reverse`` names the way back on the target; relations from
    several models may share one reverse name (every entry's ``terms`` lead back to
    ``used_by``). ``ordered=False`` means the ids are a set: items come back in the
    target collection's order, not in the order they are listed.
    """

    target: str
    reverse: str
    doc: str
    reverse_doc: str
    ordered: bool = True


def relation_marker(info: FieldInfo) -> RelatesTo | None:
    """The :class:`RelatesTo` marker of a model field, or ``None`` for other fields."""
    for marker in info.metadata:
        if isinstance(marker, RelatesTo):
            return marker
    return None
