"""``GroupedData``: what ``df.groupBy(...)`` returns; ``agg`` and the shortcut aggregates."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column, col_expr
from .grouping_sets import PivotMixin
from .session_windows import aggregate_sessions, is_session_window, timed_rows


def _java_hash(text: str) -> int:
    h = 0
    for unit in text.encode("utf-16-be").hex(" ", 2).split():
        h = (31 * h + int(unit, 16)) & 0xFFFFFFFF
    return h


def java_map_order(mapping: dict) -> list:
    """The items of ``mapping`` in the order a ``java.util.HashMap`` holding them iterates,
    which is the order PySpark's ``agg(dict)`` gives the columns (the dict crosses to the JVM
    as a HashMap)."""
    capacity = 16
    while len(mapping) > capacity * 3 // 4:
        capacity *= 2

    def bucket(key: str) -> int:
        h = _java_hash(key)
        return (h ^ (h >> 16)) & (capacity - 1)
    return sorted(mapping.items(), key=lambda kv: bucket(kv[0]))


class GroupedData(PivotMixin):
    """Rows grouped by key expressions, waiting for aggregates."""

    def __init__(self, df, keys: list):
        self._df = df
        self._keys = keys

    def __repr__(self) -> str:
        keys = ", ".join(ex.expr_name(k) for k in self._keys)
        value = ", ".join(f"{f.name}: {f.dataType.simpleString()}" for f in self._df.schema)
        kind = getattr(getattr(self, "_aggregate", None), "kind", "GroupBy")
        return f"GroupedData[grouping expressions: [{keys}], value: [{value}], type: {kind}]"

    def agg(self, *exprs) -> "DataFrame":  # noqa: F821
        """Aggregate each group: Columns, or a dict of column name to function name."""
        if getattr(self, "_aggregate", None) is not None:  # rollup, cube, pivot
            return self._aggregate(self, *exprs)
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            cols = [ex.UnresolvedFunc(fn, (col_expr(c) if c != "*" else ex.UnresolvedStar(),))
                    for c, fn in java_map_order(exprs[0])]
        else:
            cols = [col_expr(c) for c in exprs]
        if any(is_session_window(k) for k in self._keys):
            return aggregate_sessions(self._df, self._keys, cols)
        aggs = tuple(self._keys) + tuple(cols)
        df = timed_rows(self._df, self._keys)
        return df._with_plan(lp.Aggregate(tuple(self._keys), aggs, df._plan))

    def _numeric(self, fn: str, cols):
        from .types import NumericType
        if not cols:
            cols = [a.name for a in self._df._plan.output if isinstance(a.dtype, NumericType)
                    and a.name not in {getattr(k, "parts", (None,))[-1] for k in self._keys}]
        return self.agg(*[Column(ex.UnresolvedFunc(fn, (col_expr(c),))) for c in cols])

    def applyInPandas(self, func, schema):
        """``func`` maps each group's rows (a pandas DataFrame) to a DataFrame of ``schema``."""
        from .pandas_ops import apply_in_pandas
        return apply_in_pandas(self, func, schema)

    def cogroup(self, other: "GroupedData"):
        """Pair this grouping with another DataFrame's, for ``applyInPandas``."""
        from .pandas_ops import PandasCogroupedOps
        return PandasCogroupedOps(self, other)

    def count(self):
        """The number of rows of each group (column ``count``)."""
        return self.agg(Column(ex.Alias(ex.UnresolvedFunc("count", (ex.Lit(1),)), "count")))

    def sum(self, *cols):
        """``sum`` of numeric columns per group."""
        return self._numeric("sum", cols)

    def avg(self, *cols):
        """``avg`` of numeric columns per group."""
        return self._numeric("avg", cols)

    mean = avg

    def min(self, *cols):
        """``min`` of numeric columns per group."""
        return self._numeric("min", cols)

    def max(self, *cols):
        """``max`` of numeric columns per group."""
        return self._numeric("max", cols)
