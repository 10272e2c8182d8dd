"""Statistics of a DataFrame: ``df.stat`` (``corr``, ``cov``, ``crosstab``, ``freqItems``,
``approxQuantile``, ``sampleBy``), ``describe`` and ``summary``.

``corr`` and ``cov`` run two aggregations (the means, then the centred sums) over the rows
where both columns are non-null. ``approxQuantile`` and the percentiles of ``summary`` are
exact: the value at rank ``ceil(p * n)`` of the sorted non-null values (collected to the
driver, one column at a time). ``freqItems`` is exact too: the values whose count exceeds
``support * n`` (Spark's one-pass sketch may also return false positives).
Summary statistics are strings, formatted by the engine's casts as Spark formats them.
"""

from __future__ import annotations

import math

from .column import Column
from .errors import PySparkTypeError, PySparkValueError
from .java_text import java_double


def _num(df, name):
    from .types import NumericType
    a = df._resolve_name(name)
    if not isinstance(a.dtype, NumericType):
        from .errors import AnalysisException
        raise AnalysisException(f"Currently {name} is not supported; only numerical columns "
                                "are supported.", "UNSUPPORTED_DATA_TYPE")
    return Column(a).cast("double")


def _centred(df, col1, col2):
    from . import functions as F
    x, y = _num(df, col1), _num(df, col2)
    pairs = df.select(x.alias("x"), y.alias("y")).dropna()
    n, mx, my = pairs.agg(F.count("*"), F.avg("x"), F.avg("y")).collect()[0]
    if not n:
        return 0, None, None, None
    dx, dy = F.col("x") - F.lit(mx), F.col("y") - F.lit(my)
    sxy, sxx, syy = pairs.agg(F.sum(dx * dy), F.sum(dx * dx), F.sum(dy * dy)).collect()[0]
    return n, sxy, sxx, syy


def corr(df, col1: str, col2: str, method: str = "pearson"):
    """Pearson correlation of two numeric columns."""
    if method != "pearson":
        raise PySparkValueError(f"Currently only the calculation of the Pearson Correlation "
                                f"coefficient is supported.", "UNSUPPORTED_CORR_METHOD")
    n, sxy, sxx, syy = _centred(df, col1, col2)
    if not n or not sxx or not syy:
        return float("nan") if n else None
    return sxy / math.sqrt(sxx * syy)


def cov(df, col1: str, col2: str):
    """Sample covariance of two numeric columns."""
    n, sxy, _, _ = _centred(df, col1, col2)
    if n is None or n < 2:
        return float("nan") if n == 1 else None
    return sxy / (n - 1)


def crosstab(df, col1: str, col2: str):
    """A contingency table: a row per value of ``col1``, a column per value of ``col2``."""
    from . import functions as F
    s = df.select(df[col1].cast("string").alias(col1), df[col2].cast("string").alias(col2))
    t = s.groupBy(col1).pivot(col2).agg(F.count(F.lit(1)))
    first = t.columns[0]
    name = f"{col1}_{col2}"
    t = t.withColumnRenamed(first, name)
    t = t.withColumn(name, F.when(t[name].isNull(), F.lit("null")).otherwise(t[name]))
    counts = [c for c in t.columns[1:]]
    if "null" in counts:  # Spark lists the null column last
        counts = [c for c in counts if c != "null"] + ["null"]
        t = t.select(t.columns[0], *counts)
    return t.fillna({c: 0 for c in counts}) if counts else t   # counts are never null


