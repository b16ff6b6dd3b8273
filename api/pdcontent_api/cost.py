"""A static cost estimate of a GraphQL document, checked before execution.

Depth, token and alias limits bound the *text* of a document, not the work it asks for:
a 3 KB query of aliased pages with nested lists inside every limit answered tens of
megabytes. The estimate here is what the server would produce, counted per field after
fragment expansion:

* every field costs 1, a rich-text field (one with a ``format`` argument) costs
  :data:`RICH_TEXT_COST`, because rendering Markdown is most of a request's work;
* an object field costs 1 plus the cost of its selection;
* a list multiplies the cost of one item by its size: the ``limit`` (pages) or ``first``
  (search) argument where it has one, or that argument's default, or — when the value
  comes from a variable without a default — the most the argument accepts; lists without
  such an argument count :data:`UNBOUNDED_LIST_SIZE` items;
* aliases are separate fields, so ten aliases of one page cost ten pages.

Fragments are expanded, but each fragment's cost on a type is computed once: a document
that spreads fragments two by two ten deep must not take 2^10 walks to price.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from graphql.type.definition import GraphQLOutputType
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from .query import MAX_LIMIT, MAX_SEARCH_RESULTS

#: the cost of a field that renders rich text (Markdown to HTML or plain text)
RICH_TEXT_COST = 10
#: how many items a list without a size argument is counted as
UNBOUNDED_LIST_SIZE = 10
#: list-size arguments, with the most each accepts (query.py refuses more)
SIZE_ARGUMENTS = {"limit": MAX_LIMIT, "first": MAX_SEARCH_RESULTS}
_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}
#: the error code of a refused document
CODE = "QUERY_TOO_COSTLY"


class PricedContext(ValidationContext):
    """A validation context that keeps the estimate of the costliest operation it priced.

    The endpoint reads it after validation to decide where a document runs: a cheap one
    right away, a costly one on a worker thread.
    """

    cost: int = 0


def cost_limit_rule(max_cost: int) -> type[ValidationRule]:
    """A validation rule class that refuses operations whose estimated cost exceeds ``max_cost``."""

    class CostLimit(ValidationRule):
        """Refuses an operation whose estimated cost is above the limit."""

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            """Price the operation; report it when it costs more than allowed."""
            root = self.context.schema.get_root_type(node.operation)
            if root is None:
                return
            estimate = Estimate(self.context, node, ceiling=max_cost)
            cost = estimate.selection_set(node.selection_set, root)
            if isinstance(self.context, PricedContext):
                self.context.cost = max(self.context.cost, cost)
            if cost > max_cost:
                shown = f"more than {cost}" if cost >= estimate.ceiling else str(cost)
                self.report_error(
                    GraphQLError(
                        f"query cost {shown} exceeds the maximum of {max_cost}",
                        node,
                        extensions={"code": CODE, "cost": cost, "maxCost": max_cost},
                    )
                )

    return CostLimit


def document_cost(schema: GraphQLSchema, document: DocumentNode, ceiling: int = 10**12) -> int:
    """The estimated cost of the costliest operation in ``document`` (for tests and benches)."""
    context = ValidationContext(schema, document, TypeInfo(schema), lambda _: None)
    costs = [0]
    for node in document.definitions:
        if isinstance(node, OperationDefinitionNode):
            root = schema.get_root_type(node.operation)
            if root is not None:
                estimate = Estimate(context, node, ceiling)
                costs.append(estimate.selection_set(node.selection_set, root))
    return max(costs)


class Estimate:
    """The cost of one operation's selections; fragment costs are memoized per type."""

    def __init__(
        self, context: ValidationContext, operation: OperationDefinitionNode, ceiling: int
    ) -> None:
        self.context = context
        # past this the estimate stops growing: the answer is already "too costly", and
        # Python integers would otherwise grow without bound on hostile multipliers
        self.ceiling = ceiling * 1000 + 1
        self.variable_defaults: dict[str, int | None] = {}
        for definition in operation.variable_definitions or ():
            default = definition.default_value
            value = int(default.value) if isinstance(default, IntValueNode) else None
            self.variable_defaults[definition.variable.name.value] = value
        self._fragments: dict[tuple[str, str, int | None], int] = {}
        self._expanding: set[str] = set()

    def selection_set(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        page: int | None = None,
    ) -> int:
        """The cost of ``selection_set`` on one object of type ``parent``.

        ``page`` is the size a page field (``conditions(limit: n)``, an object) asked
        for: the lists directly inside it (``items``) hold that many items.
        """
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                named = self.context.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, named or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, parent, page)
            if total >= self.ceiling:
                return self.ceiling
        return total

    def fragment(self, name: str, parent: GraphQLNamedType, page: int | None) -> int:
        """The cost of a fragment spread (cycles cost nothing here; another rule refuses them)."""
        key = (name, parent.name, page)
        if key in self._fragments:
            return self._fragments[key]
        definition = self.context.get_fragment(name)
        if definition is None or name in self._expanding:
            return 0
        named = self.context.schema.get_type(definition.type_condition.name.value) or parent
        self._expanding.add(name)
        try:
            cost = self.selection_set(definition.selection_set, named, page)
        finally:
            self._expanding.discard(name)
        self._fragments[key] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType, page: int | None) -> int:
        """The cost of one field on one object of type ``parent``, its list size included."""
        definition = _field_definition(parent, node.name.value)
        if definition is None:
            # __typename, or a field another rule refuses
            return 1
        own = RICH_TEXT_COST if "format" in definition.args else 1
        inner, is_list = _unwrap(definition.type)
        size = self.size(node, definition)
        if not is_list:
            # a page: its size applies to the list inside it
            return min(self.ceiling, own + self.selection_set(node.selection_set, inner, size))
        count = size if size is not None else page if page is not None else UNBOUNDED_LIST_SIZE
        children = self.selection_set(node.selection_set, inner)
        return min(self.ceiling, (own + children) * count)

    def size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The size a field's ``limit`` or ``first`` argument asks for, if it has one."""
        for name, most in SIZE_ARGUMENTS.items():
            if name not in definition.args:
                continue
            default = definition.args[name].default_value
            given = next((a.value for a in node.arguments or () if a.name.value == name), None)
            if given is None:
                return default if isinstance(default, int) else most
            if isinstance(given, IntValueNode):
                return max(0, min(int(given.value), most))
            if isinstance(given, VariableNode):
                value = self.variable_defaults.get(given.name.value)
                return most if value is None else max(0, min(value, most))
            return most
        return None


def _field_definition(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    # introspection's entry points are on no type's field map, but answer like any field
    if name in _META_FIELDS and isinstance(parent, GraphQLObjectType):
        return _META_FIELDS[name]
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    """The named type under list and non-null wrappers, and whether a list was among them."""
    is_list = False
    current: Any = type_
    while isinstance(current, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(current, GraphQLList)
        current = current.of_type
    named: GraphQLNamedType = current
    return named, is_list
