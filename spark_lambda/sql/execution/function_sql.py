"""DuckDB text of each function and operator (``call_sql``) and aggregate (``aggregate_sql``),
and the partial/final split of the aggregates that have one (``split_aggregate``).

The names are the function registry's; every result is cast to the type the analyzer chose.
"""

from __future__ import annotations

import re

from ..catalyst import expressions as ex
from ..types import DecimalType, DoubleType, FloatType, IntegralType, LongType
from . import expr_sql as _expr_sql
from .decimal_sql import decimal_arith, decimal_divide, exact_divide
from .expr_sql import (ExprSql, _error, duck_type, from_local_time, literal,
                       local_time, quote)
from .function_sql_ext import AGGREGATES as _EXT_AGGREGATES, SCALARS as _EXT_SCALARS, Ctx
from .function_sql_ext import PARTIALS as _EXT_PARTIALS, WINDOWED as _EXT_WINDOWED

# a pattern that is a string literal with no backslash in it (perhaps cast to VARCHAR)
_PLAIN_PATTERN = re.compile(r"(?:CAST\()?('(?:[^'\\]|'')*')(?: AS VARCHAR\))?")

_INFIX = {"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "and": "AND",
          "or": "OR", "<=>": "IS NOT DISTINCT FROM"}
_SAME = {"upper", "lower", "trim", "ltrim", "rtrim", "reverse", "abs", "sqrt", "exp", "ln",
         "log10", "log2", "sin", "cos", "tan", "cbrt", "coalesce", "greatest", "least",
         "isnan", "lpad", "rpad", "replace", "initcap", "instr", "length", "concat_ws"}
_DIVIDE_BY_ZERO = ("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor "
                   "being 0 and return NULL instead.")
_REMAINDER_BY_ZERO = ("[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor "
                      "being 0 and return NULL instead.")
_JAVA_TO_STRFTIME = [("yyyy", "%Y"), ("yy", "%y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"),
                     ("mm", "%M"), ("ss", "%S"), ("SSS", "%g")]


# written below in the session time zone (``local_time``); the library's forms read UTC
_ZONED = {"hour", "minute", "second", "to_date"}

def strftime_pattern(java: str) -> str:
    """A Java date pattern (``yyyy-MM-dd``) as a strftime pattern."""
    out = java
    for a, b in _JAVA_TO_STRFTIME:
        out = out.replace(a, b)
    return out


