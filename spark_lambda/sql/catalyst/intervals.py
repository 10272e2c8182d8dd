"""Interval literals (``INTERVAL '3' MONTH``, ``INTERVAL '90' DAY``) as used in date arithmetic.

An ``IntervalValue`` holds months, days and microseconds; ``IntervalType`` is its type (Spark's
year-month and day-time interval types, shown as they are in Spark's type names).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import DataType


class IntervalType(DataType):
    """The type of an interval literal."""

    def __init__(self, year_month: bool = False):
        self.year_month = year_month

    def simpleString(self) -> str:
        return "interval year to month" if self.year_month else "interval day to second"


@dataclass(frozen=True)
class IntervalValue:
    """An interval of months, days and microseconds."""
    months: int = 0
    days: int = 0
    micros: int = 0

    def __str__(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months} months")
        if self.days:
            parts.append(f"{self.days} days")
        if self.micros:
            parts.append(f"{self.micros} microseconds")
        return "INTERVAL " + " ".join(parts or ["0 days"])


def interval_from_unit(amount: int, unit: str) -> IntervalValue:
    """``INTERVAL 'amount' unit`` for unit year, month, week, day, hour, minute or second."""
    unit = unit.lower().rstrip("s")
    if unit == "year":
        return IntervalValue(months=12 * amount)
    if unit == "month":
        return IntervalValue(months=amount)
    if unit == "week":
        return IntervalValue(days=7 * amount)
    if unit == "day":
        return IntervalValue(days=amount)
    factor = {"hour": 3_600_000_000, "minute": 60_000_000, "second": 1_000_000}.get(unit)
    if factor is None:
        raise ValueError(f"unsupported interval unit {unit!r}")
    return IntervalValue(micros=amount * factor)
