"""Policing GraphQL documents before they run, each check paid once per document.

A document is parsed once, with the token limit applied while parsing, and kept both
as its syntax tree (what executes) and in canonical form: its tokens without comments
and insignificant whitespace, read off the parser's token chain (far cheaper than
printing the tree), so formatting differences share a response-cache entry. On the way
it must pass what graphql-core and Strawberry do not check, or check too slowly: no
empty selection sets, no fragment bomb, not too deeply nested, and an operation name
where there are several operations. A canonical document that passed validation once
is remembered as such, so the endpoint can skip validating it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    Source,
    TokenKind,
    parse,
)

from .error_responses import RequestError
from .lru import Lru
from .memory_budget import NODE_BYTES, text_bytes

#: fields a document may select once every fragment spread is expanded; far above any
#: real query, far below what takes noticeable time to walk
MAX_EXPANDED_FIELDS = 20_000


class TooComplex(Exception):
    """A document whose fragments expand beyond :data:`MAX_EXPANDED_FIELDS`."""


@dataclass(frozen=True, slots=True)
class Document:
    """What is known about a document once it parsed: its canonical text, its operations."""

    canonical: str
    operations: int


@dataclass(frozen=True, slots=True)
class _Tree:
    """A syntax tree and an estimate of the bytes it keeps alive."""

    node: DocumentNode
    weight: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document that may run: its canonical text and the syntax tree that executes."""

    canonical: str
    tree: DocumentNode


class Documents:
    """The documents clients sent, by their text, LRU-bounded (they are client input)."""

    def __init__(
        self,
        max_entries: int,
        max_bytes: int = 8 << 20,
        validated_bytes: int = 2 << 20,
        tree_bytes_max: int = 8 << 20,
        max_tokens: int | None = None,
    ) -> None:
        # bounded in bytes too: a key is a whole document as the client sent it
        self._parsed: Lru[str, Document] = Lru(
            max_entries, weigh=_document_bytes, weigh_key=text_bytes, max_weight=max_bytes
        )
        # the trees, under the same keys: the heaviest memory per source byte, so its own;
        # the key counts here too, as a tree may outlive its entry above
        self._trees: Lru[str, _Tree] = Lru(
            max_entries, weigh=_tree_bytes, weigh_key=text_bytes, max_weight=tree_bytes_max
        )
        self.max_tokens = max_tokens
        self._validated: Lru[str, int] = Lru(
            max_entries, weigh=_no_bytes, weigh_key=text_bytes, max_weight=validated_bytes
        )

    def canonical_if_known(self, query: str) -> str:
        """The canonical form of a document seen before, else the text as it is."""
        known = self._parsed.peek(query)
        return query if known is None else known.canonical

    def check(self, query: str, operation_name: str | None) -> str:
        """The canonical form of a document that may run; :class:`RequestError` if not."""
        return self.parse(query, operation_name).canonical

    def parse(self, query: str, operation_name: str | None) -> Parsed:
        """The canonical form and syntax tree of a document that may run, each made once."""
        document = self._parsed.get(query)
        tree = self._trees.get(query)
        if document is None or tree is None:
            document, tree = _parse(query, self.max_tokens)
            self._parsed.put(query, document)
            self._trees.put(query, tree)
        if operation_name is None and document.operations > 1:
            # the spec's GetOperation: with several operations, the name is required
            raise RequestError(
                400, "Must provide operation name if query contains multiple operations."
            )
        return Parsed(document.canonical, tree.node)

    def is_validated(self, canonical: str) -> bool:
        """Whether a canonical document passed validation before."""
        return canonical in self._validated

    def validated_cost(self, canonical: str) -> int | None:
        """The estimated cost of a canonical document that passed validation, else ``None``."""
        return self._validated.get(canonical)

    def mark_validated(self, canonical: str, cost: int = 0) -> None:
        """Remember that a canonical document passed validation, and its estimated cost."""
        self._validated.put(canonical, cost)


def _document_bytes(document: Document) -> int:
    return text_bytes(document.canonical)


def _tree_bytes(tree: _Tree) -> int:
    return tree.weight


def _no_bytes(_: int) -> int:
    return 0  # a small int, next to the key, which is what weighs


def _parse(query: str, max_tokens: int | None) -> tuple[Document, _Tree]:
    """Parse and check a document, or raise the :class:`RequestError` that refuses it.

    The tree keeps its locations: errors point into the document as the client sent it.
    """
    try:
        node = parse(query, max_tokens=max_tokens)
        _reject_empty_selections(node)
        _check_expansion(node)
        canonical, tokens = canonical_text(node)
    except GraphQLSyntaxError as error:
        raise RequestError.from_graphql(400, error) from None
    except TooComplex:
        message = f"the document expands to more than {MAX_EXPANDED_FIELDS} fields"
        raise RequestError(400, message, "QUERY_TOO_COMPLEX") from None
    except RecursionError:
        raise RequestError(400, "the document nests too deeply", "QUERY_TOO_COMPLEX") from None
    operations = sum(isinstance(d, OperationDefinitionNode) for d in node.definitions)
    # each token stands for about one node with its location, and the tokens' values
    # copy the source's text (a long comment is one token); memory_budget.tree_bytes
    # counts nodes by walking the tree, which costs as much as parsing on graphql-core 3.3
    weight = tokens * NODE_BYTES + len(query)
    return Document(canonical, operations), _Tree(node, weight)


def canonical_text(document: DocumentNode) -> tuple[str, int]:
    """A document's tokens joined by spaces (strings JSON-quoted), and how many there are.

    Comments, commas and whitespace are not tokens; a block string and a string with
    the same value are the same value. The text is itself a valid GraphQL document.
    """
    assert document.loc is not None, "parsed with locations: the token chain is needed"
    out: list[str] = []
    token = document.loc.start_token.next
    while token is not None:
        kind = token.kind
        if kind is TokenKind.NAME or kind is TokenKind.INT or kind is TokenKind.FLOAT:
            out.append(token.value or "")
        elif kind is TokenKind.STRING or kind is TokenKind.BLOCK_STRING:
            out.append(json.dumps(token.value, ensure_ascii=False))
        elif kind is not TokenKind.COMMENT and kind is not TokenKind.EOF:
            out.append(kind.value)
        token = token.next
    return " ".join(out), len(out)


def _check_expansion(document: DocumentNode) -> None:
    """Reject fragment bombs before any validation rule walks them.

    A fragment that spreads another twice, thirty levels deep, is 1 kB of text but 2**30
    fields; rules that re-walk fragments at each spread (Strawberry's depth and alias
    limiters) would block the worker. Here each fragment is sized once (memoized), so
    the check is linear in the document. Cycles count as nothing here; validation
    reports them.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    sizes: dict[str, int] = {}

    def size(selection_set: Any, visiting: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visiting or name not in fragments:
                    continue
                if name not in sizes:
                    sizes[name] = size(fragments[name].selection_set, visiting | {name})
                total += sizes[name]
            else:
                total += 1
                if selection.selection_set is not None:
                    total += size(selection.selection_set, visiting)
            if total > MAX_EXPANDED_FIELDS:
                raise TooComplex
        return total

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            size(definition.selection_set, frozenset())


def _reject_empty_selections(document: DocumentNode) -> None:
    """Raise a syntax error where a selection set is empty (the grammar needs one field)."""
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            if not selection_set.selections:
                raise GraphQLSyntaxError(
                    Source(""), 0, "a selection set must select at least one field"
                )
            stack.extend(selection_set.selections)