def call_sql(w: ExprSql, e: ex.Call) -> str:
    """The SQL of a scalar call."""
    fn, args = e.fn, e.args
    a = [w.sql(x) for x in args]
    t = duck_type(e.dtype) if fn not in ("in",) else "BOOLEAN"
    if fn in _EXT_SCALARS and fn not in _ZONED:
        return _EXT_SCALARS[fn](_ctx(w, e, a, t))
    if fn in _INFIX:
        return f"({a[0]} {_INFIX[fn]} {a[1]})"
    if fn in ("+", "-", "*"):
        if isinstance(e.dtype, DecimalType):
            return decimal_arith(fn, a[0], a[1], args[0].dtype, args[1].dtype, e.dtype)
        return f"({a[0]} {fn} {a[1]})"
    if fn == "/":
        if isinstance(e.dtype, DecimalType):
            return (f"(CASE WHEN {a[1]} = 0 THEN {_error(_DIVIDE_BY_ZERO)} ELSE "
                    f"{decimal_divide(a[0], a[1], args[0].dtype, args[1].dtype, e.dtype)} END)")
        return (f"(CASE WHEN {a[1]} = 0 THEN {_error(_DIVIDE_BY_ZERO)} ELSE "
                f"(CAST({a[0]} AS DOUBLE) / CAST({a[1]} AS DOUBLE)) END)")
    if fn == "%":
        return (f"(CASE WHEN {a[1]} = 0 THEN {_error(_REMAINDER_BY_ZERO)} ELSE "
                f"CAST(({a[0]} % {a[1]}) AS {t}) END)")
    if fn == "div":
        return f"(CASE WHEN {a[1]} = 0 THEN {_error(_DIVIDE_BY_ZERO)} ELSE ({a[0]} // {a[1]}) END)"
    if fn == "negative":
        return f"(- {a[0]})"
    if fn == "not":
        return f"(NOT {a[0]})"
    if fn == "isnull":
        return f"({a[0]} IS NULL)"
    if fn == "isnotnull":
        return f"({a[0]} IS NOT NULL)"
    if fn == "in":
        return f"({a[0]} IN ({', '.join(a[1:])}))"
    if fn in ("like", "ilike"):   # the escape character given, else a backslash
        plain = len(a) == 2 and _PLAIN_PATTERN.fullmatch(a[1])
        if plain:   # no backslash to escape with: DuckDB's own LIKE, which scans can filter by
            return f"({a[0]} {fn.upper()} {plain.group(1)})"
        escape = a[2] if len(a) > 2 else "'\\'"
        return f"({a[0]} {fn.upper()} {a[1]} ESCAPE {escape})"
    if fn == "rlike":
        return f"regexp_matches({a[0]}, {a[1]})"
    if fn == "startswith":
        return f"starts_with({a[0]}, {a[1]})"
    if fn == "endswith":
        return f"ends_with({a[0]}, {a[1]})"
    if fn == "contains":
        return f"contains({a[0]}, {a[1]})"
    if fn == "concat":
        return "(" + " || ".join(a) + ")" if a else "''"
    if fn in ("substring", "substr"):
        pos = f"(CASE WHEN {a[1]} = 0 THEN 1 ELSE {a[1]} END)"
        if len(a) > 2:
            return f"substring({a[0]}, {pos}, greatest({a[2]}, 0))"
        return f"substring({a[0]}, {pos})"
    if fn == "regexp_replace":
        return f"regexp_replace({a[0]}, {a[1]}, {a[2]}, 'g')"
    if fn in ("year", "month", "dayofmonth", "quarter", "dayofyear", "weekofyear"):
        name = {"dayofmonth": "day"}.get(fn, fn)
        return f"CAST({name}({a[0]}) AS INTEGER)"
    if fn in ("hour", "minute", "second"):
        from ..types import TimestampType
        ts = local_time(a[0]) if isinstance(args[0].dtype, TimestampType) else a[0]
        return f"CAST({fn}({ts}) AS INTEGER)"
    if fn == "dayofweek":
        return f"CAST(dayofweek({a[0]}) + 1 AS INTEGER)"
    if fn == "to_date":
        from ..types import TimestampType
        if isinstance(args[0].dtype, TimestampType):
            return f"CAST({local_time(a[0])} AS DATE)"
        if len(a) > 1:
            return f"CAST(strptime({a[0]}, {quote(strftime_pattern(args[1].value))}) AS DATE)"
        return f"CAST({a[0]} AS DATE)"
    if fn in ("date_add", "date_sub"):
        op = "+" if fn == "date_add" else "-"
        return f"CAST(({a[0]} {op} {a[1]}) AS DATE)"
    if fn in ("date_plus_interval", "date_minus_interval"):
        op = "+" if fn == "date_plus_interval" else "-"
        return f"CAST(({a[0]} {op} {a[1]}) AS DATE)"
    if fn == "datediff":
        return f"CAST(({a[0]} - {a[1]}) AS INTEGER)"
    if fn == "add_months":
        return f"CAST(({a[0]} + to_months({a[1]})) AS DATE)"
    if fn == "current_date":
        return "current_date"
    if fn == "round":
        if isinstance(e.dtype, (FloatType, DoubleType)):
            return round_double(a[0], getattr(args[1], "value", None), t)
        return f"CAST(round({a[0]}, {a[1]}) AS {t})"
    if fn == "bround":
        return f"CAST(round_even({a[0]}, {a[1]}) AS {t})"
    if fn in ("ceil", "floor"):
        return f"CAST({fn}({a[0]}) AS {t})"
    if fn == "pow":
        return f"pow({a[0]}, {a[1]})"
    if fn == "log":
        return f"(ln({a[1]}) / ln({a[0]}))" if len(a) == 2 else f"ln({a[0]})"
    if fn == "sort_array":
        if args[1].value:
            return f"list_sort({a[0]}, 'ASC', 'NULLS FIRST')"
        return f"list_sort({a[0]}, 'DESC', 'NULLS LAST')"
    if fn == "size":
        return f"CAST(len({a[0]}) AS INTEGER)"
    if fn == "nanvl":
        return f"(CASE WHEN isnan({a[0]}) THEN {a[1]} ELSE {a[0]} END)"
    if fn == "if":
        return f"(CASE WHEN {a[0]} THEN {a[1]} ELSE {a[2]} END)"
    if fn in _SAME:
        return f"CAST({fn}({', '.join(a)}) AS {t})"
    raise NotImplementedError(f"no SQL for function {fn}")


