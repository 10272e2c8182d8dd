"""``pyspark.sql.Window``: window specifications for ``Column.over``.

``Window.partitionBy("k").orderBy("v").rowsBetween(Window.unboundedPreceding,
Window.currentRow)`` builds a ``WindowSpec``; ``F.sum("x").over(spec)`` a window expression
(``catalyst/window_plans.py``). Frame bounds are offsets from the current row; values at or
beyond ``Window.unboundedPreceding``/``unboundedFollowing`` (as in PySpark, ``sys.maxsize``
with either sign) are unbounded.
"""

from __future__ import annotations

import sys

from .catalyst import expressions as ex
from .catalyst.window_plans import (UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING, WindowExpr,
                                    WindowFrame)
from .column import Column, col_expr

_PRECEDING_THRESHOLD = max(-sys.maxsize, UNBOUNDED_PRECEDING)
_FOLLOWING_THRESHOLD = min(sys.maxsize, UNBOUNDED_FOLLOWING)


def _cols(cols) -> tuple:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = tuple(cols[0])
    return tuple(cols)


def _bound(v: int) -> int:
    v = int(v)
    if v <= _PRECEDING_THRESHOLD:
        return UNBOUNDED_PRECEDING
    if v >= _FOLLOWING_THRESHOLD:
        return UNBOUNDED_FOLLOWING
    return v


def _order(c) -> ex.Expr:
    e = col_expr(c)
    return e if isinstance(e, ex.SortOrder) else ex.SortOrder(e, True, None)


class WindowSpec:
    """Partitioning, ordering and frame of a window (immutable; each method returns a new one)."""

    def __init__(self, partition: tuple = (), orders: tuple = (), frame=None):
        self._partition = partition
        self._orders = orders
        self._frame = frame

    def partitionBy(self, *cols) -> "WindowSpec":
        """The window with these partitioning columns."""
        return WindowSpec(tuple(col_expr(c) for c in _cols(cols)), self._orders, self._frame)

    def orderBy(self, *cols) -> "WindowSpec":
        """The window with this ordering (ascending, nulls first, unless a sort is given)."""
        return WindowSpec(self._partition, tuple(_order(c) for c in _cols(cols)), self._frame)

    def rowsBetween(self, start: int, end: int) -> "WindowSpec":
        """A frame of rows from ``start`` to ``end`` relative to the current row."""
        return WindowSpec(self._partition, self._orders,
                          WindowFrame("rows", _bound(start), _bound(end)))

    def rangeBetween(self, start: int, end: int) -> "WindowSpec":
        """A frame of the rows whose ordering value is within ``[v + start, v + end]``."""
        return WindowSpec(self._partition, self._orders,
                          WindowFrame("range", _bound(start), _bound(end)))

    def _apply(self, column: Column) -> Column:
        return Column(WindowExpr(column.expr, self._partition, self._orders, self._frame))

    def __repr__(self) -> str:
        return "<WindowSpec>"


class Window:
    """Builders of ``WindowSpec`` and the frame boundary constants."""

    unboundedPreceding = -sys.maxsize - 1
    unboundedFollowing = sys.maxsize
    currentRow = 0

    @staticmethod
    def partitionBy(*cols) -> WindowSpec:
        """A window partitioned by ``cols``."""
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols) -> WindowSpec:
        """A window ordered by ``cols`` (one partition)."""
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        """A window with a row frame."""
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        """A window with a range frame."""
        return WindowSpec().rangeBetween(start, end)

