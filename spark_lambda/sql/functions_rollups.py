"""``pyspark.sql.functions`` that roll rows up: ``collect_union`` (the distinct elements of
the arrays of a group) and ``counter_diff`` (a cumulative counter's deltas over an ordered
window)."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call


def collect_union(col) -> Column:
    """Aggregate: the distinct non-NULL elements of the arrays in ``col`` across the group's
    rows, as one array (NULL arrays are skipped; the order is not defined)."""
    return call("collect_union", c(col))


def counter_diff(value, startTime=None) -> Column:
    """Window function (use with ``.over(w)``, ``w`` ordered by time): the difference between a
    cumulative counter's value and the previous row's; NULL on the first row and where the
    counter was reset (it decreased, or ``startTime`` changed)."""
    return call("counter_diff", c(value), *(() if startTime is None else (c(startTime),)))


__all__ = ["collect_union", "counter_diff"]