def _ctx(w: ExprSql, e, a: list, t: str) -> Ctx:
    return Ctx(w, e, a, t, duck_type, quote, literal, local_time, from_local_time,
               _expr_sql.session_zone, _expr_sql.session_database)


def round_double(x: str, scale: int, t: str) -> str:
    """``round`` of a double, half up on its shortest decimal text (as Spark rounds the
    ``BigDecimal`` of ``Double.toString``: round(1.005, 2) is 1.01)."""
    if not isinstance(scale, int) or not 0 <= scale <= 18:
        return f"CAST(round({x}, {scale if scale is not None else 0}) AS {t})"
    exact = f"CAST(round(CAST(CAST({x} AS VARCHAR) AS DECIMAL(38,18)), {scale}) AS {t})"
    return (f"(CASE WHEN isnan({x}) OR isinf({x}) OR abs({x}) >= 1e19 THEN "
            f"CAST(round({x}, {scale}) AS {t}) ELSE {exact} END)")


def aggregate_sql(w: ExprSql, e: ex.AggCall, over: str = "") -> str:
    """The SQL of an aggregate computed in one step; with ``over`` (an ``OVER (...)`` clause),
    the same aggregate over a window (``window_exec.py``)."""
    fn = e.fn
    d = "DISTINCT " if e.distinct else ""
    a = [w.sql(x) for x in e.args]
    t = duck_type(e.dtype)
    o = f" {over}" if over else ""
    if fn in _EXT_AGGREGATES and not over:
        return _EXT_AGGREGATES[fn](_ctx(w, e, a, t))
    if fn in _EXT_WINDOWED and over:
        c = _ctx(w, e, a, t)
        c.over = o
        return _EXT_AGGREGATES[fn](c)
    if fn == "count":
        if len(a) > 1:
            cond = " AND ".join(f"{x} IS NOT NULL" for x in a)
            if e.distinct:
                return f"count(DISTINCT CASE WHEN {cond} THEN ({', '.join(a)}) END){o}"
            return f"count(CASE WHEN {cond} THEN 1 END){o}"
        return f"count({d}{a[0]}){o}"
    if fn == "sum":
        return f"CAST(sum({d}{a[0]}){o} AS {t})"
    if fn == "avg":
        src = e.args[0].dtype
        if isinstance(src, DecimalType):
            total = f"sum({d}{a[0]}){o}"   # DECIMAL(38, scale), exact
            return decimal_mean(total, f"count({d}{a[0]}){o}", src.scale, e.dtype)
        return f"avg({d}CAST({a[0]} AS DOUBLE)){o}"
    if fn in ("min", "max"):
        return f"{fn}({a[0]}){o}"
    if fn in ("first", "last", "first_ignore_nulls", "last_ignore_nulls"):
        ignore = fn.endswith("_ignore_nulls") or (
            len(a) > 1 and bool(getattr(e.args[1], "value", False)))
        name = fn.split("_")[0]
        if over:   # the frame's first or last row
            return f"{name}_value({a[0]}{' IGNORE NULLS' if ignore else ''}){o}"
        return f"{name}({a[0]})" + (f" FILTER (WHERE {a[0]} IS NOT NULL)" if ignore else "")
    if fn in ("collect_list", "collect_set"):
        d = "DISTINCT " if fn == "collect_set" else ""
        return f"coalesce(list({d}{a[0]}) FILTER (WHERE {a[0]} IS NOT NULL){o}, [])"
    if fn in ("stddev", "variance", "stddev_pop", "var_pop"):
        name = {"stddev": "stddev_samp", "variance": "var_samp"}.get(fn, fn)
        return f"{name}({d}{a[0]}){o}"
    if fn == "every":
        return f"bool_and({a[0]}){o}"
    if fn in ("bool_or", "count_if"):
        return f"{fn}({a[0]}){o}"
    raise NotImplementedError(f"no SQL for aggregate {fn}" + (" over a window" if over else ""))


