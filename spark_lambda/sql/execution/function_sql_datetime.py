"""DuckDB text of the date and time functions: Java date patterns (``yyyy-MM-dd HH:mm:ss``,
``EEE``, ``MMM``, ``hh a``, quoted text) as strftime/strptime codes, Unix time, time zone
shifts (DuckDB's ICU), ``date_trunc``/``trunc`` units, Spark's ``months_between`` formula,
``next_day`` names and tumbling ``window`` buckets.

Timestamps are written in UTC wall time (the session default ``spark.sql.session.timeZone``).
"""

from __future__ import annotations

from ..types import DateType, MapType  # noqa: F401
from .function_sql_hooks import Ctx, error, scalar

_FORMAT = {"y": {1: "%Y", 2: "%y", 4: "%Y"}, "M": {1: "%-m", 2: "%m", 3: "%b", 4: "%B"},
           "d": {1: "%-d", 2: "%d"}, "D": {1: "%-j", 3: "%j"}, "H": {1: "%-H", 2: "%H"},
           "h": {1: "%-I", 2: "%I"}, "m": {1: "%-M", 2: "%M"}, "s": {1: "%-S", 2: "%S"},
           "S": {1: "%g", 2: "%g", 3: "%g", 6: "%f"}, "a": {1: "%p"},
           "E": {1: "%a", 2: "%a", 3: "%a", 4: "%A"}, "u": {1: "%u"}, "Z": {1: "%z"},
           "X": {1: "%z", 3: "%z"}, "x": {1: "%z"}, "z": {1: "%Z"}}


