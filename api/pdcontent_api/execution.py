"""Running a parsed document: checked once in one validation pass, executed by graphql-core.

The endpoint parses a document once (:mod:`.documents`) and hands the tree here. What
Strawberry's ``execute_sync`` would add per request (an execution context, extension
hooks around parsing, validation and execution, a middleware manager) does nothing
for this schema: its extensions are the limits, which are validation rules, and error
masking, which is a pass over the errors at the end. So the tree is validated once with
every rule, the spec's and the limits (depth, aliases, cost, and introspection when it
is off), and then executed by graphql-core on Strawberry's schema, with the same error
processing: suggestions dropped where introspection is off, unexpected errors logged
and masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from inspect import isawaitable
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    execute,
    specified_rules,
)
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_operation_type

from .cost import cost_limit_rule
from .errors import masked, should_mask
from .schema import ContentSchema, without_suggestion
from .settings import Settings
from .validation import validate


@dataclass(frozen=True, slots=True)
class Outcome:
    """What running a document gave: its data, and its errors as clients may see them."""

    data: dict[str, Any] | None
    errors: list[GraphQLError]

    @property
    def before_execution(self) -> bool:
        """True when it failed before any field ran (variables that do not coerce, say).

        Execution errors carry the path of the field that failed; errors before
        execution have none, and leave no data.
        """
        errors = self.errors
        return bool(errors) and self.data is None and all(e.path is None for e in errors)


def validation_rules(settings: Settings) -> tuple[type[ASTValidationRule], ...]:
    """Every rule a document must pass: the spec's, Strawberry's, and the server's limits."""
    rules: list[type[ASTValidationRule]] = [
        *specified_rules,
        # what Strawberry adds to every validation
        MaybeNullValidationRule,
        OneOfInputValidationRule,
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        cost_limit_rule(settings.max_cost),
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


class Executor:
    """Validates and executes parsed documents on one schema."""

    def __init__(self, schema: ContentSchema, settings: Settings) -> None:
        self.schema = schema
        self.rules = validation_rules(settings)
        # suggestions would reveal field names that introspection is meant to hide
        self.hide_suggestions = not settings.introspection

    @staticmethod
    def operation_type(document: DocumentNode, operation_name: str | None) -> OperationType:
        """The type of the operation that would run (:class:`CannotGetOperationTypeError`)."""
        try:
            return get_operation_type(document, operation_name)
        except RuntimeError as error:
            raise CannotGetOperationTypeError(operation_name) from error

    def validate(self, document: DocumentNode) -> list[GraphQLError]:
        """The document's validation errors as clients see them; empty when it may run."""
        try:
            errors = validate(self.schema._schema, document, self.rules)
        except Exception as exc:  # as Strawberry: a rule that fails is an unexpected error
            errors = [GraphQLError(str(exc), original_error=exc)]
        return self._public(errors) if errors else errors

    def execute(
        self,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        context: Any,
        operation_name: str | None,
    ) -> Outcome:
        """Run a validated document; resolver errors come back masked where unexpected."""
        try:
            result = execute(
                self.schema._schema,
                document,
                context_value=context,
                variable_values=variables,
                operation_name=operation_name,
                # Strawberry's faster check, typed as a plain bool function
                is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
            )
            if isawaitable(result):  # no resolver here awaits; one that did would be a bug
                result.close()  # type: ignore[attr-defined]
                raise RuntimeError("GraphQL execution failed to complete synchronously.")
        except Exception as exc:  # as Strawberry: an error outside any resolver, masked
            error = (
                exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
            )
            return Outcome(None, self._public([error]))
        assert isinstance(result, ExecutionResult)
        errors = self._public(result.errors) if result.errors else []
        return Outcome(result.data, errors)

    def _public(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        """Errors as Strawberry's pipeline left them: suggestions dropped, logged, masked."""
        if self.hide_suggestions:
            for error in errors:
                # what StrawberryConfig(disable_field_suggestions=True) does
                self.schema.remove_field_suggestion(error)
        self.schema.process_errors(errors)
        out = [masked(error) if should_mask(error) else error for error in errors]
        if self.hide_suggestions:
            out = [without_suggestion(error) for error in out]
        return out
