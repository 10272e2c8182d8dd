"""Missing values: ``df.na`` / ``fillna`` / ``dropna`` / ``replace`` as PySpark defines them.

``fill`` applies a number to numeric columns (cast to each column's type), a string to string
columns and a bool to boolean columns; a dict gives a value per column. ``drop`` keeps rows with
at least ``thresh`` non-null values (NaN counts as null, as Spark's ``AtLeastNNonNulls``).
``replace`` maps values to values in the columns whose type matches the values' type.
"""

from __future__ import annotations

from .column import Column
from .errors import PySparkTypeError, PySparkValueError


def _kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "num"
    if isinstance(v, str):
        return "str"
    if v is None:
        return "none"
    return None


def _col_kind(dtype):
    from .types import BooleanType, NumericType, StringType
    if isinstance(dtype, BooleanType):
        return "bool"
    if isinstance(dtype, NumericType):
        return "num"
    if isinstance(dtype, StringType):
        return "str"
    return None


def _subset(df, subset):
    if subset is None:
        return list(df._plan.output)
    if isinstance(subset, str):
        subset = [subset]
    if not isinstance(subset, (list, tuple)):
        raise PySparkTypeError(f"[NOT_LIST_OR_STR_OR_TUPLE] Argument `subset` should be a "
                               f"list, a str or a tuple, got {type(subset).__name__}.",
                               "NOT_LIST_OR_STR_OR_TUPLE")
    return [df._resolve_name(c) for c in subset]


def _rebuild(df, new: dict):
    """``df`` with the attributes whose id is in ``new`` replaced by the given Columns."""
    cols = [new[a.expr_id].alias(a.name) if a.expr_id in new else Column(a)
            for a in df._plan.output]
    return df.select(*cols)


def fillna(df, value, subset=None):
    """Nulls (and NaN in float columns) replaced by ``value``."""
    from . import functions as F
    from .types import DoubleType, FloatType
    if isinstance(value, dict):
        new = {}
        for name, v in value.items():
            a = df._resolve_name(name)
            new[a.expr_id] = _fill_one(F, a, v)
        return _rebuild(df, new)
    if _kind(value) not in ("bool", "num", "str"):
        raise PySparkTypeError(f"[NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR] Argument `value` "
                               f"should be a bool, dict, float, int or str, got "
                               f"{type(value).__name__}.",
                               "NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR")
    new = {}
    for a in _subset(df, subset):
        if _col_kind(a.dtype) == _kind(value):
            new[a.expr_id] = _fill_one(F, a, value, by_map=False)
    del DoubleType, FloatType
    return _rebuild(df, new)


def _fill_one(F, a, v, by_map: bool = True):
    """The column with its nulls (and NaN) filled. Spark's schema then says: never null, but
    for a number filled into an integral column without a map (``fillna(0)``), which it casts
    with a nullable cast (as recorded from PySpark)."""
    from .types import DoubleType, FloatType, StringType, BooleanType
    c, fill = Column(a), F.lit(v).cast(a.dtype)
    if isinstance(a.dtype, (DoubleType, FloatType)):   # NaN is filled too, as Spark does
        return F.coalesce(F.nanvl(c, fill), fill)
    if not by_map and not isinstance(a.dtype, (StringType, BooleanType)):
        return F.when(c.isNull(), fill).otherwise(c)
    return F.coalesce(c, fill)


def dropna(df, how: str = "any", thresh=None, subset=None):
    """Rows with enough non-null values: all (``how='any'``), one (``'all'``) or ``thresh``."""
    from . import functions as F
    from .types import DoubleType, FloatType
    if how not in ("any", "all"):
        raise PySparkValueError(f"how ('{how}') should be 'any' or 'all'",
                                "VALUE_NOT_ANY_OR_ALL")
    attrs = _subset(df, subset)
    if thresh is None:
        thresh = len(attrs) if how == "any" else 1
    total = F.lit(0)
    for a in attrs:
        ok = Column(a).isNotNull()
        if isinstance(a.dtype, (DoubleType, FloatType)):
            ok = ok & ~F.isnan(Column(a))
        total = total + F.when(ok, 1).otherwise(0)
    return df.filter(total >= thresh)


def replace(df, to_replace, value=None, subset=None):
    """Values replaced by others in the columns whose type matches."""
    from . import functions as F
    if isinstance(to_replace, dict):
        pairs = list(to_replace.items())
    else:
        if not isinstance(to_replace, (list, tuple)):
            to_replace = [to_replace]
        values = value if isinstance(value, (list, tuple)) else [value] * len(to_replace)
        if len(values) != len(to_replace):
            raise PySparkValueError("to_replace and value lists should be of the same length. "
                                    f"Got {len(to_replace)} and {len(values)}",
                                    "LENGTH_SHOULD_BE_THE_SAME")
        pairs = list(zip(to_replace, values))
    if not pairs:
        return df
    kinds = {_kind(k) for k, _ in pairs} - {"none"}
    kinds |= {_kind(v) for _, v in pairs} - {"none"}
    if len(kinds) > 1 or None in kinds:
        raise PySparkValueError("Mixed type replacements are not supported",
                                "MIXED_TYPE_REPLACEMENT")
    kind = kinds.pop() if kinds else None
    new = {}
    for a in _subset(df, subset):
        if kind is not None and _col_kind(a.dtype) != kind:
            continue
        c = Column(a)
        expr = None
        for k, v in pairs:
            cond = c.isNull() if k is None else c.eqNullSafe(F.lit(k).cast(a.dtype)) \
                if kind == "num" else c.eqNullSafe(F.lit(k))
            rep = F.lit(v).cast(a.dtype)
            expr = F.when(cond, rep) if expr is None else expr.when(cond, rep)
        new[a.expr_id] = expr.otherwise(c)
    return _rebuild(df, new)


class DataFrameNaFunctions:
    """``df.na``: ``fill``, ``drop`` and ``replace``."""

    __module__ = "spark_lambda.sql.dataframe"  # where users import it from, as in PySpark

    def __init__(self, df):
        self.df = df

    def fill(self, value, subset=None):
        """See ``DataFrame.fillna``."""
        return fillna(self.df, value, subset)

    def drop(self, how: str = "any", thresh=None, subset=None):
        """See ``DataFrame.dropna``."""
        return dropna(self.df, how, thresh, subset)

    def replace(self, to_replace, value=None, subset=None):
        """See ``DataFrame.replace``."""
        return replace(self.df, to_replace, value, subset)


class DataFrameNaMixin:
    """``na``, ``fillna``, ``dropna`` and ``replace`` of ``DataFrame``."""

    @property
    def na(self) -> DataFrameNaFunctions:
        """Functions for missing values."""
        return DataFrameNaFunctions(self)

    def fillna(self, value, subset=None):
        """Nulls replaced: a number in numeric columns, a string in string columns, a bool in
        boolean columns, or a dict of column name to value."""
        return fillna(self, value, subset)

    def dropna(self, how: str = "any", thresh=None, subset=None):
        """Rows without nulls (``how='any'``), not all null (``'all'``) or with at least
        ``thresh`` non-null values."""
        return dropna(self, how, thresh, subset)

    def replace(self, to_replace, value=None, subset=None):
        """Values replaced by others (a value, a list or a dict of them)."""
        return replace(self, to_replace, value, subset)