def java_pattern(pattern: str, parse: bool = False) -> str:
    """A Java date pattern as a strftime (``parse``: strptime) pattern."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            j = pattern.find("'", i + 1)
            j = len(pattern) if j < 0 else j
            out.append(pattern[i + 1:j].replace("%", "%%") if j > i + 1 else "'")
            i = j + 1
            continue
        if ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            n = j - i
            codes = _FORMAT.get(ch, {})
            code = codes.get(n) or codes.get(max(k for k in codes if k <= n) if codes and
                                             any(k <= n for k in codes) else 0) or ch * n
            out.append(code.replace("%-", "%") if parse else code)
            i = j
            continue
        out.append("%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


def _pattern(c: Ctx, i: int, parse: bool) -> str:
    return c.quote(java_pattern(c.value(i), parse))


def _parsed(c: Ctx, i: int) -> str:
    """Argument 0 (text) read as a wall-clock TIMESTAMP with the Java pattern of argument
    ``i``: DuckDB's ``strptime`` for a constant pattern, else Python's row by row."""
    if c.is_constant(i):
        return f"CAST(strptime({c.a[0]}, {_pattern(c, i, True)}) AS TIMESTAMP)"
    return f"spark_parse_time({c.a[0]}, {c.a[i]})"


@scalar("date_format")
def _date_format(c: Ctx) -> str:
    return f"strftime({c.local_time(c.a[0])}, {_pattern(c, 1, False)})"


@scalar("to_timestamp", "to_date")
def _to_timestamp(c: Ctx) -> str:
    """Text and dates read as wall-clock times in the session zone."""
    out = "DATE" if c.e.fn == "to_date" else "TIMESTAMP"
    if len(c.a) > 1:
        wall = _parsed(c, 1)
        return f"CAST({wall} AS DATE)" if out == "DATE" else c.from_local_time(wall)
    if out == "DATE" and not isinstance(c.arg_type(0), DateType):
        return f"CAST(CAST({c.a[0]} AS TIMESTAMP) AS DATE)"
    if out == "TIMESTAMP" and c.arg_type(0).simpleString() != "timestamp":
        return c.from_local_time(f"CAST({c.a[0]} AS TIMESTAMP)")
    return f"CAST({c.a[0]} AS {out})"


@scalar("unix_timestamp")
def _unix_timestamp(c: Ctx) -> str:
    if not c.a:
        return "CAST(floor(epoch(current_timestamp)) AS BIGINT)"
    from ..types import StringType
    x = c.a[0]
    if isinstance(c.arg_type(0), StringType):
        x = c.from_local_time(_parsed(c, 1))
    return f"CAST(floor(epoch({x})) AS BIGINT)"


@scalar("from_unixtime")
def _from_unixtime(c: Ctx) -> str:
    return (f"strftime({c.local_time(f'make_timestamp({c.a[0]} * 1000000)')}, "
            f"{_pattern(c, 1, False)})")


@scalar("timestamp_seconds")
def _timestamp_seconds(c: Ctx) -> str:
    return f"make_timestamp({c.a[0]} * 1000000)"


@scalar("from_utc_timestamp")
def _from_utc(c: Ctx) -> str:
    return f"(({c.a[0]} AT TIME ZONE 'UTC') AT TIME ZONE {c.a[1]})"


@scalar("to_utc_timestamp")
def _to_utc(c: Ctx) -> str:
    return f"(({c.a[0]} AT TIME ZONE {c.a[1]}) AT TIME ZONE 'UTC')"


_UNITS = {"year": "year", "yyyy": "year", "yy": "year", "quarter": "quarter",
          "month": "month", "mon": "month", "mm": "month", "week": "week", "day": "day",
          "dd": "day", "hour": "hour", "minute": "minute", "second": "second",
          "millisecond": "millisecond", "microsecond": "microsecond"}


@scalar("date_trunc")
def _date_trunc(c: Ctx) -> str:
    unit = _UNITS.get(str(c.value(0)).lower())
    if unit is None:
        return "CAST(NULL AS TIMESTAMP)"
    return c.from_local_time(f"CAST(date_trunc('{unit}', {c.local_time(c.a[1])}) AS TIMESTAMP)")


@scalar("trunc")
def _trunc(c: Ctx) -> str:
    unit = _UNITS.get(str(c.value(1)).lower())
    if unit not in ("year", "quarter", "month", "week"):
        return "CAST(NULL AS DATE)"
    return f"CAST(date_trunc('{unit}', {c.a[0]}) AS DATE)"


@scalar("months_between")
def _months_between(c: Ctx) -> str:
    a, b, _ = c.a
    months = f"((year({a}) - year({b})) * 12 + month({a}) - month({b}))"
    secs = "(epoch({x}) - epoch(date_trunc('day', {x})))"
    diff = (f"((day({a}) - day({b})) * 86400 + {secs.format(x=a)} - {secs.format(x=b)})")
    same = (f"(day({a}) = day({b}) OR (day({a}) = day(last_day({a})) AND "
            f"day({b}) = day(last_day({b}))))")
    value = f"(CASE WHEN {same} THEN {months} ELSE {months} + {diff} / 2678400.0 END)"
    if c.value(2) is False:
        return f"CAST({value} AS DOUBLE)"
    return f"CAST(round({value} * 1e8) / 1e8 AS DOUBLE)"


@scalar("last_day")
def _last_day(c: Ctx) -> str:
    return f"last_day({c.a[0]})"


_DAYS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}


@scalar("next_day")
def _next_day(c: Ctx) -> str:
    d = c.a[0]
    name = str(c.value(1) or "").upper()
    full = {"SUN": "SU", "MON": "MO", "TUE": "TU", "WED": "WE", "THU": "TH", "FRI": "FR",
            "SAT": "SA", "SUNDAY": "SU", "MONDAY": "MO", "TUESDAY": "TU", "WEDNESDAY": "WE",
            "THURSDAY": "TH", "FRIDAY": "FR", "SATURDAY": "SA"}
    key = name if name in _DAYS else full.get(name)
    if key is None:
        return (f"(CASE WHEN {d} IS NULL THEN NULL ELSE "
                f"{error(c.quote('[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: ' + name + '.'))}"
                f"::DATE END)")
    return f"CAST({d} + CAST((({_DAYS[key]} - dayofweek({d}) + 6) % 7) + 1 AS INTEGER) AS DATE)"


@scalar("hour", "minute", "second")
def _time_part(c: Ctx) -> str:
    return f"CAST({c.e.fn}({c.a[0]}) AS INTEGER)"


@scalar("current_timestamp")
def _current_timestamp(c: Ctx) -> str:
    return "(current_timestamp AT TIME ZONE 'UTC')"


@scalar("window")
def _window(c: Ctx) -> str:
    ts = c.a[0]
    size, start = c.value(1), c.value(2)
    us = f"epoch_us({ts})"
    lo = f"({us} - ((({us} - {start}) % {size}) + {size}) % {size})"
    return (f"(CASE WHEN {ts} IS NULL THEN NULL ELSE struct_pack(\"start\" := "
            f"make_timestamp({lo}), \"end\" := make_timestamp({lo} + {size})) END)")


@scalar("make_date")
def _make_date(c: Ctx) -> str:
    return f"make_date({', '.join(c.a)})"


@scalar("unix_date")
def _unix_date(c: Ctx) -> str:
    return f"CAST({c.a[0]} - DATE '1970-01-01' AS INTEGER)"


@scalar("unix_seconds", "unix_millis", "unix_micros")
def _unix_units(c: Ctx) -> str:
    x = c.a[0]
    if c.e.fn == "unix_micros":
        return f"epoch_us({x})"
    div = 1000000 if c.e.fn == "unix_seconds" else 1000
    return f"CAST(floor(epoch_us({x}) / {div}) AS BIGINT)"


@scalar("timestamp_millis", "timestamp_micros")
def _timestamp_units(c: Ctx) -> str:
    mul = 1000 if c.e.fn == "timestamp_millis" else 1
    return f"make_timestamp({c.a[0]} * {mul})"


@scalar("date_from_unix_date")
def _date_from_unix_date(c: Ctx) -> str:
    return f"CAST(DATE '1970-01-01' + {c.a[0]} AS DATE)"


@scalar("second_fraction")
def _second_fraction(c: Ctx) -> str:
    return f"CAST(microsecond({c.a[0]}) / 1000000 AS DECIMAL(8,6))"


@scalar("dayname", "monthname")
def _names(c: Ctx) -> str:
    return f"strftime({c.a[0]}, '{'%a' if c.e.fn == 'dayname' else '%b'}')"


@scalar("weekday")
def _weekday(c: Ctx) -> str:
    return f"CAST(isodow({c.a[0]}) - 1 AS INTEGER)"


def _duck_unit(c: Ctx) -> str:
    return {"dayofyear": "day"}.get(c.value(0).lower(), c.value(0).lower())


@scalar("timestampadd")
def _timestampadd(c: Ctx) -> str:
    """``quantity`` units added on the session zone's clock."""
    _, n, ts = c.a
    return c.from_local_time(f"({c.local_time(ts)} + {n} * INTERVAL 1 {_duck_unit(c)})")


