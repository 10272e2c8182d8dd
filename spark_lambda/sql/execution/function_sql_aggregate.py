"""DuckDB text of the statistical and other aggregates with Spark's results: population
``skewness``/``kurtosis`` (NULL when the variance is 0), ``max_by``/``min_by`` keeping a NULL
value, ``percentile_approx`` as the value at rank ceil(p·n) (exact: what Spark's sketch gives
when it holds every value), ``approx_count_distinct`` counted exactly."""

from __future__ import annotations

import re

from .function_sql_hooks import Ctx, aggregate


@aggregate("corr", "covar_samp", "covar_pop", "regr_slope", "regr_intercept", "regr_r2",
           "regr_avgx", "regr_avgy", "regr_sxx", "regr_sxy", "regr_syy", "regr_count")
def _pairs(c: Ctx) -> str:
    y, x = c.a
    d = "DISTINCT " if c.e.distinct else ""
    both = f"FILTER (WHERE {y} IS NOT NULL AND {x} IS NOT NULL)"
    if c.e.fn == "corr":
        n = f"count({y}) {both}"
        return (f"(CASE WHEN {n} < 2 THEN NULL ELSE corr({d}{y}, {x}) {both} END)")
    return f"{c.e.fn}({d}{y}, {x}) {both}"


@aggregate("skewness", "kurtosis")
def _moments(c: Ctx) -> str:
    x = c.a[0]
    n = f"CAST(count({x}) AS DOUBLE)"
    mean = f"avg({x})"
    m2 = f"(avg({x} * {x}) - {mean} * {mean})"
    pop_var = f"var_pop({x})"
    if c.e.fn == "skewness":
        sample = f"skewness({x})"   # DuckDB's is the bias-corrected G1
        value = f"({sample} * ({n} - 2) / sqrt({n} * ({n} - 1)))"
        return (f"(CASE WHEN count({x}) = 0 THEN NULL WHEN {pop_var} = 0 THEN NULL "
                f"WHEN count({x}) < 3 THEN 0.0 ELSE {value} END)")
    del m2
    return (f"(CASE WHEN count({x}) = 0 THEN NULL WHEN {pop_var} = 0 THEN NULL "
            f"ELSE kurtosis_pop({x}) END)")


@aggregate("max_by", "min_by")
def _by(c: Ctx) -> str:
    v, k = c.a[:2]
    if len(c.a) > 2:     # the values of the top (bottom) n rows, in that order
        fn = "arg_max" if c.e.fn == "max_by" else "arg_min"
        return f"coalesce({fn}({v}, {k}, {c.a[2]}) FILTER (WHERE {k} IS NOT NULL), [])"
    fn = "arg_max_null" if c.e.fn == "max_by" else "arg_min_null"
    return f"{fn}({v}, {k}) FILTER (WHERE {k} IS NOT NULL)"


@aggregate("approx_count_distinct")
def _approx_count_distinct(c: Ctx) -> str:
    """Spark's HyperLogLog++ while it counts linearly (about 400 distinct values at the
    default relative error): registers indexed by the top p bits of the value's xxhash64,
    the estimate m·ln(m/empty registers). Beyond that range, the exact count."""
    import math
    from .function_sql_math import hash_sql
    rsd = c.value(1) if len(c.a) > 1 else 0.05
    p = max(4, math.ceil(2.0 * math.log(1.106 / rsd) / math.log(2.0)))
    m = 1 << p
    threshold = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000,
                 120000, 350000][min(p - 4, 14)]
    h = hash_sql(c, "spark_xxhash64", c.e.args[:1], c.a[:1])
    used = f"count(DISTINCT CASE WHEN {c.a[0]} IS NOT NULL THEN (({h}) >> {64 - p}) & {m - 1} END)"
    linear = f"({m} * ln({m} / ({m} - {used})))"
    return (f"(CASE WHEN {used} < {m} AND {linear} <= {threshold} THEN "
            f"CAST(round({linear}) AS BIGINT) ELSE count(DISTINCT {c.a[0]}) END)")


@aggregate("bool_and", "bool_or")
def _bool(c: Ctx) -> str:
    return f"{c.e.fn}({c.a[0]})"


@aggregate("any_value")
def _any_value(c: Ctx) -> str:
    """Spark's ``first``: the first value read, NULL included unless told to skip NULLs."""
    if len(c.a) > 1 and c.value(1):
        return f"any_value({c.a[0]})"
    return f"first({c.a[0]})"


@aggregate("percentile_approx")
def _percentile_approx(c: Ctx) -> str:
    x = c.a[0]
    values = f"list_sort(list({x}) FILTER (WHERE {x} IS NOT NULL))"
    n = f"count({x})"
    p = c.e.args[1]
    from ..catalyst import expressions as ex
    ps = [a.value if isinstance(a, ex.Lit) else a.child.value for a in p.args] \
        if isinstance(p, ex.Call) and p.fn == "array" else [c.value(1)]
    picks = [f"list_extract({values}, CAST(greatest(1, ceil({float(q)!r} * {n})) AS BIGINT))"
             for q in ps]
    if isinstance(p, ex.Call) and p.fn == "array":
        return f"(CASE WHEN {n} = 0 THEN NULL ELSE [{', '.join(picks)}] END)"
    return picks[0]


@aggregate("count_if")
def _count_if(c: Ctx) -> str:
    return f"CAST(count_if({c.a[0]}) AS BIGINT)"


@aggregate("percentile")
def _percentile(c: Ctx) -> str:
    x, p = c.a[:2]
    return f"quantile_cont({x}, {p})"


@aggregate("mode")
def _mode(c: Ctx) -> str:
    x = c.a[0]
    if len(c.a) > 1 and c.value(1):
        return f"mode({x} ORDER BY {x})"
    return f"mode({x})"


@aggregate("bit_and", "bit_or", "bit_xor")
def _bits(c: Ctx) -> str:
    return f"CAST({c.e.fn}({c.a[0]}) AS {c.t})"


@aggregate("product")
def _product(c: Ctx) -> str:
    return f"product({c.a[0]})"


_IN_ORDER = re.compile(r"\b(first|last|any_value|list|array_agg|string_agg|group_concat|"
                       r"listagg|arg_max|arg_min|arg_max_null|arg_min_null)\s*\(", re.I)


def reads_rows_in_order(sql: str) -> bool:
    """Whether a task's SQL calls a DuckDB aggregate whose result depends on the order in
    which it reads its rows (Spark's ``first``, ``last``, ``collect_list``, ``max_by``…)."""
    return _IN_ORDER.search(sql) is not None


@aggregate("listagg")
def _listagg(c: Ctx) -> str:
    """The non-NULL strings (or the distinct ones) in ascending order, as Spark gives them,
    joined by the delimiter; NULL when there are none."""
    x, d = c.a
    values = f"list_sort(list({'DISTINCT ' if c.e.distinct else ''}{x}) FILTER " \
             f"(WHERE {x} IS NOT NULL))"
    return (f"(CASE WHEN count({x}) = 0 THEN NULL ELSE "
            f"array_to_string({values}, coalesce({d}, '')) END)")