def freq_items(df, cols, support=None):
    """One row: for each column, the values appearing in more than ``support`` of the rows."""
    from .types import ArrayType, StructField, StructType
    if isinstance(cols, tuple):
        cols = list(cols)
    if not isinstance(cols, list):
        raise PySparkTypeError("[NOT_LIST_OR_TUPLE] Argument `cols` should be a list or "
                               f"tuple, got {type(cols).__name__}.", "NOT_LIST_OR_TUPLE")
    support = 0.01 if support is None else support
    if support < 1e-4:
        raise PySparkValueError(f"Support ({support}) must be greater than 1e-4.")
    n = df.count()
    out, fields = [], []
    for c in cols:
        a = df._resolve_name(c)
        from . import functions as F
        g = df.groupBy(Column(a).alias("v")).agg(F.count("*").alias("n"))
        vals = [r[0] for r in g.filter(F.col("n") > support * n).collect()]
        out.append(vals)
        fields.append(StructField(f"{c}_freqItems", ArrayType(a.dtype, True), False))
    return df.sparkSession.createDataFrame([tuple(out)], StructType(fields))


def _sorted_values(df, name):
    d = df.select(df[name].alias("v")).dropna()
    return [r[0] for r in d.orderBy("v").collect()]


def _at_rank(values, p):
    if not values:
        return None
    return values[max(int(math.ceil(p * len(values))) - 1, 0)]


def approx_quantile(df, col, probabilities, relativeError):
    """Quantiles of numeric columns (exact; see the module docstring)."""
    if isinstance(probabilities, tuple):
        probabilities = list(probabilities)
    if not isinstance(probabilities, list) or not all(
            isinstance(p, (int, float)) and 0 <= p <= 1 for p in probabilities):
        raise PySparkValueError("[NOT_LIST_OF_FLOAT_OR_INT] probabilities should be numerical "
                                "(float, int) in [0,1].", "NOT_LIST_OF_FLOAT_OR_INT")
    if relativeError < 0:
        raise PySparkValueError("relativeError should be numerical (float, int) >= 0.")
    single = isinstance(col, str)
    out = []
    for c in ([col] if single else list(col)):
        vals = [float(v) for v in _sorted_values(df.select(_num(df, c).alias(c)), c)]
        out.append([_at_rank(vals, p) for p in probabilities] if vals else [])
    return out[0] if single else out


def sample_by(df, col, fractions: dict, seed=None):
    """A stratified sample: rows of stratum ``k`` kept with probability ``fractions[k]``."""
    import random
    from .arrow_map import map_arrow
    from .sampling import StratifiedSampler
    if not isinstance(fractions, dict):
        raise PySparkTypeError(f"[NOT_DICT] Argument `fractions` should be a dict, got "
                               f"{type(fractions).__name__}.", "NOT_DICT")
    name = col if isinstance(col, str) else df.select(col).columns[0]
    base = df if isinstance(col, str) else df.withColumn(name, col)
    idx = [a.name.lower() for a in base._plan.output].index(name.lower())
    seed = random.randrange(1 << 31) if seed is None else int(seed)
    out = map_arrow(base, StratifiedSampler(idx, dict(fractions), seed))
    return out if isinstance(col, str) else out.select(*df.columns)


# --- describe / summary ----------------------------------------------------------------------
_BASIC = ("count", "mean", "stddev", "min", "max")


def _stats_frame(df, cols, stats):
    from . import functions as F
    from .types import NumericType, StringType, StructField, StructType
    attrs = [df._resolve_name(c) for c in cols] if cols else [
        a for a in df._plan.output if isinstance(a.dtype, (NumericType, StringType))]
    aggs = []
    for a in attrs:
        c, numeric = Column(a), isinstance(a.dtype, NumericType)
        for s in stats:
            if s == "count":
                e = F.count(c)
            elif s == "mean":
                e = F.avg(c) if numeric else F.lit(None)
            elif s == "stddev":
                e = F.stddev(c) if numeric else F.lit(None)
            elif s == "min":
                e = F.min(c)
            elif s == "max":
                e = F.max(c)
            elif s == "count_distinct":
                e = F.countDistinct(c)
            else:
                e = F.lit(None)
            aggs.append(e.cast("string"))
    row = df.agg(*aggs).collect()[0] if aggs else ()
    rows = [[s] for s in stats]
    pct = {s: float(s[:-1]) / 100 for s in stats if s.endswith("%")}
    for j, a in enumerate(attrs):
        values = None
        if pct and isinstance(a.dtype, NumericType):
            values = _sorted_values(df.select(Column(a).alias("c")), "c")
        for i, s in enumerate(stats):
            v = row[j * len(stats) + i]
            if s in pct:
                v = _format(_at_rank(values, pct[s]), a.dtype) if values else None
            rows[i].append(v)
    schema = StructType([StructField("summary", StringType(), True)] +
                        [StructField(a.name, StringType(), True) for a in attrs])
    return df.sparkSession.createDataFrame([tuple(r) for r in rows], schema)


