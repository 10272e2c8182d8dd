"""``GroupedData``: what ``df.groupBy(...)`` returns; ``agg`` and the shortcut aggregates."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column, col_expr
from .grouping_sets import PivotMixin


class GroupedData(PivotMixin):
    """Rows grouped by key expressions, waiting for aggregates."""

    def __init__(self, df, keys: list):
        self._df = df
        self._keys = keys

    def agg(self, *exprs) -> "DataFrame":  # noqa: F821
        """Aggregate each group: Columns, or a dict of column name to function name."""
        if getattr(self, "_aggregate", None) is not None:  # rollup, cube, pivot
            return self._aggregate(self, *exprs)
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            cols = [ex.UnresolvedFunc(fn, (col_expr(c) if c != "*" else ex.UnresolvedStar(),))
                    for c, fn in exprs[0].items()]
        else:
            cols = [col_expr(c) for c in exprs]
        aggs = tuple(self._keys) + tuple(cols)
        return self._df._with_plan(lp.Aggregate(tuple(self._keys), aggs, self._df._plan))

    def _numeric(self, fn: str, cols):
        from .types import NumericType
        if not cols:
            cols = [a.name for a in self._df._plan.output if isinstance(a.dtype, NumericType)
                    and a.name not in {getattr(k, "parts", (None,))[-1] for k in self._keys}]
        return self.agg(*[Column(ex.UnresolvedFunc(fn, (col_expr(c),))) for c in cols])

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
