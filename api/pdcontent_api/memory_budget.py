"""One per-worker memory budget, in bytes, shared by every memory of client input.

Each memory the server keeps of what clients send (responses, fast-path raw keys,
parsed and validated documents, parsed syntax trees, APQ documents, Accept-Language
negotiations) is an :class:`~.lru.Lru` bounded by weight; the weights are estimates of
the bytes an entry keeps alive, and each memory gets a fixed share of the one setting
``memory_budget_bytes``. Counting entries alone is not enough: 1,500 distinct 60 KB
documents would otherwise grow a worker by hundreds of megabytes.
"""

from __future__ import annotations

import sys

from graphql.language import Node

#: the default budget (the ``Settings`` default): a worker starts at ~65-70 MB RSS, and
#: under a flood of distinct 90 KB documents grows by several times the budget, since
#: the allocator keeps freed blocks (bench/memory_bench.py: 69 MB -> 152 MB peak at
#: 16 MiB; 183 MB at 40 MiB), so 16 MiB keeps it near ~150 MB
DEFAULT_BUDGET_BYTES = 16 * 1024 * 1024

#: each memory's share of the budget; they add up to 1
SHARES: dict[str, float] = {
    # serialized responses, filed under document keys and fast-path raw keys alike
    "responses": 0.40,
    # syntax trees Strawberry executes, the heaviest per source byte
    "syntax_trees": 0.25,
    # the documents' text and canonical form
    "documents": 0.15,
    # canonical documents known to pass validation
    "validated": 0.05,
    # documents learned through automatic persisted queries
    "persisted": 0.10,
    # Accept-Language header values and the locale each resolves to
    "negotiations": 0.05,
}
assert abs(sum(SHARES.values()) - 1.0) < 1e-9

#: bytes one syntax-tree node keeps alive with its location and tokens (measured with
#: tracemalloc on graphql-core 3.2 documents: 320-400; rounded up)
NODE_BYTES = 450

#: what a dictionary slot, a key tuple and an entry's bookkeeping cost beyond their parts
ENTRY_OVERHEAD = 200


def share(budget: int, memory: str) -> int:
    """The bytes ``memory`` (a key of :data:`SHARES`) may hold out of ``budget``."""
    return int(budget * SHARES[memory])


def text_bytes(text: str | bytes) -> int:
    """The bytes a string keeps alive, with its entry's bookkeeping."""
    return sys.getsizeof(text) + ENTRY_OVERHEAD


def key_bytes(key: object) -> int:
    """The bytes a cache key (a tuple of strings, bytes and small values) keeps alive."""
    if isinstance(key, tuple):
        return ENTRY_OVERHEAD + sum(sys.getsizeof(part) for part in key)
    return ENTRY_OVERHEAD + sys.getsizeof(key)


def tree_bytes(document: Node) -> int:
    """An estimate of the bytes a parsed document keeps alive: its nodes and tokens."""
    # with locations, the tree keeps the token chain, whose values copy the source's
    # text (a long comment is a token too): about the source's size again
    nodes = 0 if document.loc is None else len(document.loc.source.body) // NODE_BYTES + 1
    stack: list[Node] = [document]
    while stack:
        node = stack.pop()
        nodes += 1
        for name in node.keys:
            value = getattr(node, name, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(item for item in value if isinstance(item, Node))
    return nodes * NODE_BYTES
