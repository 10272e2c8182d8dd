"""DuckDB text of the TIME functions (a TIME is DuckDB's TIME; ``epoch_us`` its microseconds
after midnight), with Spark's errors: a field out of range in ``make_time``, text that is no
time in ``to_time``, a unit ``time_trunc``/``time_diff`` do not know."""

from __future__ import annotations

from .cast_new_types import DAY_MICROS, NOW, string_to_time, time_of_micros, truncated
from .function_sql_hooks import Ctx, error, scalar

_UNITS = {"HOUR": 3_600_000_000, "MINUTE": 60_000_000, "SECOND": 1_000_000,
          "MILLISECOND": 1000, "MICROSECOND": 1}


def _field(value: str, name: str, low: int, high: int) -> str:
    return (f"WHEN {value} < {low} OR {value} > {high} THEN error('[DATETIME_FIELD_OUT_OF_"
            f"BOUNDS.WITHOUT_SUGGESTION] Invalid value for {name} (valid values {low} - "
            f"{high}): ' || CAST({value} AS VARCHAR) || '.')")


@scalar("make_time")
def _make_time(c: Ctx) -> str:
    h, m, s = c.a
    micros = (f"(CAST({h} AS BIGINT) * 3600000000 + CAST({m} AS BIGINT) * 60000000 + "
              f"CAST(trunc({s} * 1000000) AS BIGINT))")
    return (f"(CASE {_field(h, 'HourOfDay', 0, 23)} {_field(m, 'MinuteOfHour', 0, 59)} "
            f"{_field(f'CAST(floor({s}) AS BIGINT)', 'SecondOfMinute', 0, 59)} "
            f"ELSE {time_of_micros(micros)} END)")


def _cannot_parse(c: Ctx) -> str:
    s = c.a[0]
    fmt = f" because it does not match to the datetime format ''' || {c.a[1]} || '''" \
        if len(c.a) > 1 else ""
    return error(f"'[CANNOT_PARSE_TIME] The input string ''' || {s} || ''' cannot be parsed "
                 f"to a TIME value{fmt}.'")


@scalar("to_time", "try_to_time")
def _to_time(c: Ctx) -> str:
    bad = "NULL" if c.e.fn == "try_to_time" else _cannot_parse(c)
    if len(c.a) == 1:
        return string_to_time(c.a[0], c.e.dtype, bad)
    parsed = f"CAST(spark_time_parse({c.a[0]}, {c.a[1]}) AS TIME)"
    return (f"(CASE WHEN {c.a[0]} IS NULL OR {c.a[1]} IS NULL THEN NULL WHEN {parsed} IS NULL "
            f"THEN {bad} ELSE {parsed} END)")


def _unit_micros(c: Ctx, unit: str) -> str:
    whens = " ".join(f"WHEN '{u}' THEN {n}" for u, n in _UNITS.items())
    names = ", ".join(f"''{u}''" for u in _UNITS)
    bad = error(f"'[INVALID_PARAMETER_VALUE.TIME_UNIT] The value of parameter(s) `unit` in "
                f"`{c.e.fn}` is invalid: expects one of the units {names}, but got ''' || "
                f"{unit} || '''.'")
    return f"(CASE upper({unit}) {whens} ELSE {bad} END)"


@scalar("time_trunc")
def _time_trunc(c: Ctx) -> str:
    unit, t = c.a
    step = _unit_micros(c, unit)
    return (f"(CASE WHEN {unit} IS NULL OR {t} IS NULL THEN NULL ELSE "
            f"{time_of_micros(f'(epoch_us({t}) // {step} * {step})')} END)")


@scalar("time_diff")
def _time_diff(c: Ctx) -> str:
    unit, start, end = c.a
    step = _unit_micros(c, unit)
    diff = f"(epoch_us({end}) - epoch_us({start}))"
    # whole units, towards zero
    return (f"(CASE WHEN {unit} IS NULL OR {start} IS NULL OR {end} IS NULL THEN NULL ELSE "
            f"CAST(sign({diff}) * (abs({diff}) // {step}) AS BIGINT) END)")


@scalar("current_time")
def _current_time(c: Ctx) -> str:
    now = c.local_time(NOW)
    return truncated(f"CAST({now} AS TIME)", c.e.dtype.precision)


@scalar("time_to_micros")
def _time_to_micros(c: Ctx) -> str:
    return f"epoch_us({c.a[0]})"


@scalar("time_to_millis")
def _time_to_millis(c: Ctx) -> str:
    return f"(epoch_us({c.a[0]}) // 1000)"


@scalar("time_to_seconds")
def _time_to_seconds(c: Ctx) -> str:
    return f"CAST(CAST(epoch_us({c.a[0]}) AS DECIMAL(18,0)) / 1000000 AS DECIMAL(14,6))"


def _from_micros(c: Ctx, micros: str) -> str:
    bad = error(f"'[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for "
                f"NanoOfDay (valid values 0 - 86399999999999): ' || CAST({micros} * 1000 AS "
                f"VARCHAR) || '.'")
    return (f"(CASE WHEN {micros} < 0 OR {micros} >= {DAY_MICROS} THEN {bad} ELSE "
            f"{time_of_micros(micros)} END)")


@scalar("time_from_micros")
def _time_from_micros(c: Ctx) -> str:
    return _from_micros(c, c.a[0])


@scalar("time_from_millis")
def _time_from_millis(c: Ctx) -> str:
    return _from_micros(c, f"({c.a[0]} * 1000)")


@scalar("time_from_seconds")
def _time_from_seconds(c: Ctx) -> str:
    return _from_micros(c, f"CAST(trunc({c.a[0]} * 1000000) AS BIGINT)")


@scalar("time_plus_interval", "time_minus_interval")
def _time_plus_interval(c: Ctx) -> str:
    """A TIME moved by a day-time interval; past either end of the day is Spark's overflow."""
    t, iv = c.a
    sign = "-" if c.e.fn == "time_minus_interval" else "+"
    moved = f"(epoch_us({t}) {sign} epoch_us({iv}))"
    minus = "'-' || " if sign == "-" else ""
    bad = error(f"'[DATETIME_OVERFLOW] Datetime operation overflow: add ' || {minus}CAST({iv} "
                f"AS VARCHAR) || ' to the time value ' || CAST({t} AS VARCHAR) || '.'")
    return (f"(CASE WHEN {moved} < 0 OR {moved} >= {DAY_MICROS} THEN {bad} ELSE "
            f"{time_of_micros(moved)} END)")
