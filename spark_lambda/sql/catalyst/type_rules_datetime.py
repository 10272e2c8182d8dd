"""Type rules of the date and time functions: parsing and formatting with Java patterns,
Unix time, time zone shifts, truncation, month arithmetic, parts, and ``window`` buckets."""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import (DateType, DecimalType, DoubleType, IntegerType, LongType, StringType,
                     StructField, StructType, TimestampType)
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import (call, date, integer, literal_value, long, mismatch, rule,
                                string, timestamp)

DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss"


def _time_arg(name, e):
    if isinstance(e.dtype, (StringType, DateType, TimestampType)) or \
            e.dtype.simpleString() == "void":
        return timestamp(e)
    raise mismatch(name, f"the argument requires the \"TIMESTAMP\" type, but got "
                   f"\"{e.dtype.simpleString().upper()}\"")


@rule("date_format")
def _date_format(name, args, distinct):
    return call(name, (_time_arg(name, args[0]), string(args[1])), StringType())


@rule("to_timestamp", "to_date", "to_timestamp_ltz")
def _to_timestamp(name, args, distinct):
    name = "to_date" if name == "to_date" else "to_timestamp"
    out = TimestampType() if name == "to_timestamp" else DateType()
    if len(args) == 1 and isinstance(args[0].dtype, (DateType, TimestampType)):
        return call(name, args[:1], out)
    return call(name, [string(a) for a in args], out)


@rule("unix_timestamp", "to_unix_timestamp")
def _unix_timestamp(name, args, distinct):
    if not args:
        return call("unix_timestamp", (), LongType(), False)
    if isinstance(args[0].dtype, (DateType, TimestampType)):
        out = call("unix_timestamp", (timestamp(args[0]),) + tuple(args[1:2]), LongType())
    else:
        fmt = string(args[1]) if len(args) > 1 else ex.Lit(DEFAULT_PATTERN, StringType())
        out = call("unix_timestamp", (string(args[0]), fmt), LongType())
    return dataclasses.replace(out, pretty=name)


# ``timestampadd``/``timestampdiff`` units, as DuckDB names them
TIMESTAMP_UNITS = {"year": "year", "quarter": "quarter", "month": "month", "week": "week",
                   "day": "day", "dayofyear": "day", "hour": "hour", "minute": "minute",
                   "second": "second", "millisecond": "millisecond",
                   "microsecond": "microsecond"}


def _unit(name: str, e) -> str:
    unit = literal_value(name, e)
    if not isinstance(unit, str) or unit.lower() not in TIMESTAMP_UNITS:
        raise AnalysisException(
            f"The value '{unit}' of the unit of {name} is invalid: use one of "
            f"{', '.join(u.upper() for u in TIMESTAMP_UNITS)}.", "INVALID_PARAMETER_VALUE.UNIT")
    return unit


@rule("timestampadd", "timestamp_add", "timestampdiff", "timestamp_diff")
def _timestamp_units(name, args, distinct):
    """``timestampadd(unit, quantity, ts)``, ``timestampdiff(unit, start, end)``."""
    unit = ex.Lit(_unit(name, args[0]), StringType())
    if name.replace("_", "") == "timestampadd":
        fn, rest, out = "timestampadd", (long(args[1]), timestamp(args[2])), TimestampType()
    else:
        fn, rest, out = "timestampdiff", (timestamp(args[1]), timestamp(args[2])), LongType()
    return dataclasses.replace(call(fn, (unit,) + rest, out), pretty=fn)


@rule("from_unixtime")
def _from_unixtime(name, args, distinct):
    fmt = string(args[1]) if len(args) > 1 else ex.Lit(DEFAULT_PATTERN, StringType())
    return call(name, (long(args[0]), fmt), StringType())


@rule("timestamp_seconds")
def _timestamp_seconds(name, args, distinct):
    return call(name, (long(args[0]),), TimestampType())


@rule("from_utc_timestamp", "to_utc_timestamp")
def _utc(name, args, distinct):
    return call(name, (_time_arg(name, args[0]), string(args[1])), TimestampType())


@rule("date_trunc")
def _date_trunc(name, args, distinct):
    return call(name, (string(args[0]), _time_arg(name, args[1])), TimestampType(), True)


@rule("trunc")
def _trunc(name, args, distinct):
    return call(name, (date(args[0]), string(args[1])), DateType(), True)


@rule("months_between")
def _months_between(name, args, distinct):
    from ..types import BooleanType
    round_off = args[2] if len(args) > 2 else ex.Lit(True, BooleanType())
    return call(name, (_time_arg(name, args[0]), _time_arg(name, args[1]), round_off),
                DoubleType())


@rule("last_day")
def _last_day(name, args, distinct):
    return call(name, (date(args[0]),), DateType())


