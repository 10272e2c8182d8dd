"""``pyspark.sql.functions`` over the TIME type (Spark 4.1): building, parsing, truncating
and measuring times of day."""

from __future__ import annotations

from .functions_common import define_all

__all__ = define_all(globals(), [
    ("make_time", "@hour, @minute, @second",
     "The time of day of ``hour``, ``minute`` and ``second`` (fraction included); a field out "
     "of range is an error."),
    ("to_time", "@str, @format=None",
     "Text as a TIME, read with the Java pattern ``format`` when given; text that is no time "
     "is an error."),
    ("try_to_time", "@str, @format=None", "``to_time``, NULL where the text is no time."),
    ("time_trunc", "@unit, @time",
     "The time cut to the ``unit`` (HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND)."),
    ("time_diff", "@unit, @start, @end", "Whole ``unit``\\ s from ``start`` to ``end``."),
    ("current_time", "precision=None",
     "The time of day now in the session time zone, with ``precision`` fraction digits."),
    ("time_to_micros", "@col", "Microseconds after midnight."),
    ("time_to_millis", "@col", "Milliseconds after midnight."),
    ("time_to_seconds", "@col", "Seconds after midnight, as DECIMAL(14,6)."),
    ("time_from_micros", "@col", "The time ``col`` microseconds after midnight."),
    ("time_from_millis", "@col", "The time ``col`` milliseconds after midnight."),
    ("time_from_seconds", "@col", "The time ``col`` seconds (fraction included) after midnight."),
])
