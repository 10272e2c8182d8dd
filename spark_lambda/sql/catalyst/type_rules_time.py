"""Type rules of the TIME functions (Spark 4.1): ``make_time``, ``to_time``/``try_to_time``,
``time_trunc``, ``time_diff``, ``current_time``, ``time_to_*``/``time_from_*``, and ``hour``,
``minute``, ``second`` of a TIME (other arguments keep ``type_rules_datetime``'s rule)."""

from __future__ import annotations

from ..types import (DecimalType, IntegerType, LongType, NullType, StringType, TimeType)
from . import coercion as co
from . import expressions as ex
from . import type_rules_datetime  # noqa: F401  (its hour/minute/second rule is wrapped below)
from .type_rules_common import RULES, call, integer, literal_value, long, mismatch, rule, string

_DATETIME_PARTS = {n: RULES[n] for n in ("hour", "minute", "second")}


def time_arg(name: str, e):
    """A TIME argument (text is cast to TIME(6), as Spark's implicit cast does)."""
    if isinstance(e.dtype, TimeType):
        return e
    if isinstance(e.dtype, (StringType, NullType)):
        return co.cast_to(e, TimeType(6))
    raise mismatch(name, f"the argument requires the \"TIME\" type, but got "
                   f"\"{e.dtype.simpleString().upper()}\"")


@rule("hour", "minute", "second")
def _part(name, args, distinct):
    if isinstance(args[0].dtype, TimeType):
        return call(name, args[:1], IntegerType())
    return _DATETIME_PARTS[name](name, args, distinct)


@rule("make_time")
def _make_time(name, args, distinct):
    h, m, s = args
    return call(name, (integer(h), integer(m), co.cast_to(s, DecimalType(16, 6))), TimeType(6))


@rule("to_time", "try_to_time")
def _to_time(name, args, distinct):
    nullable = True if name == "try_to_time" else None
    return call(name, [string(a) for a in args], TimeType(6), nullable)


@rule("time_trunc")
def _time_trunc(name, args, distinct):
    t = time_arg(name, args[1])
    return call(name, (string(args[0]), t), t.dtype)


@rule("time_diff")
def _time_diff(name, args, distinct):
    return call(name, (string(args[0]), time_arg(name, args[1]), time_arg(name, args[2])),
                LongType())


@rule("current_time")
def _current_time(name, args, distinct):
    precision = literal_value(name, args[0]) if args else 6
    if not isinstance(precision, int) or not 0 <= precision <= 6:
        raise mismatch(name, "the precision must be an integer literal from 0 to 6")
    # Spark names the call with its precision: current_time(6)
    return call(name, (ex.Lit(precision, IntegerType()),), TimeType(precision), False)


@rule("time_to_micros", "time_to_millis")
def _time_to(name, args, distinct):
    return call(name, (time_arg(name, args[0]),), LongType(), True)


@rule("time_to_seconds")
def _time_to_seconds(name, args, distinct):
    return call(name, (time_arg(name, args[0]),), DecimalType(14, 6), True)


@rule("time_from_micros", "time_from_millis")
def _time_from(name, args, distinct):
    return call(name, (long(args[0]),), TimeType(6), True)


@rule("time_from_seconds")
def _time_from_seconds(name, args, distinct):
    a = args[0]
    if not (co.is_numeric(a.dtype) or isinstance(a.dtype, NullType)):
        raise mismatch(name, "the argument requires a numeric type, but got "
                       f"\"{a.dtype.simpleString().upper()}\"")
    return call(name, (co.cast_to(a, DecimalType(38, 6)),), TimeType(6), True)