@rule("next_day")
def _next_day(name, args, distinct):
    return call(name, (date(args[0]), string(args[1])), DateType())


@rule("hour", "minute", "second")
def _time_part(name, args, distinct):
    return call(name, (_time_arg(name, args[0]),), IntegerType())


@rule("current_timestamp", "now")
def _now(name, args, distinct):
    return call("current_timestamp", (), TimestampType(), False)


WINDOW_TYPE = StructType([StructField("start", TimestampType(), True),
                          StructField("end", TimestampType(), True)])


@rule("window", "window_bucket")
def _window(name, args, distinct):
    size = parse_interval_micros(literal_value(name, args[1]))
    slide = parse_interval_micros(literal_value(name, args[2])) if len(args) > 2 and \
        literal_value(name, args[2]) is not None else size
    start = parse_interval_micros(literal_value(name, args[3])) if len(args) > 3 else 0
    if slide != size:
        raise mismatch(name, "sliding windows are not supported; use a tumbling window")
    return call("window", (timestamp(args[0]), ex.Lit(size, LongType()),
                           ex.Lit(start, LongType())), WINDOW_TYPE, False)


_UNIT_MICROS = {"microsecond": 1, "millisecond": 1000, "second": 1_000_000,
                "minute": 60_000_000, "hour": 3_600_000_000, "day": 86_400_000_000,
                "week": 7 * 86_400_000_000}


def parse_interval_micros(text) -> int:
    """``'1 day'``, ``'10 minutes'``, ``'1 hour 30 minutes'`` in microseconds."""
    words = str(text).lower().replace("interval", "").split()
    total = 0
    for amount, unit in zip(words[0::2], words[1::2]):
        unit = unit.rstrip("s") if unit not in ("ms",) else "millisecond"
        if unit not in _UNIT_MICROS:
            raise mismatch("window", f"the duration {text!r} is not a fixed-length interval")
        total += int(float(amount) * _UNIT_MICROS[unit])
    if total <= 0:
        raise mismatch("window", f"the duration {text!r} must be positive")
    return total


__all__ = ["integer", "parse_interval_micros"]


@rule("make_date")
def _make_date(name, args, distinct):
    return call(name, [integer(a) for a in args], DateType())


@rule("unix_date")
def _unix_date(name, args, distinct):
    return call(name, (date(args[0]),), IntegerType())


@rule("unix_seconds", "unix_millis", "unix_micros")
def _unix_units(name, args, distinct):
    return call(name, (_time_arg(name, args[0]),), LongType())


@rule("timestamp_millis", "timestamp_micros")
def _timestamp_of_count(name, args, distinct):
    return call(name, (long(args[0]),), TimestampType())


@rule("date_from_unix_date")
def _date_from_unix_date(name, args, distinct):
    return call(name, (integer(args[0]),), DateType())


_FIELDS = {"year": "year", "y": "year", "years": "year", "yr": "year", "yrs": "year",
           "quarter": "quarter", "qtr": "quarter", "month": "month", "mon": "month",
           "mons": "month", "months": "month", "week": "weekofyear", "w": "weekofyear",
           "weeks": "weekofyear", "day": "dayofmonth", "d": "dayofmonth", "days": "dayofmonth",
           "dayofweek": "dayofweek", "dow": "dayofweek", "doy": "dayofyear",
           "hour": "hour", "h": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
           "minute": "minute", "m": "minute", "min": "minute", "mins": "minute",
           "minutes": "minute", "second": "second_fraction", "s": "second_fraction",
           "sec": "second_fraction", "seconds": "second_fraction", "secs": "second_fraction"}


@rule("date_part", "datepart", "extract")
def _date_part(name, args, distinct):
    field = str(literal_value(name, args[0])).lower()
    if field not in _FIELDS:
        raise AnalysisException(f"The value of parameter(s) `field` in `{name}` is invalid: "
                                f"{field!r} is not a field of a date or timestamp.",
                                "INVALID_PARAMETER_VALUE.FIELD")
    fn = _FIELDS[field]
    src = args[1]
    shown = str(literal_value(name, args[0]))
    pretty = (f"extract({shown} FROM {auto_name(src)})" if name == "extract"
              else f"{name}({shown}, {auto_name(src)})")
    if fn in ("hour", "minute", "second_fraction"):
        src = _time_arg(name, src)
    else:
        src = date(src)
    out = DecimalType(8, 6) if fn == "second_fraction" else IntegerType()
    return dataclasses.replace(call(fn, (src,), out), pretty=pretty)


@rule("dayname", "monthname")
def _names(name, args, distinct):
    return call(name, (date(args[0]),), StringType())


@rule("weekday")
def _weekday(name, args, distinct):
    return call(name, (date(args[0]),), IntegerType())
