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

from collections.abc import Callable
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any, cast

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLObjectType,
    execute,
    specified_rules,
)
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types.field import StrawberryField
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_operation_type

from .cost import PricedContext, cost_limit_rule
from .errors import masked, should_mask
from .schema import ContentSchema, without_suggestion
from .settings import Settings
from .validation import validate_in


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


def _calling(function: Callable[[Any], Any]) -> Callable[..., Any]:
    def resolve(source: Any, info: Any) -> Any:
        return function(source)

    return resolve


def direct_resolvers(schema: ContentSchema) -> int:
    """Let graphql-core call the resolvers that need nothing but their object directly.

    Strawberry wraps every resolver: per field and request it builds an ``Info``,
    converts arguments and chains field extensions, which is most of executing a field
    here. A resolver that takes only ``self`` (no arguments, no ``info``), with no field
    extension or permission and not async, gets the same result called as it is: the
    content is immutable, and the object (an item and its locale) is all it reads.
    Returns how many fields now resolve directly.
    """
    count = 0
    for named in schema._schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            definition = (field.extensions or {}).get("strawberry-definition")
            if not isinstance(definition, StrawberryField):
                continue
            resolver = definition.base_resolver
            if (
                resolver is None
                or definition.arguments
                or definition.extensions
                or definition.permission_classes
                or resolver.is_async
                or resolver.self_parameter is None
                or len(resolver.signature.parameters) != 1
            ):
                continue
            field.resolve = _calling(cast("Callable[[Any], Any]", resolver.wrapped_func))
            count += 1
    return count


class Executor:
    """Validates and executes parsed documents on one schema."""

    def __init__(self, schema: ContentSchema, settings: Settings) -> None:
        self.schema = schema
        direct_resolvers(schema)
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

    def validate(self, document: DocumentNode) -> tuple[list[GraphQLError], int]:
        """The document's validation errors as clients see them (none when it may run),
        and its estimated cost."""
        try:
            errors, context = validate_in(PricedContext, self.schema._schema, document, self.rules)
        except Exception as exc:  # as Strawberry: a rule that fails is an unexpected error
            return self._public([GraphQLError(str(exc), original_error=exc)]), 0
        return (self._public(errors) if errors else errors), context.cost

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
