"""Expression trees: immutable dataclasses, unresolved as built by ``Column`` and the SQL
parser, resolved (typed, with attribute ids) after analysis.

Unresolved: ``UnresolvedAttr`` (a possibly qualified name), ``UnresolvedStar``,
``UnresolvedFunc`` (functions and operators by name). Resolved: ``Attr`` (a column with a
unique ``expr_id``), ``Call`` (a scalar function or operator with its Spark result type),
``AggCall`` (an aggregate). Both: ``Lit``, ``Alias``, ``Cast``, ``CaseWhen``, ``SortOrder``,
``SubqueryExpr`` (scalar, EXISTS, IN over a logical plan) and ``OuterRef`` (a column of an
enclosing query inside a correlated subquery).

``transform_up`` rebuilds a tree bottom-up through one function; every rule uses it.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

from ..types import BooleanType, DataType, NullType

_ids = itertools.count(1)


def new_id() -> int:
    """A fresh expression id (unique in this driver process)."""
    return next(_ids)


_FIELDS: dict = {}


def field_names(cls) -> tuple:
    """The names of ``cls``'s dataclass fields (cached: ``dataclasses.fields`` builds them anew)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _same(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


@dataclass(frozen=True)
class Expr:
    """Base of every expression node."""

    def children(self) -> tuple:
        """The child expressions, in field order."""
        out = []
        for name in field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, Expr):
                out.append(v)
            elif isinstance(v, tuple):
                for x in v:
                    if isinstance(x, Expr):
                        out.append(x)
                    elif isinstance(x, tuple):
                        out.extend(y for y in x if isinstance(y, Expr))
        return tuple(out)

    def map_children(self, fn) -> "Expr":
        """The same node with ``fn`` applied to each child expression (this node itself when
        ``fn`` returns every child unchanged)."""
        changes = {}
        for name in field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, Expr):
                new = fn(v)
            elif isinstance(v, tuple) and any(isinstance(x, (Expr, tuple)) for x in v):
                new = tuple(
                    fn(x) if isinstance(x, Expr) else
                    tuple(fn(y) if isinstance(y, Expr) else y for y in x) if isinstance(x, tuple)
                    else x for x in v)
                if all(a is b or (type(a) is tuple and _same(a, b)) for a, b in zip(new, v)):
                    continue
            else:
                continue
            if new is not v:
                changes[name] = new
        return dataclasses.replace(self, **changes) if changes else self

    def transform_up(self, fn) -> "Expr":
        """Rebuild bottom-up: children first, then ``fn`` on the node (returning it or a new one)."""
        return fn(self.map_children(lambda c: c.transform_up(fn)))

    def walk(self):
        """Every node of the tree, this one first."""
        yield self
        for c in self.children():
            yield from c.walk()

    @property
    def resolved(self) -> bool:
        """Whether the tree has no unresolved node."""
        return not any(isinstance(n, (UnresolvedAttr, UnresolvedStar, UnresolvedFunc,
                                         UpdateFields, OuterColumn))
                       for n in self.walk())

    @property
    def dtype(self) -> DataType:
        raise TypeError(f"{type(self).__name__} has no type before analysis")

    @property
    def nullable(self) -> bool:
        return True


@dataclass(frozen=True)
class UnresolvedAttr(Expr):
    """A column by name; ``parts`` is the dotted name (``('t', 'a')`` for ``t.a``)."""
    parts: tuple


@dataclass(frozen=True)
class UpdateFields(Expr):
    """``withField``/``dropFields`` before analysis: ``ops`` are ``(name, value)`` pairs applied
    in order to the struct's fields (``value`` None drops the field; ``struct_updates.py``)."""
    struct: Expr
    ops: tuple


@dataclass(frozen=True)
class OuterColumn(Expr):
    """``Column.outer()`` before analysis: ``child`` (a name or a column) is looked up only in
    the queries enclosing the subquery it is in."""
    child: Expr


@dataclass(frozen=True)
class UnresolvedStar(Expr):
    """``*`` or ``t.*``; ``attrs`` the columns of one DataFrame (``df["*"]``)."""
    qualifier: str | None = None
    attrs: tuple | None = None