def decimal_mean(total: str, count: str, scale: int, out: DecimalType) -> str:
    """``total / count`` as ``out``, rounded half up (NULL for no rows)."""
    return (f"(CASE WHEN {count} = 0 THEN NULL ELSE "
            f"{exact_divide(total, count, DecimalType(38, scale), DecimalType(19, 0), out)} END)")


def has_partial_form(e: ex.AggCall) -> bool:
    """Whether ``e`` is computed in two steps: partial states per task, merged after the
    shuffle (``split_aggregate``)."""
    if not e.distinct and e.fn in _EXT_PARTIALS:
        return True
    return not e.distinct and e.fn in ("sum", "count", "min", "max", "avg") and \
        not (e.fn == "count" and len(e.args) > 1)


def split_aggregate(w: ExprSql, e: ex.AggCall, name: str):
    """``(partial columns, final text)`` for an aggregate computed in two steps, or None.

    ``partial`` is a list of ``(sql, column)``: what each map task computes per group; the final
    text reads those columns (summed, or min/max of them) after the shuffle.
    """
    if not has_partial_form(e):
        return None
    if e.fn in _EXT_PARTIALS:
        part, final = _EXT_PARTIALS[e.fn](
            _ctx(w, e, [w.sql(x) for x in e.args], duck_type(e.dtype)))
        return [(part, f'"{name}_p"')], final(f'"{name}_p"')
    a = w.sql(e.args[0])
    src = e.args[0].dtype
    p = f'"{name}_p"'
    if e.fn == "count":
        return [(f"count({a})", p)], f"CAST(coalesce(sum({p}), 0) AS BIGINT)"
    if e.fn in ("min", "max"):
        return [(f"{e.fn}({a})", p)], f"{e.fn}({p})"
    t = duck_type(e.dtype)
    if e.fn == "sum":
        part = _partial_sum(a, src)
        return [(part, p)], f"CAST(sum({p}) AS {t})"
    c = f'"{name}_c"'
    part = _partial_sum(a, src)
    if isinstance(src, DecimalType):
        final = decimal_mean(f"sum({p})", f"sum({c})", src.scale, e.dtype)
    else:
        final = f"(sum({p}) / CAST(sum({c}) AS DOUBLE))"
    return [(part, p), (f"count({a})", c)], final


def _partial_sum(a: str, src) -> str:
    if isinstance(src, DecimalType):
        return f"CAST(sum({a}) AS DECIMAL(38,{src.scale}))"
    if isinstance(src, IntegralType):
        return f"CAST(sum({a}) AS BIGINT)"
    if isinstance(src, (FloatType, DoubleType)):
        return f"sum(CAST({a} AS DOUBLE))"
    return f"sum({a})"


__all__ = ["call_sql", "aggregate_sql", "split_aggregate", "has_partial_form", "decimal_mean", "LongType"]
