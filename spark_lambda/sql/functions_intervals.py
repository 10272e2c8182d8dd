"""``pyspark.sql.functions`` building INTERVAL values (calendar intervals of years to
seconds, day-time and year-month intervals) and bucketing timestamps by an interval."""

from __future__ import annotations

from .functions_common import define_all

_PARTS = ("@years=None, @months=None, @weeks=None, @days=None, @hours=None, @mins=None, "
          "@secs=None")

__all__ = define_all(globals(), [
    ("make_interval", _PARTS,
     "The calendar interval of the given parts (missing ones are 0; seconds may hold a "
     "fraction); months or days past the INT range are an error."),
    ("try_make_interval", _PARTS, "``make_interval``, NULL where a part overflows."),
    ("make_dt_interval", "@days=None, @hours=None, @mins=None, @secs=None",
     "The day-time interval (``interval day to second``) of the given parts (missing ones "
     "are 0)."),
    ("make_ym_interval", "@years=None, @months=None",
     "The year-month interval (``interval year to month``) of ``years`` and ``months`` "
     "(missing ones are 0); past the INT range of months is an error."),
    ("time_bucket", "@bucket_size, @ts, @origin=None",
     "The start of the ``bucket_size`` bucket (a positive constant interval) holding the "
     "timestamp ``ts``, on the grid from ``origin`` (default 1970-01-01 00:00:00)."),
])