@dataclass(frozen=True)
class UnresolvedFunc(Expr):
    """A function or operator call by name (``+``, ``=``, ``and``, ``sum``, ``substring``...)."""
    name: str
    args: tuple
    distinct: bool = False


def metadata_text(metadata: dict | None) -> str:
    """A column's metadata dict as the hashable text attributes carry ("" when empty)."""
    import json
    return json.dumps(metadata, sort_keys=True) if metadata else ""


def metadata_dict(text: str) -> dict:
    """The dict ``metadata_text`` gave ``text`` for."""
    import json
    return json.loads(text) if text else {}


@dataclass(frozen=True)
class Attr(Expr):
    """A resolved column: name, type, nullability, a unique id, its table qualifier;
    ``qualified_only`` for a side's key of a join on names (not found by its bare name)."""
    name: str
    data_type: DataType = field(compare=False)
    is_nullable: bool = field(default=True, compare=False)
    expr_id: int = field(default_factory=new_id)
    qualifier: tuple = field(default=(), compare=False)
    metadata: str = field(default="", compare=False)
    qualified_only: bool = field(default=False, compare=False)

    @property
    def dtype(self) -> DataType:
        return self.data_type

    @property
    def meta(self) -> dict:
        """The column's metadata (``StructField.metadata``) as a dict."""
        return metadata_dict(self.metadata)

    @property
    def nullable(self) -> bool:
        return self.is_nullable

    def with_nullability(self, nullable: bool) -> "Attr":
        """The same attribute, marked nullable or not."""
        return dataclasses.replace(self, is_nullable=nullable)

    def with_qualifier(self, qualifier: tuple) -> "Attr":
        """The same attribute under a table alias (found by its bare name again)."""
        return dataclasses.replace(self, qualifier=qualifier, qualified_only=False)


@dataclass(frozen=True)
class OuterRef(Expr):
    """A column of an enclosing query, used inside a correlated subquery."""
    attr: Attr

    @property
    def dtype(self) -> DataType:
        return self.attr.dtype


