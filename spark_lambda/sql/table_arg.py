"""``TableArg``: a DataFrame passed whole to a table function (``df.asTable()``).

Each of its rows reaches the UDTF's ``eval`` as a ``Row``. ``partitionBy(cols)`` gives each
group of rows with equal values a fresh instance of the UDTF (``terminate`` after each group),
``withSinglePartition()`` all rows to one instance, ``orderBy(cols)`` the order of the rows
within each partition.
"""

from __future__ import annotations


class TableArg:
    """A table argument of a table-valued function (what ``DataFrame.asTable()`` returns)."""

    def __init__(self, df, partition=(), order=(), single: bool = False):
        self._df, self._partition, self._order, self._single = df, tuple(partition), \
            tuple(order), single

    @staticmethod
    def _cols(cols) -> list:
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        return list(cols)

    def partitionBy(self, *cols) -> "TableArg":
        """Rows with equal values of ``cols`` go to the same UDTF instance, one per group."""
        if self._single or self._partition:
            raise self._conflict("partitionBy")
        from .column import col_expr
        return TableArg(self._df, [col_expr(c) for c in self._cols(cols)], self._order)

    def orderBy(self, *cols) -> "TableArg":
        """The order of the rows within each partition (needs ``partitionBy`` or
        ``withSinglePartition`` first)."""
        if not (self._single or self._partition):
            from .errors import IllegalArgumentException
            raise IllegalArgumentException(
                "Please call partitionBy() or withSinglePartition() before orderBy().")
        from .catalyst import expressions as ex
        from .column import col_expr
        orders = [e if isinstance(e, ex.SortOrder) else ex.SortOrder(e, True, None)
                  for e in (col_expr(c) for c in self._cols(cols))]
        return TableArg(self._df, self._partition, orders, self._single)

    def withSinglePartition(self) -> "TableArg":
        """All rows to one UDTF instance."""
        if self._single or self._partition:
            raise self._conflict("withSinglePartition")
        return TableArg(self._df, (), self._order, True)

    @staticmethod
    def _conflict(method: str):
        from .errors import IllegalArgumentException
        return IllegalArgumentException(
            f"Cannot call {method}() after partitionBy() or withSinglePartition() has been "
            "called.")

    def _spec(self):
        from .catalyst.udtf_plans import TableSpec
        return TableSpec(self._df._plan, self._partition, self._order, self._single)
