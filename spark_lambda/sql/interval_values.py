"""Interval values between Arrow and Python: ``collect`` gives day-time intervals as
``datetime.timedelta`` and refuses year-month and calendar intervals, as PySpark does;
``show`` prints each in Spark's text.
"""

from __future__ import annotations

import datetime
import os

from .catalyst.intervals import (INTERVAL_TYPES, calendar_text, day_time_text, micros_of,
                                 year_month_text)
from .errors import PySparkNotImplementedError
from .types import DayTimeIntervalType, YearMonthIntervalType

__all__ = ["INTERVAL_TYPES", "interval_arrow", "interval_python"]


def interval_python(value, dtype, shown: bool = False):
    """An Arrow month_day_nano value (``(months, days, nanoseconds)``) of ``dtype`` as
    ``collect`` gives it, or with ``shown`` as ``show`` prints it."""
    if value is None:
        return None
    months, days, nanos = value.months, value.days, value.nanoseconds
    micros = days * 86_400_000_000 + nanos // 1000
    if isinstance(dtype, DayTimeIntervalType):
        return day_time_text(micros, dtype) if shown else \
            datetime.timedelta(microseconds=micros)
    if shown:
        return year_month_text(months, dtype) if isinstance(dtype, YearMonthIntervalType) \
            else calendar_text(months, days, nanos // 1000)
    if isinstance(dtype, YearMonthIntervalType) and \
            os.environ.get("PYSPARK_YM_INTERVAL_LEGACY") == "1":
        return months
    raise PySparkNotImplementedError(
        f"{type(dtype).__name__}.fromInternal is not implemented: collect cannot give "
        f"{dtype.simpleString()} values; cast the column to STRING, or show() it",
        "NOT_IMPLEMENTED",
        {"feature": f"{type(dtype).__name__}.fromInternal"})


def interval_arrow(value, dtype) -> tuple:
    """A local value of an interval column as Arrow's month_day_nano ``(months, days,
    nanoseconds)``: a ``datetime.timedelta`` for a day-time interval; a bad value is an error
    naming what is wanted."""
    if isinstance(dtype, DayTimeIntervalType) and isinstance(value, datetime.timedelta):
        return (0, 0, micros_of(value) * 1000)
    from .errors import PySparkTypeError
    raise PySparkTypeError(
        f"{dtype.simpleString()} takes datetime.timedelta values (day-time intervals only "
        f"come from local data), not {type(value).__name__}: {value!r}",
        "CANNOT_ACCEPT_OBJECT_IN_TYPE",
        {"data_type": repr(dtype), "obj_name": repr(value), "obj_type": type(value).__name__})