@dataclass(frozen=True)
class Lit(Expr):
    """A literal value of a type (``None`` type: inferred from the Python value)."""
    value: object
    data_type: DataType | None = None

    @property
    def dtype(self) -> DataType:
        return self.data_type if self.data_type is not None else NullType()

    @property
    def nullable(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Alias(Expr):
    """A named expression; the name it gets in the output, with its own id."""
    child: Expr
    name: str
    expr_id: int = field(default_factory=new_id)
    metadata: str | None = field(default=None, compare=False)

    @property
    def dtype(self) -> DataType:
        return self.child.dtype

    @property
    def nullable(self) -> bool:
        return self.child.nullable

    def output_metadata(self) -> str:
        """The metadata the alias gives its column: its own when given, else its child's when
        the child is a named column (as Spark's ``Alias.metadata``)."""
        if self.metadata is not None:
            return self.metadata
        child = self.child
        if isinstance(child, Attr):
            return child.metadata
        return child.output_metadata() if isinstance(child, Alias) else ""

    def to_attr(self) -> Attr:
        """The attribute this alias defines."""
        return Attr(self.name, self.child.dtype, self.child.nullable, self.expr_id,
                    metadata=self.output_metadata())


@dataclass(frozen=True)
class Cast(Expr):
    """``CAST(child AS to)``; ``ansi=False`` is ``try_cast`` (NULL instead of an error)."""
    child: Expr
    to: DataType
    ansi: bool = True
    implicit: bool = field(default=False, compare=False)
    typed_literal: bool = field(default=False, compare=False)   # DATE '...', TIMESTAMP '...'

    @property
    def dtype(self) -> DataType:
        return self.to

    @property
    def nullable(self) -> bool:
        from .cast_rules import force_nullable
        if self.typed_literal:   # a constant Spark parses as a literal
            return False
        if self.implicit and self.ansi and isinstance(self.child, Lit) and \
                self.child.value is not None:   # a constant made the argument's type
            return False
        return self.child.nullable or not self.ansi or force_nullable(self.child.dtype, self.to)


@dataclass(frozen=True)
class Call(Expr):
    """A resolved scalar function or operator with its Spark result type."""
    fn: str
    args: tuple
    data_type: DataType = field(default_factory=NullType)
    is_nullable: bool = True
    pretty: str | None = field(default=None, compare=False, kw_only=True)   # name shown

    @property
    def dtype(self) -> DataType:
        return self.data_type

    @property
    def nullable(self) -> bool:
        return self.is_nullable


@dataclass(frozen=True)
class AggCall(Expr):
    """A resolved aggregate function call."""
    fn: str
    args: tuple
    distinct: bool = False
    data_type: DataType = field(default_factory=NullType)
    is_nullable: bool = True
    pretty: str | None = field(default=None, compare=False, kw_only=True)   # name shown

    @property
    def dtype(self) -> DataType:
        return self.data_type

    @property
    def nullable(self) -> bool:
        return self.is_nullable


@dataclass(frozen=True)
class CaseWhen(Expr):
    """``CASE WHEN c1 THEN v1 ... ELSE e END`` (``otherwise`` None: NULL)."""
    branches: tuple
    otherwise: Expr | None = None
    data_type: DataType | None = None

    @property
    def dtype(self) -> DataType:
        return self.data_type or NullType()

    @property
    def nullable(self) -> bool:
        return self.otherwise is None or self.otherwise.nullable or \
            any(v.nullable for _, v in self.branches)


@dataclass(frozen=True)
class SortOrder(Expr):
    """A sort key: ascending puts nulls first by default, descending nulls last."""
    child: Expr
    ascending: bool = True
    nulls_first: bool | None = None

    @property
    def dtype(self) -> DataType:
        return self.child.dtype

    @property
    def effective_nulls_first(self) -> bool:
        """Spark's default null placement when none was given."""
        return self.ascending if self.nulls_first is None else self.nulls_first


@dataclass(frozen=True)
class SubqueryExpr(Expr):
    """A subquery used as a value: ``scalar``, ``exists`` or ``in`` (``value IN (plan)``)."""
    kind: str
    plan: object
    value: Expr | None = None

    @property
    def dtype(self) -> DataType:
        if self.kind == "scalar":
            return self.plan.output[0].dtype
        return BooleanType()


def has_outer_columns(plan) -> bool:
    """Whether a plan refers to an enclosing query's columns (``Column.outer()``): it can only
    be analyzed as a subquery. A resolved plan (marked by the analyzer) has none."""
    if getattr(plan, "_resolved", False):
        return False
    return any(isinstance(n, OuterColumn) for e in plan.expressions() for n in e.walk()) or \
        any(has_outer_columns(c) for c in plan.children())


def expr_name(e: Expr) -> str:
    """The output column name Spark gives an unaliased expression."""
    from .naming import auto_name
    return auto_name(e)


def named(e: Expr) -> Expr:
    """An attribute stays itself; anything else gets an ``Alias`` with Spark's auto name."""
    if isinstance(e, (Attr, Alias)):
        return e
    return Alias(e, expr_name(e))


def to_attr(e: Expr) -> Attr:
    """The output attribute of a named expression."""
    if isinstance(e, Attr):
        return e
    if isinstance(e, Alias):
        return e.to_attr()
    raise TypeError(f"not a named expression: {e!r}")


def references(e: Expr) -> set[int]:
    """The ids of the attributes an expression reads (outer references excluded)."""
    out = set()

    def visit(n):
        if isinstance(n, Attr):
            out.add(n.expr_id)
        elif isinstance(n, OuterRef):
            return
        elif isinstance(n, SubqueryExpr):
            if n.value is not None:
                visit(n.value)
            return
        for c in n.children():
            visit(c)
    visit(e)
    return out


def split_conjuncts(e: Expr | None) -> list[Expr]:
    """``a AND b AND c`` as ``[a, b, c]``."""
    if e is None:
        return []
    if isinstance(e, Call) and e.fn == "and":
        return split_conjuncts(e.args[0]) + split_conjuncts(e.args[1])
    return [e]


def and_all(conds: list[Expr]) -> Expr | None:
    """The conjunction of ``conds`` (None when empty)."""
    out = None
    for c in conds:
        out = c if out is None else Call("and", (out, c), BooleanType(),
                                         out.nullable or c.nullable)
    return out