@scalar("timestampdiff")
def _timestampdiff(c: Ctx) -> str:
    """The whole units from ``start`` to ``end`` on the session zone's clock, as Java's
    ``LocalDateTime.until``: the end's date moved a day toward the start when its time of day
    has not reached the start's, then months counted as ``(month * 32 + day)`` steps of 32."""
    unit = _duck_unit(c)
    a, b = c.local_time(c.a[1]), c.local_time(c.a[2])
    if unit not in ("year", "quarter", "month"):
        return f"CAST(date_sub('{unit}', {a}, {b}) AS BIGINT)"
    da, db = f"CAST({a} AS DATE)", f"CAST({b} AS DATE)"
    ta, tb = f"CAST({a} AS TIME)", f"CAST({b} AS TIME)"
    end = (f"(CASE WHEN {db} > {da} AND {tb} < {ta} THEN {db} - 1 "
           f"WHEN {db} < {da} AND {tb} > {ta} THEN {db} + 1 ELSE {db} END)")

    def packed(d: str) -> str:
        return f"((year({d}) * 12 + month({d}) - 1) * 32 + day({d}))"
    months = f"trunc(({packed(end)} - {packed(da)}) / 32)"
    per = {"year": 12, "quarter": 3, "month": 1}[unit]
    return f"CAST(trunc({months} / {per}) AS BIGINT)"
