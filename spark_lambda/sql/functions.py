"""``pyspark.sql.functions``: the functions DataFrame programs use, as Column builders."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column, col_expr, name_expr, to_expr
from .functions_common import cv


def _call(name: str, *cols, distinct: bool = False) -> Column:
    return Column(ex.UnresolvedFunc(name, tuple(col_expr(c) for c in cols), distinct))


def col(name: str) -> Column:
    """The column called ``name``."""
    return Column(name_expr(name))


column = col


def lit(value) -> Column:
    """A literal value (a Column stays itself; a list is an array of literals)."""
    if isinstance(value, (list, tuple)):
        return _call("array", *[lit(x) for x in value])
    return value if isinstance(value, Column) else Column(ex.Lit(value))


def expr(text: str) -> Column:
    """A SQL expression string as a Column."""
    from .parser.sql_parser import parse_expression
    return Column(parse_expression(text))


def broadcast(df):
    """``df`` marked to be broadcast in joins."""
    from .catalyst import plans as lp
    return df._with_plan(lp.BroadcastHint(df._plan))


def when(condition: Column, value) -> Column:
    """``CASE WHEN condition THEN value`` (continue with ``.when`` / ``.otherwise``)."""
    return Column(ex.CaseWhen(((to_expr(condition), to_expr(value)),)))


def coalesce(*cols) -> Column:
    """The first non-NULL argument."""
    return _call("coalesce", *cols)


def substring(str, pos: int, len: int) -> Column:  # noqa: A002 (PySpark's names)
    """``len`` characters from 1-based position ``pos``."""
    return Column(ex.UnresolvedFunc("substring", (col_expr(str), cv(pos), cv(len))))


def substr(str, pos, len=None) -> Column:  # noqa: A002 (PySpark's names)
    """``len`` characters (or the rest) from 1-based position ``pos``."""
    args = (col_expr(str), col_expr(pos)) + (() if len is None else (col_expr(len),))
    return Column(ex.UnresolvedFunc("substr", args))


def concat(*cols) -> Column:
    """The strings joined (NULL if any is NULL)."""
    return _call("concat", *cols)


def concat_ws(sep: str, *cols) -> Column:
    """The strings joined by ``sep``, skipping NULLs."""
    return Column(ex.UnresolvedFunc("concat_ws", (ex.Lit(sep),) + tuple(col_expr(c) for c in cols)))


def to_date(col, format: str | None = None) -> Column:  # noqa: A002
    """A string parsed as a date (with a Java pattern such as ``yyyy-MM-dd``)."""
    args = (col_expr(col),) + ((ex.Lit(format),) if format else ())
    return Column(ex.UnresolvedFunc("to_date", args))


def date_add(start, days) -> Column:
    """The date ``days`` days after ``start``."""
    return Column(ex.UnresolvedFunc("date_add", (col_expr(start), cv(days))))


def date_sub(start, days) -> Column:
    """The date ``days`` days before ``start``."""
    return Column(ex.UnresolvedFunc("date_sub", (col_expr(start), cv(days))))


def datediff(end, start) -> Column:
    """Days from ``start`` to ``end``."""
    return _call("datediff", end, start)


def round(col, scale: int = 0) -> Column:  # noqa: A001
    """Rounded half up to ``scale`` decimal places."""
    return Column(ex.UnresolvedFunc("round", (col_expr(col), to_expr(scale))))


def bround(col, scale: int = 0) -> Column:
    """Rounded half to even to ``scale`` decimal places."""
    return Column(ex.UnresolvedFunc("bround", (col_expr(col), to_expr(scale))))


def count(col) -> Column:
    """The number of non-NULL values (``count("*")``: rows)."""
    e = ex.Lit(1) if isinstance(col, str) and col == "*" else col_expr(col)
    return Column(ex.UnresolvedFunc("count", (e,)))


def countDistinct(col, *cols) -> Column:
    """The number of distinct non-NULL values."""
    return _call("count", col, *cols, distinct=True)


count_distinct = countDistinct


def sum_distinct(col) -> Column:
    """The sum of the distinct values."""
    return _call("sum", col, distinct=True)


sumDistinct = sum_distinct


def first(col, ignorenulls: bool = False) -> Column:
    """A value of the group (the first one read; the first non-NULL with ``ignorenulls``)."""
    extra = (ex.Lit(True),) if ignorenulls else ()
    return Column(ex.UnresolvedFunc("first", (col_expr(col),) + extra))


def _unary(name: str):
    def f(col) -> Column:
        return _call(name, col)
    f.__name__ = name
    f.__doc__ = f"``{name}`` of the column."
    return f


for _name in ["upper", "lower", "length", "reverse", "initcap", "ucase", "lcase",
              "char_length", "character_length", "std", "median", "product",
              "array_agg", "day", "dayname", "monthname", "weekday", "bit_count",
              "bitwise_not", "unbase64",
              "year", "month", "dayofmonth", "dayofweek", "dayofyear", "quarter", "weekofyear",
              "abs", "sqrt", "exp", "log10", "log2", "isnan", "isnull",
              "sum", "avg", "mean", "min", "max", "collect_list", "collect_set",
              "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
              "any_value", "count_if", "cbrt", "size", "hour", "minute", "second"]:
    globals()[_name] = _unary(_name)


def _trim(name: str):
    def f(col, trim=None) -> Column:
        return _call(name, col) if trim is None else Column(
            ex.UnresolvedFunc(name, (col_expr(col), cv(trim))))
    f.__name__ = name
    f.__doc__ = f"``{name}`` of the string (spaces, or the characters of ``trim``)."
    return f


trim, ltrim, rtrim = _trim("trim"), _trim("ltrim"), _trim("rtrim")


def ceil(col, scale=None) -> Column:
    """The smallest integer not below the value (``scale`` decimal places when given)."""
    return _call("ceil", col) if scale is None else Column(
        ex.UnresolvedFunc("ceil", (col_expr(col), to_expr(scale))))


def floor(col, scale=None) -> Column:
    """The largest integer not above the value (``scale`` decimal places when given)."""
    return _call("floor", col) if scale is None else Column(
        ex.UnresolvedFunc("floor", (col_expr(col), to_expr(scale))))


def ceiling(col, scale=None) -> Column:
    """``ceil`` under the name SQL also knows."""
    args = (col_expr(col),) + (() if scale is None else (to_expr(scale),))
    return Column(ex.UnresolvedFunc("ceiling", args))


def sort_array(col, asc: bool = True) -> Column:
    """The array sorted (NULLs first ascending, last descending)."""
    return Column(ex.UnresolvedFunc("sort_array", (col_expr(col), ex.Lit(bool(asc)))))


def last(col, ignorenulls: bool = False) -> Column:
    """A value of the group (the last one read; the last non-NULL with ``ignorenulls``)."""
    extra = (ex.Lit(True),) if ignorenulls else ()
    return Column(ex.UnresolvedFunc("last", (col_expr(col),) + extra))


def first_value(col, ignoreNulls=None) -> Column:
    """``first`` as SQL names it."""
    extra = (to_expr(ignoreNulls),) if ignoreNulls is not None else ()
    return Column(ex.UnresolvedFunc("first_value", (col_expr(col),) + extra))


def last_value(col, ignoreNulls=None) -> Column:
    """``last`` as SQL names it."""
    extra = (to_expr(ignoreNulls),) if ignoreNulls is not None else ()
    return Column(ex.UnresolvedFunc("last_value", (col_expr(col),) + extra))


def greatest(*cols) -> Column:
    """The largest value, NULLs skipped."""
    return _call("greatest", *cols)


def least(*cols) -> Column:
    """The smallest value, NULLs skipped."""
    return _call("least", *cols)


def pow(col1, col2) -> Column:  # noqa: A001
    """``col1`` to the power ``col2``."""
    return Column(ex.UnresolvedFunc("pow", (to_expr(col1) if not isinstance(col1, str)
                                            else col_expr(col1), to_expr(col2))))


def log(arg1, arg2=None) -> Column:
    """Natural log of ``arg1``, or log of ``arg2`` in base ``arg1``."""
    if arg2 is None:
        return _call("ln", arg1)
    return Column(ex.UnresolvedFunc("log", (ex.Lit(float(arg1)), col_expr(arg2))))


def regexp_replace(string, pattern: str, replacement: str) -> Column:
    """Every match of ``pattern`` replaced."""
    return Column(ex.UnresolvedFunc("regexp_replace", (col_expr(string), ex.Lit(pattern),
                                                       ex.Lit(replacement))))


def asc(col) -> Column:
    """Ascending order."""
    return Column(col_expr(col)).asc()


def desc(col) -> Column:
    """Descending order."""
    return Column(col_expr(col)).desc()


def current_catalog() -> Column:
    """The current catalog's name."""
    return Column(ex.UnresolvedFunc("current_catalog", ()))


