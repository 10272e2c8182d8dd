"""``pyspark.sql.functions`` over time windows beyond ``window``: ``window_time`` (the last
instant a window covers) and ``session_window`` (a grouping key merging events closer than a
gap; ``session_windows`` plans the aggregate)."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column
from .functions_common import c, call, v

__all__ = ["window_time", "session_window"]


def window_time(windowColumn) -> Column:
    """The event time of a time window (``window`` or ``session_window``): its end minus one
    microsecond, the last instant it covers."""
    return call("window_time", c(windowColumn))


def session_window(timeColumn, gapDuration) -> Column:
    """A grouping key for ``groupBy``: each group's events (by the other keys) ordered by
    ``timeColumn`` and cut into sessions wherever the next event comes later than
    ``gapDuration`` (``'5 seconds'``) after the previous ones; the key is the session's
    ``struct<start, end>``, ``end`` the last event plus the gap. Rows with a NULL time
    belong to no session."""
    return Column(ex.UnresolvedFunc("session_window", (c(timeColumn), v(gapDuration))))
