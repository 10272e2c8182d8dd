"""``rollup``, ``cube`` and ``pivot``: grouped aggregations beyond one set of keys.

A grouping set aggregation is the union of one ``Aggregate`` per set, the keys outside the set
filled with typed nulls (so every key column becomes nullable); ``grouping(c)`` (1 when ``c``
is aggregated over) and ``grouping_id()`` (the bit vector of those, first key highest) become
literals of each branch. ``pivot`` aggregates by keys and pivot value first, then turns each
pivot value into a column (the one non-null value per group): a missing combination is null,
as in Spark; with no ``values`` given, the distinct values are computed sorted (nulls first).
"""

from __future__ import annotations

import itertools

from .catalyst import expressions as ex
from .column import Column, col_expr


def _agg_exprs(exprs) -> list:
    if len(exprs) == 1 and isinstance(exprs[0], dict):
        return [ex.UnresolvedFunc(fn, (col_expr(c) if c != "*" else ex.UnresolvedStar(),))
                for c, fn in exprs[0].items()]
    return [col_expr(c) for c in exprs]


def _value_name(v) -> str:
    import datetime
    if v is None:
        return "null"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


class GroupingSetsAgg:
    """How ``df.rollup(...)`` / ``df.cube(...)`` aggregate: over several sets of the keys."""

    def __init__(self, sets: list, kind: str = "GroupingSets"):
        self._sets = sets
        self.kind = kind

    def _replace_grouping(self, e: ex.Expr, gset: set, key_names: list) -> ex.Expr:
        n = len(key_names)

        def fn(node):
            if isinstance(node, ex.UnresolvedFunc) and node.name.lower() in ("grouping",
                                                                              "grouping_id"):
                from .types import ByteType, LongType
                if node.name.lower() == "grouping":
                    arg = self._df.select(Column(node.args[0])).columns[0].lower()
                    i = [k.lower() for k in key_names].index(arg)
                    return ex.Lit(0 if i in gset else 1, ByteType())
                gid = sum(1 << (n - 1 - i) for i in range(n) if i not in gset)
                return ex.Lit(gid, LongType())
            return node
        return e.transform_up(fn)

    def __call__(self, g, *exprs):
        """Aggregate each grouping set; keys outside a set are null in its rows."""
        self._df, self._keys = g._df, g._keys
        cols = _agg_exprs(exprs)
        kdf = self._df.select(*[Column(k) for k in self._keys])
        key_names, key_types = kdf.columns, [a.dtype for a in kdf._plan.output]
        names = self._df.groupBy(*[Column(k) for k in self._keys]).agg(
            *[Column(_named_grouping(c)) for c in cols]).columns
        out = None
        for gset in self._sets:
            chosen = [self._keys[i] for i in gset]
            branch_aggs = [Column(self._replace_grouping(c, set(gset), key_names))
                           for c in cols]
            branch = self._df.groupBy(*[Column(k) for k in chosen]).agg(*branch_aggs)
            attrs = branch._plan.output
            sel = []
            for i in range(len(self._keys)):
                if i in gset:
                    sel.append(Column(attrs[gset.index(i)]).alias(key_names[i]))
                else:
                    from . import functions as F
                    sel.append(F.lit(None).cast(key_types[i]).alias(key_names[i]))
            sel += [Column(a).alias(nm) for a, nm in zip(attrs[len(gset):],
                                                         names[len(self._keys):])]
            part = branch.select(*sel)
            out = part if out is None else out.union(part)
        return out


def _named_grouping(e: ex.Expr) -> ex.Expr:
    """``e`` with grouping functions replaced by stand-ins that name themselves as Spark does."""
    if isinstance(e, ex.UnresolvedFunc) and e.name.lower() in ("grouping", "grouping_id"):
        from .types import ByteType, LongType
        if e.name.lower() == "grouping":
            inner = e.args[0]
            label = ".".join(inner.parts) if isinstance(inner, ex.UnresolvedAttr) else "?"
            return ex.Alias(ex.Lit(0, ByteType()), f"grouping({label})")
        return ex.Alias(ex.Lit(0, LongType()), "grouping_id()")
    return e