def current_database() -> Column:
    """The current database's name."""
    return Column(ex.UnresolvedFunc("current_database", ()))


def current_schema() -> Column:
    """The current database's name."""
    return Column(ex.UnresolvedFunc("current_schema", ()))


def asc_nulls_first(col) -> Column:
    """Ascending order, NULLs first."""
    return Column(col_expr(col)).asc_nulls_first()


def asc_nulls_last(col) -> Column:
    """Ascending order, NULLs last."""
    return Column(col_expr(col)).asc_nulls_last()


def desc_nulls_first(col) -> Column:
    """Descending order, NULLs first."""
    return Column(col_expr(col)).desc_nulls_first()


def desc_nulls_last(col) -> Column:
    """Descending order, NULLs last."""
    return Column(col_expr(col)).desc_nulls_last()


def current_date() -> Column:
    """Today's date."""
    return Column(ex.UnresolvedFunc("current_date", ()))


def add_months(start, months) -> Column:
    """The date ``months`` months after ``start``."""
    return Column(ex.UnresolvedFunc("add_months", (col_expr(start), cv(months))))


from .window_functions import (cume_dist, dense_rank, lag, lead, ntile, nth_value,  # noqa: E402,F401
                               percent_rank, rank, row_number)
from .udf import ArrowUDFType, PandasUDFType, pandas_udf, udf  # noqa: E402,F401
from .functions_udtf import *  # noqa: E402,F401,F403
# the families beyond the core, each in its own module
from .functions_aggregate import *  # noqa: E402,F401,F403
from .functions_arrays import *  # noqa: E402,F401,F403
from .functions_collections import *  # noqa: E402,F401,F403
from .functions_datetime import *  # noqa: E402,F401,F403
from .functions_higher_order import *  # noqa: E402,F401,F403
from .functions_math import *  # noqa: E402,F401,F403
from .functions_strings import *  # noqa: E402,F401,F403
from .functions_sketches import *  # noqa: E402,F401,F403
from .functions_time import *  # noqa: E402,F401,F403
from .functions_intervals import *  # noqa: E402,F401,F403
from .functions_variant import *  # noqa: E402,F401,F403
from .functions_time_windows import *  # noqa: E402,F401,F403
from .functions_misc import *  # noqa: E402,F401,F403
from .functions_vector import *  # noqa: E402,F401,F403
from .functions_geo import *  # noqa: E402,F401,F403
from .functions_rollups import *  # noqa: E402,F401,F403
