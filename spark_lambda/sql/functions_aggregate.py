"""``pyspark.sql.functions`` aggregates: statistics, ``max_by``/``min_by``, percentiles,
distinct counts, boolean and ``any_value``."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call, v


def corr(col1, col2) -> Column:
    """Pearson correlation."""
    return call("corr", c(col1), c(col2))


def covar_samp(col1, col2) -> Column:
    """Sample covariance."""
    return call("covar_samp", c(col1), c(col2))


def covar_pop(col1, col2) -> Column:
    """Population covariance."""
    return call("covar_pop", c(col1), c(col2))


def skewness(col) -> Column:
    """Population skewness."""
    return call("skewness", c(col))


def kurtosis(col) -> Column:
    """Population excess kurtosis."""
    return call("kurtosis", c(col))


def max_by(col, ord) -> Column:  # noqa: A002
    """``col`` of the row with the largest ``ord``."""
    return call("max_by", c(col), c(ord))


def min_by(col, ord) -> Column:  # noqa: A002
    """``col`` of the row with the smallest ``ord``."""
    return call("min_by", c(col), c(ord))


def approx_count_distinct(col, rsd: float | None = None) -> Column:
    """The number of distinct values as Spark's HyperLogLog++ estimates it (exactly its
    numbers up to about 400 distinct values at the default ``rsd``; the exact count above)."""
    if rsd is None:
        return call("approx_count_distinct", c(col))
    return call("approx_count_distinct", c(col), v(rsd))


approxCountDistinct = approx_count_distinct


def percentile_approx(col, percentage, accuracy: int = 10000) -> Column:
    """The value at each percentage (a number or a list: an array of values)."""
    p = call("array", *[v(x) for x in percentage]).expr if isinstance(percentage, (list, tuple)) \
        else v(percentage)
    return call("percentile_approx", c(col), p, v(accuracy))


approx_percentile = percentile_approx


def bool_and(col) -> Column:
    """Whether every value is true."""
    return call("bool_and", c(col))


def bool_or(col) -> Column:
    """Whether some value is true."""
    return call("bool_or", c(col))


def every(col) -> Column:
    """Whether every value is true."""
    return call("every", c(col))


def some(col) -> Column:
    """Whether some value is true."""
    return call("some", c(col))


def any_value(col, ignoreNulls=None) -> Column:
    """Some value of the group."""
    return call("any_value", c(col))