def _format(v, dtype):
    """A value as Spark's cast to string writes it (Java's ``Double.toString`` for doubles)."""
    from .types import DoubleType, FloatType
    if v is None:
        return None
    if isinstance(dtype, (DoubleType, FloatType)):
        return java_double(float(v))
    return str(v)




def describe(df, cols):
    """count, mean, stddev, min and max of numeric and string columns, as strings."""
    if len(cols) == 1 and isinstance(cols[0], list):
        cols = cols[0]
    return _stats_frame(df, list(cols), _BASIC)


def summary(df, statistics):
    """The given statistics (default: count, mean, stddev, min, 25%, 50%, 75%, max)."""
    stats = list(statistics) or ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]
    return _stats_frame(df, [], stats)


class DataFrameStatFunctions:
    """``df.stat``."""

    __module__ = "spark_lambda.sql.dataframe"  # where users import it from, as in PySpark

    def __init__(self, df):
        self.df = df

    def corr(self, col1: str, col2: str, method: str = "pearson"):
        """Pearson correlation of two numeric columns."""
        return corr(self.df, col1, col2, method)

    def cov(self, col1: str, col2: str):
        """Sample covariance of two numeric columns."""
        return cov(self.df, col1, col2)

    def crosstab(self, col1: str, col2: str):
        """A contingency table of two columns."""
        return crosstab(self.df, col1, col2)

    def freqItems(self, cols, support=None):
        """Frequent values of columns."""
        return freq_items(self.df, cols, support)

    def approxQuantile(self, col, probabilities, relativeError):
        """Quantiles of numeric columns."""
        return approx_quantile(self.df, col, probabilities, relativeError)

    def sampleBy(self, col, fractions, seed=None):
        """A stratified sample."""
        return sample_by(self.df, col, fractions, seed)


class DataFrameStatMixin:
    """``stat``, ``describe``, ``summary`` and the stat shortcuts of ``DataFrame``."""

    @property
    def stat(self) -> DataFrameStatFunctions:
        """Statistic functions."""
        return DataFrameStatFunctions(self)

    def corr(self, col1: str, col2: str, method: str | None = None):
        """Pearson correlation of two numeric columns."""
        return corr(self, col1, col2, method or "pearson")

    def cov(self, col1: str, col2: str):
        """Sample covariance of two numeric columns."""
        return cov(self, col1, col2)

    def crosstab(self, col1: str, col2: str):
        """A contingency table of two columns."""
        return crosstab(self, col1, col2)

    def freqItems(self, cols, support=None):
        """Frequent values of columns."""
        return freq_items(self, cols, support)

    def approxQuantile(self, col, probabilities, relativeError):
        """Quantiles of numeric columns."""
        return approx_quantile(self, col, probabilities, relativeError)

    def sampleBy(self, col, fractions, seed=None):
        """A stratified sample."""
        return sample_by(self, col, fractions, seed)

    def describe(self, *cols):
        """count, mean, stddev, min and max (numeric and string columns) as strings."""
        return describe(self, cols)

    def summary(self, *statistics):
        """Summary statistics as strings (percentiles like ``"25%"`` too)."""
        return summary(self, statistics)
