"""Logical plans: immutable trees of small node classes; ``output`` gives each node's columns.

Leaves: ``LocalRelation`` (driver data as Arrow), ``RangeRelation``, ``FileRelation`` (files of
a format, with the columns a scan must read), ``RddRelation`` (an RDD of Arrow tables, e.g. a
cached DataFrame), ``UnresolvedRelation`` (a view name, from SQL). Unary: ``SubqueryAlias``,
``Project``, ``Filter``, ``Aggregate``, ``Sort``, ``Limit``, ``Distinct``, ``Repartition``,
``BroadcastHint``. Binary and more: ``Join``, ``Union`` (by position, keeping duplicates).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from . import expressions as ex


class Opaque:
    """Holds a value compared by identity (an Arrow table, an RDD) inside a frozen plan."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"<{type(self.value).__name__}>"


@dataclass(frozen=True)
class Plan:
    """Base of the logical plan nodes."""

    def children(self) -> tuple:
        """The child plans."""
        out = []
        for name in ex.field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, Plan):
                out.append(v)
            elif isinstance(v, tuple) and v and isinstance(v[0], Plan):
                out.extend(v)
        return tuple(out)

    def with_children(self, new: list) -> "Plan":
        """The same node over new children (in ``children()`` order)."""
        it = iter(new)
        changes = {}
        for name in ex.field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, Plan):
                changes[name] = next(it)
            elif isinstance(v, tuple) and v and isinstance(v[0], Plan):
                changes[name] = tuple(next(it) for _ in v)
        return dataclasses.replace(self, **changes) if changes else self

    def transform_up(self, fn) -> "Plan":
        """Rebuild bottom-up with ``fn`` applied to every node after its children."""
        kids = self.children()
        node = self.with_children([k.transform_up(fn) for k in kids]) if kids else self
        return fn(node)

    def expressions(self) -> tuple:
        """The expressions this node holds."""
        out = []
        for name in ex.field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, ex.Expr):
                out.append(v)
            elif isinstance(v, tuple):
                out.extend(x for x in v if isinstance(x, ex.Expr))
        return tuple(out)

    def map_expressions(self, fn) -> "Plan":
        """The same node with ``fn`` applied to each expression it holds."""
        changes = {}
        for name in ex.field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, ex.Expr):
                changes[name] = fn(v)
            elif isinstance(v, tuple) and v and isinstance(v[0], ex.Expr):
                changes[name] = tuple(fn(x) for x in v)
        return dataclasses.replace(self, **changes) if changes else self

    def walk(self):
        """Every node, this one first."""
        yield self
        for c in self.children():
            yield from c.walk()

    @property
    def output(self) -> list:
        return list(self.children()[0].output)


@dataclass(frozen=True)
class LocalRelation(Plan):
    """Rows held on the driver as an Arrow table (columns in ``attrs`` order)."""
    attrs: tuple
    data: Opaque
    slices: int = 1

    @property
    def output(self):
        return list(self.attrs)


@dataclass(frozen=True)
class RangeRelation(Plan):
    """``spark.range``: one ``id`` column."""
    attr: ex.Attr
    start: int
    end: int
    step: int
    slices: int

    @property
    def output(self):
        return [self.attr]


@dataclass(frozen=True)
class FileRelation(Plan):
    """Files of one format; ``attrs`` are the columns the scan must produce (pruned by the
    optimizer), ``source`` the listing (see ``io/sources.py``), ``filters`` pushed predicates."""
    attrs: tuple
    source: Opaque
    filters: tuple = ()

    @property
    def output(self):
        return list(self.attrs)


@dataclass(frozen=True)
class RddRelation(Plan):
    """An RDD whose records are Arrow tables with columns named by attribute id."""
    attrs: tuple
    rdd: Opaque

    @property
    def output(self):
        return list(self.attrs)


@dataclass(frozen=True)
class UnresolvedRelation(Plan):
    """A table or view by name (SQL ``FROM name``)."""
    name: str

    @property
    def output(self):
        return []


