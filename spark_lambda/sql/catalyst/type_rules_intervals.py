"""Type rules of the interval functions (``make_interval``, ``try_make_interval``,
``make_dt_interval``, ``make_ym_interval``) and of arithmetic with intervals, as Spark's
ANSI mode types it: datetime ± interval keeps the datetime's type, timestamp - timestamp is
an interval day to second, date - date an interval day, intervals of one kind add up to the
widest of their fields, interval × or ÷ a number is the kind's default interval type."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (ByteType, CalendarIntervalType, DateType, DayTimeIntervalType, DecimalType,
                     DoubleType, IntegerType, NullType, TimestampNTZType, TimestampType, TimeType,
                     YearMonthIntervalType)
from . import coercion as co
from . import expressions as ex
from .intervals import INTERVAL_TYPES
from . import type_rules_datetime, type_rules_math  # noqa: F401  (rules wrapped below)
from .type_rules_common import RULES, call, integer, literal_value, rule

_SECONDS = DecimalType(18, 6)
_ANSI = (DayTimeIntervalType, YearMonthIntervalType)
_TIMESTAMPS = (TimestampType, TimestampNTZType)


def _padded(args, n: int) -> list:
    """``args`` with missing trailing fields as the literal 0 (shown in the name)."""
    return list(args) + [ex.Lit(0, IntegerType()) for _ in range(n - len(args))]


@rule("make_interval", "try_make_interval")
def _make_interval(name, args, distinct):
    a = _padded(args, 7)
    fields = [integer(x) for x in a[:6]] + [co.cast_to(a[6], _SECONDS)]
    return call(name, fields, CalendarIntervalType(),
                True if name.startswith("try_") else None)


@rule("make_dt_interval")
def _make_dt_interval(name, args, distinct):
    a = _padded(args, 4)
    return call(name, [integer(x) for x in a[:3]] + [co.cast_to(a[3], _SECONDS)],
                DayTimeIntervalType())


@rule("make_ym_interval")
def _make_ym_interval(name, args, distinct):
    return call(name, [integer(x) for x in _padded(args, 2)], YearMonthIntervalType())


def _named(fn: str, op: str, a, b, dtype, nullable=None) -> ex.Call:
    if nullable is None:
        nullable = a.nullable or b.nullable
    return ex.Call(fn, (a, b), dtype, nullable, pretty=op)


def _number(e) -> bool:
    return co.is_numeric(e.dtype) or isinstance(e.dtype, NullType)


def interval_arith(op: str, a: ex.Expr, b: ex.Expr) -> ex.Expr | None:
    """``a op b`` where an interval takes part (or the difference of two datetimes), typed
    as Spark types it; None when no interval is involved."""
    ta, tb = a.dtype, b.dtype
    if op == "-" and isinstance(ta, _TIMESTAMPS) and isinstance(tb, _TIMESTAMPS):
        return _named("timestamp_diff_interval", op, a, b, DayTimeIntervalType(0, 3))
    if op == "-" and isinstance(ta, TimeType) and isinstance(tb, TimeType):
        return _named("time_diff_interval", op, a, b, DayTimeIntervalType(1, 3), True)
    if op == "-" and isinstance(ta, DateType) and isinstance(tb, DateType):
        return _named("date_diff_interval", op, a, b, DayTimeIntervalType(0, 0))
    if op in ("+", "-") and isinstance(tb, INTERVAL_TYPES) and \
            isinstance(ta, _TIMESTAMPS + (DateType,)):
        if isinstance(ta, DateType) and isinstance(tb, DayTimeIntervalType) and tb.endField:
            return interval_arith(op, co.cast_to(a, TimestampType()), b)   # hours and less
        fn = "date" if isinstance(ta, DateType) else "timestamp"
        return _named(f"{fn}_{'plus' if op == '+' else 'minus'}_interval", op, a, b, ta)
    if op == "+" and isinstance(ta, INTERVAL_TYPES) and isinstance(tb, _TIMESTAMPS + (DateType,)):
        return interval_arith(op, b, a)
    if op in ("+", "-") and isinstance(ta, INTERVAL_TYPES) and isinstance(tb, INTERVAL_TYPES):
        if type(ta) is not type(tb):
            raise _unexpected(op, a, b)
        t = type(ta)(min(ta.startField, tb.startField), max(ta.endField, tb.endField)) \
            if isinstance(ta, _ANSI) else ta
        return _named("interval_plus" if op == "+" else "interval_minus", op, a, b, t)
    if op == "*" and _number(a) and isinstance(tb, INTERVAL_TYPES):
        return interval_arith(op, b, a)
    if op in ("*", "/") and isinstance(ta, INTERVAL_TYPES) and _number(b):
        t = type(ta)() if isinstance(ta, _ANSI) else ta
        fn = "interval_times" if op == "*" else "interval_divide"
        return _named(fn, op, a, co.cast_to(b, DoubleType()), t)
    if isinstance(ta, INTERVAL_TYPES) or isinstance(tb, INTERVAL_TYPES):
        raise _unexpected(op, a, b)
    return None


def _unexpected(op: str, a, b) -> AnalysisException:
    """Spark's error for an operator over an interval and a type it does not combine with."""
    sql = f"({ex.expr_name(a)} {op} {ex.expr_name(b)})"
    return AnalysisException(
        f"Cannot resolve \"{sql}\" due to data type mismatch: the binary operator `{op}` does "
        f"not take \"{a.dtype.simpleString().upper()}\" and "
        f"\"{b.dtype.simpleString().upper()}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        {"sqlExpr": sql})


@rule("time_bucket")
def _time_bucket(name, args, distinct):
    """``time_bucket(size, ts[, origin])``: a positive constant year-month or day-time
    interval, a TIMESTAMP or TIMESTAMP_NTZ, an origin of that type."""
    size, ts = args[0], args[1]
    shown = f"time_bucket({', '.join(ex.expr_name(a) for a in args)})"
    if not isinstance(size.dtype, _ANSI):
        raise AnalysisException(
            f"Cannot resolve \"{shown}\" due to data type mismatch: the first parameter "
            f"requires the \"INTERVAL\" type, but got \"{size.dtype.simpleString().upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": shown})
    value = size.value if isinstance(size, ex.Lit) else None
    if value is None or (value.months if isinstance(size.dtype, YearMonthIntervalType)
                         else value.days * 86_400_000_000 + value.micros) <= 0:
        raise AnalysisException(
            f"Cannot resolve \"{shown}\" due to data type mismatch: the bucket size must be a "
            f"positive constant interval, but got {ex.expr_name(size)}.",
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", {"sqlExpr": shown})
    t = ts.dtype if isinstance(ts.dtype, _TIMESTAMPS) else TimestampType()
    rest = [co.cast_to(a, t) for a in args[1:]]
    return ex.Call(name, (size, *rest), t, rest[0].nullable, pretty=shown)


_DELEGATED = {n: RULES[n] for n in ("positive", "extract", "date_part", "datepart")}
_INTERVAL_FIELDS = {"year": ("year", IntegerType()), "month": ("month", ByteType()),
                    "day": ("day", IntegerType()), "hour": ("hour", ByteType()),
                    "minute": ("minute", ByteType()), "second": ("second", DecimalType(8, 6))}
_FIELD_ALIASES = {"y": "year", "years": "year", "yr": "year", "yrs": "year", "mon": "month",
                  "mons": "month", "months": "month", "d": "day", "days": "day", "h": "hour",
                  "hours": "hour", "hr": "hour", "hrs": "hour", "m": "minute", "min": "minute",
                  "mins": "minute", "minutes": "minute", "s": "second", "sec": "second",
                  "seconds": "second", "secs": "second"}


@rule("positive")
def _positive(name, args, distinct):
    if isinstance(args[0].dtype, INTERVAL_TYPES):
        return call(name, args[:1], args[0].dtype)
    return _DELEGATED[name](name, args, distinct)


@rule("extract", "date_part", "datepart")
def _extract(name, args, distinct):
    """A field of an ANSI interval (``extract(HOUR FROM i)``); other sources keep the datetime
    rule."""
    src = args[1] if len(args) > 1 else None
    if src is None or not isinstance(src.dtype, _ANSI):
        return _DELEGATED[name](name, args, distinct)
    shown = str(literal_value(name, args[0]))
    field = _FIELD_ALIASES.get(shown.lower(), shown.lower())
    kind_fields = src.dtype._fields.values()
    if field not in _INTERVAL_FIELDS or field not in kind_fields:
        raise AnalysisException(
            f"[INVALID_EXTRACT_FIELD] Cannot extract {shown} from {ex.expr_name(src)}; an "
            f"{src.dtype.simpleString()} has the fields {', '.join(kind_fields)}.",
            "INVALID_EXTRACT_FIELD", {"field": shown, "expr": ex.expr_name(src)})
    fn, t = _INTERVAL_FIELDS[field]
    pretty = (f"extract({shown} FROM {ex.expr_name(src)})" if name == "extract"
              else f"{name}({shown}, {ex.expr_name(src)})")
    return ex.Call(f"interval_{fn}", (src,), t, src.nullable, pretty=pretty)
