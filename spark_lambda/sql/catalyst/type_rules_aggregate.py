"""Type rules of the statistical and other aggregates (``corr``, ``covar_*``, ``skewness``,
``kurtosis``, ``max_by``, ``min_by``, ``percentile_approx``, ``approx_count_distinct``,
``bool_and``/``bool_or``, ``any_value``)."""

from __future__ import annotations

from ..types import (ArrayType, BooleanType, DoubleType, IntegerType, LongType,
                     StringType)
from . import coercion as co
from . import expressions as ex
from .type_rules_common import boolean, double, literal_value, rule, string


@rule("corr", "covar_samp", "covar_pop", "regr_slope", "regr_intercept", "regr_r2",
      "regr_avgx", "regr_avgy", "regr_sxx", "regr_sxy", "regr_syy")
def _two_doubles(name, args, distinct):
    return ex.AggCall(name, tuple(double(name, a) for a in args[:2]), distinct, DoubleType())


@rule("skewness", "kurtosis")
def _moments(name, args, distinct):
    return ex.AggCall(name, (double(name, args[0]),), distinct, DoubleType())


@rule("max_by", "min_by")
def _by(name, args, distinct):
    if len(args) > 2:
        literal_value(name, args[2])
        return ex.AggCall(name, tuple(args[:3]), distinct, ArrayType(args[0].dtype, True))
    return ex.AggCall(name, tuple(args[:2]), distinct, args[0].dtype)


@rule("approx_count_distinct", "approx_distinct")
def _approx_count_distinct(name, args, distinct):
    return ex.AggCall("approx_count_distinct", tuple(args[:2]), False, LongType(), False)


@rule("bool_and", "every", "bool_or", "some", "any")
def _bool(name, args, distinct):
    fn = {"every": "bool_and", "some": "bool_or", "any": "bool_or"}.get(name, name)
    return ex.AggCall(fn, (boolean(args[0]),), distinct, BooleanType())


@rule("any_value")
def _any_value(name, args, distinct):
    if len(args) > 1:
        literal_value(name, args[1])
    return ex.AggCall("any_value", args[:2], distinct, args[0].dtype)


@rule("percentile_approx", "approx_percentile")
def _percentile_approx(name, args, distinct):
    p = args[1]
    acc = args[2] if len(args) > 2 else ex.Lit(10000, LongType())
    literal_value(name, acc)
    t = args[0].dtype
    out = ArrayType(t, False) if isinstance(p.dtype, ArrayType) else t
    return ex.AggCall("percentile_approx", (args[0], p, acc), False, out)


@rule("regr_count")
def _regr_count(name, args, distinct):
    return ex.AggCall(name, tuple(double(name, a) for a in args[:2]), distinct, LongType(),
                      False)


@rule("median", "percentile")
def _percentile(name, args, distinct):
    p = args[1] if name == "percentile" else ex.Lit(0.5, DoubleType())
    if isinstance(p.dtype, ArrayType):
        p = co.cast_to(p, ArrayType(DoubleType(), False))
    else:
        literal_value(name, p)
    out = ArrayType(DoubleType(), False) if isinstance(p.dtype, ArrayType) else DoubleType()
    freq = args[2] if len(args) > 2 else ex.Lit(1, IntegerType())   # shown, as Spark does
    return ex.AggCall("percentile", (double(name, args[0]), p, freq), distinct, out)


@rule("mode")
def _mode(name, args, distinct):
    """``mode(x[, deterministic])``: with ``deterministic`` the smallest of the most frequent
    values, as Spark; without, DuckDB's pick among them."""
    if len(args) > 1:
        literal_value(name, args[1])
    return ex.AggCall(name, args[:2], distinct, args[0].dtype)


@rule("listagg", "string_agg")
def _listagg(name, args, distinct):
    delimiter = string(args[1]) if len(args) > 1 else ex.Lit(None, StringType())
    return ex.AggCall("listagg", (string(args[0]), delimiter), distinct, StringType(),
                      pretty=name)
