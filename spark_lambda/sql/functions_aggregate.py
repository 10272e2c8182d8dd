"""``pyspark.sql.functions`` aggregates: statistics, ``max_by``/``min_by``, percentiles,
distinct counts, boolean and ``any_value``."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call, define_all, v


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


def max_by(col, ord, k=None) -> Column:  # noqa: A002
    """``col`` of the row with the largest ``ord`` (of the ``k`` rows, as an array)."""
    return call("max_by", c(col), c(ord), *(() if k is None else (v(k),)))


def min_by(col, ord, k=None) -> Column:  # noqa: A002
    """``col`` of the row with the smallest ``ord`` (of the ``k`` rows, as an array)."""
    return call("min_by", c(col), c(ord), *(() if k is None else (v(k),)))


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
    """The first value of the group read (NULL included, unless ``ignoreNulls``)."""
    return call("any_value", c(col), *(() if ignoreNulls is None else (v(ignoreNulls),)))


define_all(globals(), [
    ("regr_avgx", "@y, @x", "The mean of ``x`` over the rows where both are not NULL."),
    ("regr_avgy", "@y, @x", "The mean of ``y`` over the rows where both are not NULL."),
    ("regr_count", "@y, @x", "The number of rows where both are not NULL."),
    ("regr_intercept", "@y, @x", "The intercept of the least-squares line of ``y`` on ``x``."),
    ("regr_r2", "@y, @x", "The coefficient of determination of the least-squares line."),
    ("regr_slope", "@y, @x", "The slope of the least-squares line of ``y`` on ``x``."),
    ("regr_sxx", "@y, @x", "Σ(x - mean x)² over the rows where both are not NULL."),
    ("regr_sxy", "@y, @x", "Σ(x - mean x)(y - mean y) over the rows where both are not NULL."),
    ("regr_syy", "@y, @x", "Σ(y - mean y)² over the rows where both are not NULL."),
    ("percentile", "col, percentage, frequency=None",
     "The exact percentile (linear interpolation; an array of them for an array)."),
    ("mode", "col, deterministic=None",
     "The most frequent value (NULLs skipped)."),
    ("bit_and", "col", "The bitwise AND of the values."),
    ("bit_or", "col", "The bitwise OR of the values."),
    ("bit_xor", "col", "The bitwise XOR of the values."),
])


def _listagg(name: str, col, delimiter, distinct: bool) -> Column:
    from .catalyst import expressions as ex
    return Column(ex.UnresolvedFunc(name, (c(col), v(delimiter)), distinct))


def listagg(col, delimiter=None) -> Column:
    """The non-NULL strings joined by ``delimiter`` (none by default), in ascending order (as
    Spark gives them); NULL when there are none."""
    return _listagg("listagg", col, delimiter, False)


def listagg_distinct(col, delimiter=None) -> Column:
    """``listagg`` of the distinct strings."""
    return _listagg("listagg", col, delimiter, True)


def string_agg(col, delimiter=None) -> Column:
    """``listagg`` under its other name."""
    return _listagg("string_agg", col, delimiter, False)


def string_agg_distinct(col, delimiter=None) -> Column:
    """``listagg_distinct`` under its other name."""
    return _listagg("string_agg", col, delimiter, True)
