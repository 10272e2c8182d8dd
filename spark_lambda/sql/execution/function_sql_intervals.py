"""DuckDB text of the interval functions and of arithmetic with intervals (typed by
``type_rules_intervals``). Every interval is DuckDB's INTERVAL: a year-month interval holds
months only, a day-time interval microseconds only, a calendar interval all three parts;
Spark's errors where a part overflows or a divisor is zero."""

from __future__ import annotations

from ..types import CalendarIntervalType, DayTimeIntervalType, YearMonthIntervalType
from .function_sql_hooks import Ctx, error, scalar

_INT_MAX, _INT_MIN = 2**31 - 1, -2**31
_DAY = 86_400_000_000


def months_of(iv: str) -> str:
    """The months part of an INTERVAL, as a BIGINT."""
    return f"(CAST(datepart('year', {iv}) AS BIGINT) * 12 + datepart('month', {iv}))"


def _days_of(iv: str) -> str:
    return f"CAST(datepart('day', {iv}) AS BIGINT)"


def _micros_of(iv: str) -> str:
    """The microseconds part (DuckDB's ``epoch_us`` counts a month as 30 days)."""
    return f"(epoch_us({iv}) - ({months_of(iv)} * 30 + {_days_of(iv)}) * {_DAY})"


def _interval(months: str, days: str, micros: str) -> str:
    return (f"(to_months(CAST({months} AS INTEGER)) + to_days(CAST({days} AS INTEGER)) + "
            f"to_microseconds(CAST({micros} AS BIGINT)))")


def _int_checked(value: str, on_overflow: str) -> str:
    return (f"(CASE WHEN {value} > {_INT_MAX} OR {value} < {_INT_MIN} THEN {on_overflow} "
            f"ELSE {value} END)")


_OVERFLOW = "'[ARITHMETIC_OVERFLOW] integer overflow. Use ''try_make_interval'' to tolerate " \
    "overflow and return NULL instead.'"


@scalar("make_interval", "try_make_interval")
def _make_interval(c: Ctx) -> str:
    y, mo, w, d, h, mi, s = c.a
    bad = "NULL" if c.e.fn.startswith("try_") else error(_OVERFLOW)
    months = _int_checked(f"(CAST({y} AS BIGINT) * 12 + {mo})", bad)
    days = _int_checked(f"(CAST({w} AS BIGINT) * 7 + {d})", bad)
    micros = (f"(CAST({h} AS BIGINT) * 3600000000 + CAST({mi} AS BIGINT) * 60000000 + "
              f"CAST({s} * 1000000 AS BIGINT))")
    return _interval(months, days, micros)


@scalar("make_dt_interval")
def _make_dt_interval(c: Ctx) -> str:
    d, h, mi, s = c.a
    return (f"to_microseconds(CAST({d} AS BIGINT) * {_DAY} + CAST({h} AS BIGINT) * 3600000000 "
            f"+ CAST({mi} AS BIGINT) * 60000000 + CAST({s} * 1000000 AS BIGINT))")


@scalar("make_ym_interval")
def _make_ym_interval(c: Ctx) -> str:
    y, mo = c.a
    bad = error("'[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while "
                "operating with intervals. Try devising appropriate values for the interval "
                "parameters.'")
    months = _int_checked(f"(CAST({y} AS BIGINT) * 12 + {mo})", bad)
    return f"to_months(CAST({months} AS INTEGER))"


@scalar("timestamp_diff_interval", "time_diff_interval")
def _timestamp_diff(c: Ctx) -> str:
    return f"to_microseconds(epoch_us({c.a[0]}) - epoch_us({c.a[1]}))"


@scalar("date_diff_interval")
def _date_diff(c: Ctx) -> str:
    return f"to_microseconds(CAST({c.a[0]} - {c.a[1]} AS BIGINT) * {_DAY})"


@scalar("timestamp_plus_interval", "timestamp_minus_interval")
def _timestamp_plus(c: Ctx) -> str:
    op = "+" if c.e.fn == "timestamp_plus_interval" else "-"
    return f"({c.a[0]} {op} {c.a[1]})"


@scalar("interval_plus", "interval_minus")
def _interval_plus(c: Ctx) -> str:
    op = "+" if c.e.fn == "interval_plus" else "-"
    return f"({c.a[0]} {op} {c.a[1]})"


def _scaled(c: Ctx, by: str) -> str:
    """An interval's parts times (``*``) or over (``/``) a DOUBLE, each kept whole as Spark
    keeps it: months and days cut toward zero, microseconds rounded half up; a year-month or
    day-time interval is one part, rounded half up."""
    iv, n = c.a
    t = c.e.dtype
    if isinstance(t, DayTimeIntervalType):
        return f"to_microseconds(CAST(round(epoch_us({iv}) {by} {n}) AS BIGINT))"
    months = f"({months_of(iv)} {by} {n})"
    if not isinstance(t, CalendarIntervalType):
        bad = error("'[ARITHMETIC_OVERFLOW] integer overflow.'")
        return f"to_months(CAST({_int_checked(f'round({months})', bad)} AS INTEGER))"
    days = f"({_days_of(iv)} {by} {n})"
    micros = f"round({_micros_of(iv)} {by} {n} + ({days} - trunc({days})) * {_DAY})"
    return _interval(f"trunc({months})", f"trunc({days})", micros)