@dataclass(frozen=True)
class SubqueryAlias(Plan):
    """A name for a child's rows (``FROM t AS x``, ``df.alias('x')``)."""
    alias: str
    child: Plan

    @property
    def output(self):
        return [a.with_qualifier((self.alias,)) for a in self.child.output]


@dataclass(frozen=True)
class Project(Plan):
    """``SELECT exprs``: each expression an ``Attr`` or an ``Alias``."""
    exprs: tuple
    child: Plan

    @property
    def output(self):
        return [ex.to_attr(e) for e in self.exprs]


@dataclass(frozen=True)
class Filter(Plan):
    """Rows where ``condition`` is true."""
    condition: ex.Expr
    child: Plan


@dataclass(frozen=True)
class Aggregate(Plan):
    """``GROUP BY groups`` computing ``aggs`` (named expressions over groups and aggregates)."""
    groups: tuple
    aggs: tuple
    child: Plan

    @property
    def output(self):
        return [ex.to_attr(e) for e in self.aggs]


@dataclass(frozen=True)
class Join(Plan):
    """Join of two plans: how is inner, left, right, full, left_semi, left_anti or cross; or
    ``asof``/``asof_left``, each left row with the right row nearest by the condition's one
    inequality (``DataFrame._joinAsOf``)."""
    left: Plan
    right: Plan
    how: str
    condition: ex.Expr | None = None

    @property
    def output(self):
        left, right = self.left.output, self.right.output
        if self.how in ("left_semi", "left_anti"):
            return left
        if self.how in ("right", "full"):
            left = [a.with_nullability(True) for a in left]
        if self.how in ("left", "full", "asof_left"):
            right = [a.with_nullability(True) for a in right]
        return left + right


@dataclass(frozen=True)
class Sort(Plan):
    """``ORDER BY`` (``is_global``) or a per-partition sort."""
    orders: tuple
    child: Plan
    is_global: bool = True


@dataclass(frozen=True)
class Limit(Plan):
    """The first ``n`` rows."""
    n: int
    child: Plan


@dataclass(frozen=True)
class Distinct(Plan):
    """Distinct rows (rewritten to an ``Aggregate`` by the analyzer)."""
    child: Plan


@dataclass(frozen=True)
class Union(Plan):
    """All rows of the children, matched by position (``UNION ALL``)."""
    inputs: tuple

    @property
    def output(self):
        return list(self._output)

    @functools.cached_property
    def _output(self) -> tuple:
        # kept: a chain of n unions, re-read at every level, would cost n² (each input's
        # output read once: reading the first twice made it exponential in the depth)
        outs = [c.output for c in self.inputs]
        return tuple(a.with_nullability(any(x.nullable for x in col))
                     for a, col in zip(outs[0], zip(*outs)))


def union_of(inputs) -> Union:
    """The union of ``inputs``, each input that is itself a union replaced by its own inputs
    (Spark's ``CombineUnions``: a chain of unions is one node, not as deep as it is long)."""
    flat: list = []
    for p in inputs:
        flat.extend(p.inputs if isinstance(p, Union) else (p,))
    return Union(tuple(flat))


@dataclass(frozen=True)
class Repartition(Plan):
    """``repartition`` (a shuffle: by ``exprs`` hash, or round robin) or ``coalesce``; by
    range when ``exprs`` are sort orders (``repartitionByRange``), to the partition a row
    names when one ``direct_shuffle_partition_id`` call (``repartitionById``). With
    ``coalesce`` (no partition count was given), adaptive execution may read small adjacent
    partitions together."""
    n: int
    exprs: tuple
    shuffle: bool
    child: Plan
    coalesce: bool = False


@dataclass(frozen=True)
class BroadcastHint(Plan):
    """``F.broadcast(df)``: join with this side broadcast."""
    child: Plan



def one_row() -> Plan:
    """The relation of a SELECT without FROM: one row (of one hidden column, as an Arrow
    table needs a column to carry a row count through a stage)."""
    import pyarrow as pa
    from ..types import IntegerType
    attr = ex.Attr("__one_row", IntegerType(), False)
    return LocalRelation((attr,), Opaque(pa.table({"c": pa.array([1], pa.int32())})), 1)