def rollup_sets(n: int) -> list:
    """``(k1..kn), (k1..kn-1), ..., ()``."""
    return [list(range(i)) for i in range(n, -1, -1)]


def cube_sets(n: int) -> list:
    """Every subset of the keys, larger first."""
    out = []
    for size in range(n, -1, -1):
        out += [list(c) for c in itertools.combinations(range(n), size)]
    return out


class PivotAgg:
    """How ``df.groupBy(...).pivot(col, values)`` aggregates: a column per pivot value (and
    aggregate)."""

    kind = "Pivot"

    def __init__(self, pivot, values):
        self._pivot = pivot
        self._values = values

    def __call__(self, g, *exprs):
        """Aggregate per group and pivot value."""
        from . import functions as F
        cols = _agg_exprs(exprs)
        df, self._keys = g._df, g._keys
        values = self._values
        if values is None:
            dv = df.select(Column(self._pivot)).distinct()
            values = [r[0] for r in dv.orderBy(dv.columns[0]).limit(10001).collect()]
            if len(values) > 10000:
                from .errors import AnalysisException
                raise AnalysisException("The pivot column has more than 10000 distinct values.",
                                        "PIVOT_VALUE_LIMIT_EXCEEDED")
        k = len(self._keys)
        agg_names = df.groupBy(*[Column(x) for x in self._keys]).agg(
            *[Column(c) for c in cols]).columns[k:]
        inner = df.groupBy(*[Column(x) for x in self._keys], Column(self._pivot)).agg(
            *[Column(c).alias(f"__a{i}") for i, c in enumerate(cols)])
        attrs = inner._plan.output
        pv = Column(attrs[k])
        outs = []
        for v in values:
            for i, name in enumerate(agg_names):
                label = _value_name(v) if len(cols) == 1 else f"{_value_name(v)}_{name}"
                hit = pv.isNull() if v is None else pv.eqNullSafe(F.lit(v))
                outs.append(F.max(F.when(hit, Column(attrs[k + 1 + i]))).alias(label))
        return inner.groupBy(*[Column(a) for a in attrs[:k]]).agg(*outs)


class GroupingMixin:
    """``rollup`` and ``cube`` of ``DataFrame``."""

    def rollup(self, *cols):
        """Group by each prefix of ``cols`` (and the grand total), to aggregate."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        g = self.groupBy(*cols)
        g._aggregate = GroupingSetsAgg(rollup_sets(len(cols)), "Rollup")
        return g

    def cube(self, *cols):
        """Group by every subset of ``cols``, to aggregate."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        g = self.groupBy(*cols)
        g._aggregate = GroupingSetsAgg(cube_sets(len(cols)), "Cube")
        return g


    def groupingSets(self, groupingSets, *cols):
        """Group by each of ``groupingSets`` (lists of some of ``cols``), to aggregate."""
        g = self.groupBy(*cols)
        names = [ex.expr_name(k) for k in g._keys]
        sets = []
        for group in groupingSets:
            idx = []
            for c in group:
                e = self._key_expr(c)
                name = ex.expr_name(e)
                if name not in names:
                    from .errors import AnalysisException
                    raise AnalysisException(
                        f"[GROUPING_SETS_COLUMN_NOT_FOUND] `{name}` of a grouping set is not "
                        f"one of the grouping columns {names}.", "MISSING_GROUP_BY")
                idx.append(names.index(name))
            sets.append(idx)
        g._aggregate = GroupingSetsAgg(sets)
        return g


class PivotMixin:
    """``pivot`` of ``GroupedData``."""

    def pivot(self, pivot_col, values=None):
        """One output column per value of ``pivot_col`` (the given ``values``, or all)."""
        g = type(self)(self._df, self._keys)
        g._aggregate = PivotAgg(col_expr(pivot_col), values)
        return g
