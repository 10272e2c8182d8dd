"""``pyspark.sql.functions`` over dates and timestamps, with Java date patterns."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column
from .functions_common import c, call, define_all, v

DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss"


def date_format(date, format: str) -> Column:  # noqa: A002
    """The date or timestamp as text in a Java pattern (``yyyy-MM-dd HH:mm``, ``EEE``...)."""
    return call("date_format", c(date), v(format))


def to_timestamp(col, format: str | None = None) -> Column:  # noqa: A002
    """Text parsed as a timestamp (with a Java pattern); ANSI: malformed text is an error."""
    return call("to_timestamp", c(col), *((v(format),) if format else ()))


def to_date(col, format: str | None = None) -> Column:  # noqa: A002
    """Text parsed as a date (with a Java pattern)."""
    return call("to_date", c(col), *((v(format),) if format else ()))


def unix_timestamp(timestamp=None, format: str = DEFAULT_PATTERN) -> Column:  # noqa: A002
    """Seconds since the epoch of a timestamp, or of text in ``format`` (now, without one)."""
    if timestamp is None:
        return call("unix_timestamp")
    return call("unix_timestamp", c(timestamp), v(format))


def to_unix_timestamp(timestamp, format=None) -> Column:  # noqa: A002
    """Seconds since the epoch of text in ``format``, a column or a column name
    (``yyyy-MM-dd HH:mm:ss`` by default)."""
    fmt = ex.Lit(DEFAULT_PATTERN) if format is None else c(format)   # a column, as PySpark
    return call("to_unix_timestamp", c(timestamp), fmt)


def timestamp_add(unit: str, quantity, ts) -> Column:
    """``ts`` plus ``quantity`` ``unit``s (``YEAR``, ``QUARTER``, ``MONTH``, ``WEEK``, ``DAY``,
    ``HOUR``, ``MINUTE``, ``SECOND``, ``MILLISECOND``, ``MICROSECOND``)."""
    return call("timestampadd", ex.Lit(unit), c(quantity), c(ts))


def timestamp_diff(unit: str, start, end) -> Column:
    """The whole ``unit``s from ``start`` to ``end`` (units as ``timestamp_add``)."""
    return call("timestampdiff", ex.Lit(unit), c(start), c(end))


def from_unixtime(timestamp, format: str = DEFAULT_PATTERN) -> Column:  # noqa: A002
    """Seconds since the epoch as text in ``format``."""
    return call("from_unixtime", c(timestamp), v(format))


def timestamp_seconds(col) -> Column:
    """Seconds since the epoch as a timestamp."""
    return call("timestamp_seconds", c(col))


def from_utc_timestamp(timestamp, tz) -> Column:
    """A UTC timestamp shown as wall time in time zone ``tz``."""
    return call("from_utc_timestamp", c(timestamp), v(tz))


def to_utc_timestamp(timestamp, tz) -> Column:
    """Wall time in time zone ``tz`` as the UTC timestamp."""
    return call("to_utc_timestamp", c(timestamp), v(tz))


def date_trunc(format: str, timestamp) -> Column:  # noqa: A002
    """The timestamp truncated to a unit (``year``, ``month``, ``day``, ``hour``...)."""
    return call("date_trunc", v(format), c(timestamp))


def trunc(date, format: str) -> Column:  # noqa: A002
    """The date truncated to ``year``, ``quarter``, ``month`` or ``week`` (else NULL)."""
    return call("trunc", c(date), v(format))


def months_between(date1, date2, roundOff: bool = True) -> Column:
    """Months from ``date2`` to ``date1`` (fractions over 31-day months, 8 digits)."""
    return call("months_between", c(date1), c(date2), v(roundOff))


def last_day(date) -> Column:
    """The last day of the date's month."""
    return call("last_day", c(date))


def next_day(date, dayOfWeek: str) -> Column:
    """The first date after ``date`` that is a ``dayOfWeek`` (``Mon``, ``TU``, ``friday``)."""
    return call("next_day", c(date), v(dayOfWeek))


def hour(col) -> Column:
    """The hour of a timestamp."""
    return call("hour", c(col))


def minute(col) -> Column:
    """The minute of a timestamp."""
    return call("minute", c(col))


def second(col) -> Column:
    """The second of a timestamp."""
    return call("second", c(col))


def current_timestamp() -> Column:
    """The current time."""
    return call("current_timestamp")


now = current_timestamp


def window(timeColumn, windowDuration: str, slideDuration: str | None = None,
           startTime: str | None = None) -> Column:
    """The tumbling time bucket (``struct<start, end>``) holding each timestamp; sliding
    windows (``slideDuration`` other than the duration) are not supported."""
    args = [c(timeColumn), v(windowDuration), v(slideDuration)]
    if startTime is not None:
        args.append(v(startTime))
    return call("window", *args)


define_all(globals(), [
    ("make_date", "@year, @month, @day", "The date of the year, month and day columns."),
    ("unix_date", "col", "Days since 1970-01-01."),
    ("unix_seconds", "col", "Whole seconds since 1970-01-01 00:00:00 UTC."),
    ("unix_millis", "col", "Milliseconds since 1970-01-01 00:00:00 UTC."),
    ("unix_micros", "col", "Microseconds since 1970-01-01 00:00:00 UTC."),
    ("timestamp_millis", "col", "The timestamp that many milliseconds after the epoch."),
    ("timestamp_micros", "col", "The timestamp that many microseconds after the epoch."),
    ("date_from_unix_date", "@days", "The date that many days after 1970-01-01."),
    ("date_part", "field, @source", "A field (``YEAR``, ``MONTH``, ``SECOND``...) of a date "
                                    "or timestamp."),
    ("datepart", "field, @source", "A field (``YEAR``, ``MONTH``, ``SECOND``...) of a date "
                                   "or timestamp."),
    ("extract", "field, @source", "A field (``YEAR``, ``MONTH``, ``SECOND``...) of a date "
                                  "or timestamp."),
    ("dateadd", "@start, @days", "The date ``days`` days after ``start``."),
    ("date_diff", "@end, @start", "Days from ``start`` to ``end``."),
    ("to_timestamp_ltz", "@timestamp, format=None",
     "A string parsed as a timestamp (a Java pattern, or the default forms)."),
])
