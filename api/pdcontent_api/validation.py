"""GraphQL validation in one pass over a document, every limit a rule in that pass.

graphql-core's ``validate`` runs all rules side by side in one walk, but it rebuilds
each rule's visitor table for every document: for each node kind it looks up
``enter_<kind>``/``leave_<kind>`` on each of ~30 rule instances with ``getattr``. On
the short documents clients send, that set-up is most of validation's time. Here the
table is computed once per rule *class* and node kind, and each document only binds
the methods that exist; the walk, the rules and their errors are graphql-core's own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import cache
from typing import Any, TypeVar, cast

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    ParallelVisitor,
    TypeInfo,
    TypeInfoVisitor,
    ValidationContext,
    Visitor,
    visit,
)
from graphql.language.visitor import EnterLeaveVisitor
from graphql.validation import ASTValidationRule
from graphql.validation.validate import (
    FragmentNestingVisitor,
    ValidationAbortedError,
    query_document_keys_to_validate,
)

#: as graphql-core: past this many errors validation stops (hostile documents)
MAX_ERRORS = 100

_Method = Callable[..., Any]


@cache
def _table(
    classes: tuple[Hashable, ...], kind: str
) -> tuple[tuple[int, _Method | None, _Method | None], ...]:
    """For one node kind, the rules (by index) that act on it, with their plain functions.

    Only those: a rule with neither method for the kind can never skip one of its nodes.
    """
    out: list[tuple[int, _Method | None, _Method | None]] = []
    for i, cls in enumerate(classes):
        enter = getattr(cls, f"enter_{kind}", None) or getattr(cls, "enter", None)
        leave = getattr(cls, f"leave_{kind}", None) or getattr(cls, "leave", None)
        if enter is not None or leave is not None:
            out.append((i, enter, leave))
    return tuple(out)


class _RuleTable(ParallelVisitor):
    """graphql-core's ParallelVisitor, with each rule's methods found per class, not instance."""

    def __init__(self, visitors: list[Visitor]) -> None:
        super().__init__(visitors)
        self._visitors = visitors
        self._classes = tuple(cast("Hashable", type(v)) for v in visitors)

    def get_enter_leave_for_kind(self, kind: str) -> EnterLeaveVisitor:
        """The merged enter and leave methods of every rule for one node kind."""
        try:
            return self.enter_leave_map[kind]
        except KeyError:
            pass
        table = _table(self._classes, kind)
        if not table:
            merged = EnterLeaveVisitor(None, None)
        else:
            visitors = self._visitors
            enter_pairs = tuple(
                (i, None if enter is None else enter.__get__(visitors[i])) for i, enter, _ in table
            )
            leave_pairs = tuple(
                (i, None if leave is None else leave.__get__(visitors[i])) for i, _, leave in table
            )
            merged = self._merged(enter_pairs, leave_pairs)
        self.enter_leave_map[kind] = merged
        return merged

    def _merged(
        self,
        enter_pairs: tuple[tuple[int, _Method | None], ...],
        leave_pairs: tuple[tuple[int, _Method | None], ...],
    ) -> EnterLeaveVisitor:
        # the same skip and break bookkeeping as ParallelVisitor, over the bound pairs
        from graphql.language.visitor import BREAK, SKIP

        skipping = self.skipping
        entering = tuple((i, fn) for i, fn in enter_pairs if fn is not None)

        def enter(node: Any, *args: Any) -> Any:
            for i, fn in entering:
                if skipping[i]:
                    continue
                result = fn(node, *args)
                if result is None:
                    continue
                if result is SKIP or result is False:
                    skipping[i] = node
                elif result is BREAK or result is True:
                    skipping[i] = BREAK
                else:
                    return result
            return None

        def leave(node: Any, *args: Any) -> Any:
            for i, fn in leave_pairs:
                if not skipping[i]:
                    if fn is not None:
                        result = fn(node, *args)
                        if result is None:
                            continue
                        if result is BREAK or result is True:
                            skipping[i] = BREAK
                        elif result is not SKIP and result is not False:
                            return result
                elif skipping[i] is node:
                    skipping[i] = None
            return None

        return EnterLeaveVisitor(enter if entering else None, leave)


C = TypeVar("C", bound=ValidationContext)


def validate(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: Sequence[type[ASTValidationRule]],
) -> list[GraphQLError]:
    """The errors of ``document`` against ``schema`` under ``rules``, as graphql-core reports them.

    ``schema`` must be valid already (Strawberry checks it when it builds it).
    """
    return validate_in(ValidationContext, schema, document, rules)[0]


def validate_in(
    context_class: type[C],
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: Sequence[type[ASTValidationRule]],
) -> tuple[list[GraphQLError], C]:
    """:func:`validate` with the rules' context of ``context_class``, returned with the errors.

    A subclass of ``ValidationContext`` may carry what the rules found on the way.
    """
    errors: list[GraphQLError] = []
    type_info = TypeInfo(schema)

    def on_error(error: GraphQLError) -> None:
        if len(errors) >= MAX_ERRORS:
            message = "Too many validation errors, error limit reached. Validation aborted."
            raise ValidationAbortedError(message)
        errors.append(error)

    context = context_class(schema, document, type_info, on_error)
    visitors: list[Visitor] = [rule(context) for rule in rules]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    if fragments:
        visitors.insert(0, FragmentNestingVisitor(fragments))
    try:
        visit(
            document,
            TypeInfoVisitor(type_info, _RuleTable(visitors)),
            query_document_keys_to_validate,
        )
    except ValidationAbortedError as error:
        error.__context__ = None
        errors.append(error.with_traceback(None))
    except RecursionError:
        errors.append(ValidationAbortedError("Validation aborted."))
    return errors, context
