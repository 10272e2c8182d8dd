"""Interval values: literals (``INTERVAL '3' MONTH``, ``INTERVAL '1 02:03:04' DAY TO SECOND``),
their types (Spark's year-month, day-time and calendar interval types) and the text Spark
shows for each.

An ``IntervalValue`` holds months, days and microseconds, as DuckDB's INTERVAL and Arrow's
month_day_nano do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import CalendarIntervalType, DayTimeIntervalType, YearMonthIntervalType

INTERVAL_TYPES = (DayTimeIntervalType, YearMonthIntervalType, CalendarIntervalType)
_MICROS = {"day": 86_400_000_000, "hour": 3_600_000_000, "minute": 60_000_000,
           "second": 1_000_000}
_DT_FIELDS = ["day", "hour", "minute", "second"]


@dataclass(frozen=True)
class IntervalValue:
    """An interval of months, days and microseconds."""
    months: int = 0
    days: int = 0
    micros: int = 0

    def __str__(self) -> str:
        return calendar_text(self.months, self.days, self.micros)


def _bad(text: str, what: str) -> ValueError:
    from ...errors import SparkLambdaError
    return SparkLambdaError(f"[INVALID_INTERVAL_FORMAT] cannot read {text!r} as an interval "
                            f"{what}; write it as Spark does, e.g. INTERVAL '1 02:03:04' DAY "
                            f"TO SECOND or INTERVAL '1-2' YEAR TO MONTH")


def interval_literal(text: str, start: str, end: str | None = None):
    """``INTERVAL 'text' start [TO end]`` as ``(IntervalValue, type)``."""
    start = start.lower().rstrip("s")
    end = (end or start).lower().rstrip("s")
    if start == "week":
        return IntervalValue(days=7 * int(text)), DayTimeIntervalType(0)
    if start in ("year", "month"):
        if start == "year" and end == "month":
            m = re.fullmatch(r"\s*([+-]?)(\d+)-(\d+)\s*", text)
            if not m:
                raise _bad(text, "year to month")
            months = int(m[2]) * 12 + int(m[3])
            value = -months if m[1] == "-" else months
        else:
            value = int(text) * (12 if start == "year" else 1)
        return IntervalValue(months=value), YearMonthIntervalType(
            0 if start == "year" else 1, 0 if end == "year" else 1)
    if start not in _MICROS or end not in _MICROS:
        raise _bad(text, f"{start} to {end}")
    first, last = _DT_FIELDS.index(start), _DT_FIELDS.index(end)
    m = re.fullmatch(r"\s*([+-]?)(\d+(?:\.\d+)?)((?:[ :]\d+(?:\.\d+)?)*)\s*", text)
    if not m:
        raise _bad(text, f"{start} to {end}")
    parts = [m[2]] + re.findall(r"\d+(?:\.\d+)?", m[3])
    if len(parts) != last - first + 1:
        raise _bad(text, f"{start} to {end}")
    micros = sum(round(float(p) * _MICROS[_DT_FIELDS[first + i]]) for i, p in enumerate(parts))
    micros = -micros if m[1] == "-" else micros
    return IntervalValue(micros=micros), DayTimeIntervalType(first, last)


def micros_of(value) -> int:
    """A ``datetime.timedelta``'s whole microseconds."""
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def interval_from_unit(amount: int, unit: str) -> IntervalValue:
    """``INTERVAL 'amount' unit`` for unit year, month, week, day, hour, minute or second."""
    return interval_literal(str(amount), unit)[0]


def _seconds(micros: int) -> str:
    whole, frac = divmod(micros, 1_000_000)
    return f"{whole:02d}" + (f".{frac:06d}".rstrip("0") if frac else "")


def day_time_text(micros: int, t: DayTimeIntervalType) -> str:
    """A day-time interval as Spark shows it: ``INTERVAL '1 02:03:04' DAY TO SECOND``."""
    sign, rest = ("-" if micros < 0 else ""), abs(micros)
    start, end = t.startField, t.endField
    lead = rest // _MICROS[_DT_FIELDS[start]]
    rest -= lead * _MICROS[_DT_FIELDS[start]]
    if start == 3:
        text = _seconds(abs(micros))
    else:
        text = str(lead) if start == 0 else f"{lead:02d}"
        for f in range(start + 1, end + 1):
            unit = _MICROS[_DT_FIELDS[f]]
            if f == 3:
                text += ":" + _seconds(rest)
            else:
                text += (" " if f == 1 else ":") + f"{rest // unit:02d}"
                rest %= unit
    names = _DT_FIELDS[start].upper() + ("" if start == end else
                                         " TO " + _DT_FIELDS[end].upper())
    return f"INTERVAL '{sign}{text}' {names}"


def year_month_text(months: int, t: YearMonthIntervalType) -> str:
    """A year-month interval as Spark shows it: ``INTERVAL '1-2' YEAR TO MONTH``."""
    sign, n = ("-" if months < 0 else ""), abs(months)
    if t.startField == t.endField:
        body, names = (str(n // 12), "YEAR") if t.startField == 0 else (str(n), "MONTH")
    else:
        body, names = f"{n // 12}-{n % 12}", "YEAR TO MONTH"
    return f"INTERVAL '{sign}{body}' {names}"


def calendar_text(months: int, days: int, micros: int) -> str:
    """A calendar interval as Spark shows it: ``1 years 2 months 3 days 4 hours 5.5 seconds``."""
    parts = []
    years, months = int(months / 12), months - 12 * int(months / 12)
    for n, name in ((years, "years"), (months, "months"), (days, "days")):
        if n:
            parts.append(f"{n} {name}")
    hours, rest = int(micros / 3_600_000_000), micros - 3_600_000_000 * int(micros / 3_600_000_000)
    minutes = int(rest / 60_000_000)
    rest -= 60_000_000 * minutes
    if hours:
        parts.append(f"{hours} hours")
    if minutes:
        parts.append(f"{minutes} minutes")
    if rest:
        sign = "-" if rest < 0 else ""
        whole, frac = divmod(abs(rest), 1_000_000)
        parts.append(f"{sign}{whole}" + (f".{frac:06d}".rstrip("0") if frac else "") +
                     " seconds")
    return " ".join(parts) or "0 seconds"