@scalar("interval_times")
def _interval_times(c: Ctx) -> str:
    return _scaled(c, "*")


@scalar("interval_divide")
def _interval_divide(c: Ctx) -> str:
    bad = error("'[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate "
                "divisor being 0 and return NULL instead.'")
    return f"(CASE WHEN {c.a[1]} = 0 THEN {bad} ELSE {_scaled(c, '/')} END)"


def _two(x: str) -> str:
    return f"lpad(CAST({x} AS VARCHAR), 2, '0')"


def _quoted(sign: str, body: str, t) -> str:
    names = t.simpleString()[len("interval "):].upper()
    return f"('INTERVAL ''' || {sign} || {body} || ''' {names}')"


def interval_text(iv: str, t) -> str:
    """SQL of an interval's text as Spark casts it to STRING (``INTERVAL '1-2' YEAR TO MONTH``,
    ``INTERVAL '1 02:03:04' DAY TO SECOND``; a calendar interval as DuckDB writes it)."""
    if isinstance(t, YearMonthIntervalType):
        m = months_of(iv)
        body = {(0, 0): f"CAST(abs({m}) // 12 AS VARCHAR)",
                (1, 1): f"CAST(abs({m}) AS VARCHAR)"}.get(
            (t.startField, t.endField),
            f"CAST(abs({m}) // 12 AS VARCHAR) || '-' || CAST(abs({m}) % 12 AS VARCHAR)")
        return _quoted(f"(CASE WHEN {m} < 0 THEN '-' ELSE '' END)", body, t)
    if not isinstance(t, DayTimeIntervalType):
        return f"CAST({iv} AS VARCHAR)"
    u = f"abs(epoch_us({iv}))"
    units = [_DAY, 3_600_000_000, 60_000_000, 1_000_000]
    frac = f"{u} % 1000000"
    whole = f"({u} // 1000000) % 60" if t.startField < 3 else f"{u} // 1000000"
    seconds = (f"{_two(whole)} || (CASE WHEN {frac} = 0 THEN '' ELSE '.' || "
               f"rtrim(lpad(CAST({frac} AS VARCHAR), 6, '0'), '0') END)")
    text = ""
    for f in range(t.startField, t.endField + 1):
        if f == 3:
            part = seconds
        elif f == t.startField:
            lead = f"{u} // {units[f]}"
            part = f"CAST({lead} AS VARCHAR)" if f == 0 else _two(lead)
        else:
            part = _two(f"({u} // {units[f]}) % {units[f - 1] // units[f]}")
        text += part if f == t.startField else f" || '{' ' if f == 1 else ':'}' || {part}"
    return _quoted(f"(CASE WHEN epoch_us({iv}) < 0 THEN '-' ELSE '' END)", text, t)


@scalar("time_bucket")
def _time_bucket(c: Ctx) -> str:
    """The start of the bucket holding ``ts``, on the grid of ``size`` from the origin (the
    epoch by default); a TIMESTAMP is bucketed on the session time zone's wall clock."""
    size, ts = c.a[0], c.a[1]
    zoned = c.e.dtype.typeName() == "timestamp"
    local = c.local_time if zoned else (lambda x: x)
    origin = local(c.a[2]) if len(c.a) > 2 else "TIMESTAMP '1970-01-01 00:00:00'"
    bucket = f"time_bucket({size}, {local(ts)}, {origin})"
    return c.from_local_time(bucket) if zoned else bucket


@scalar("interval_negative")
def _negative(c: Ctx) -> str:
    return f"(-{c.a[0]})"


@scalar("interval_abs")
def _abs(c: Ctx) -> str:
    iv = c.a[0]
    sign = months_of(iv) if isinstance(c.e.dtype, YearMonthIntervalType) else f"epoch_us({iv})"
    return f"(CASE WHEN {sign} < 0 THEN -{iv} ELSE {iv} END)"


def _whole(value: str, by: int) -> str:
    """``value / by`` cut toward zero, as a BIGINT."""
    return f"CAST(trunc({value} / {by}) AS BIGINT)"


@scalar("interval_year", "interval_month", "interval_day", "interval_hour", "interval_minute",
        "interval_second")
def _interval_field(c: Ctx) -> str:
    """A field of an interval; each has the sign of the whole interval."""
    iv, field = c.a[0], c.e.fn[len("interval_"):]
    if field == "year":
        return f"CAST({_whole(months_of(iv), 12)} AS INTEGER)"
    if field == "month":
        return f"CAST({months_of(iv)} % 12 AS TINYINT)"
    u = f"epoch_us({iv})"
    if field == "day":
        return f"CAST({_whole(u, _DAY)} AS INTEGER)"
    if field == "hour":
        return f"CAST({_whole(f'{u} % {_DAY}', 3_600_000_000)} AS TINYINT)"
    if field == "minute":
        return f"CAST({_whole(f'{u} % 3600000000', 60_000_000)} AS TINYINT)"
    return f"CAST(CAST({u} % 60000000 AS DECIMAL(18,0)) / 1000000 AS DECIMAL(8,6))"
