"""Time windows as grouping keys: ``groupBy(F.session_window(time, gap), ...)`` planned as
window functions over the other keys (Spark's sessions, built from ordinary operators), and
the rows a tumbling ``F.window`` key leaves out (those with a NULL time).

Within each group of the other keys, events in time order open a new session when their time
is later than the end (time + gap) of every event before them; a running sum of those
openings numbers the sessions; the aggregate groups by the other keys and that number, and
the key column ``session_window`` is ``struct(min(time), max(time + gap))``. Rows with a NULL
time are left out, as Spark leaves them out of every session.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column
from .errors import AnalysisException

_TS, _END, _NEW, _ID = "__sw_time", "__sw_end", "__sw_new", "__sw_id"


def timed_rows(df, keys: list):
    """``df`` without the rows whose time is NULL when a key is a tumbling ``window`` of it
    (Spark puts such rows in no window)."""
    for k in keys:
        if isinstance(k, ex.UnresolvedFunc) and k.name == "window" and k.args:
            df = df.where(Column(k.args[0]).isNotNull())
    return df


def is_session_window(e: ex.Expr) -> bool:
    """Whether a grouping key is ``session_window(...)``."""
    return isinstance(e, ex.UnresolvedFunc) and e.name == "session_window"


def aggregate_sessions(df, keys: list, aggs: list):
    """``df.groupBy(*keys).agg(*aggs)`` where one key is a session window."""
    from . import functions as F
    from .catalyst.type_rules_datetime import parse_interval_micros
    from .types import StringType, TimestampNTZType, TimestampType
    from .window import Window
    windows = [k for k in keys if is_session_window(k)]
    if len(windows) > 1:
        raise AnalysisException("Multiple time/session window expressions would result in a "
                                "cartesian product of rows, therefore they are currently not "
                                "supported.", "_LEGACY_ERROR_TEMP_1203")
    time, gap = windows[0].args
    gap_text = gap.value if isinstance(gap, ex.Lit) else None
    if not isinstance(gap_text, str):
        raise AnalysisException("session_window needs its gap as a constant duration such as "
                                "'5 seconds' (a gap computed per row is not supported).",
                                "UNSUPPORTED_FEATURE")
    gap_us = parse_interval_micros(gap_text)
    others = [Column(k) for k in keys if not is_session_window(k)]
    t = Column(time)
    t_type = df.select(t).schema.fields[0].dataType
    if isinstance(t_type, StringType):
        t = t.cast("timestamp")
    elif not isinstance(t_type, (TimestampType, TimestampNTZType)):
        raise AnalysisException(
            f"Cannot resolve \"session_window\" due to data type mismatch: the time column "
            f"must be a timestamp, not {t_type.simpleString()}.",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {}, "42K09")
    rows = df.withColumn(_TS, t).where(F.col(_TS).isNotNull())
    end = F.timestamp_add("MICROSECOND", F.lit(gap_us), F.col(_TS))
    rows = rows.withColumn(_END, end)
    order = Window.partitionBy(*others).orderBy(_TS)
    before = F.max(_END).over(order.rowsBetween(Window.unboundedPreceding, -1))
    rows = rows.withColumn(_NEW, F.when(before.isNull() | (F.col(_TS) > before), 1)
                           .otherwise(0))
    rows = rows.withColumn(_ID, F.sum(_NEW).over(
        order.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
    session = F.struct(F.min(_TS).alias("start"), F.max(_END).alias("end"))
    grouped = rows.groupBy(*others, _ID).agg(session.alias("session_window"),
                                             *[Column(a) for a in aggs])
    out = grouped._plan.output
    n = len(others)
    picked, i = [], 0
    for k in keys:
        if is_session_window(k):
            picked.append(out[n + 1])
        else:
            picked.append(out[i])
            i += 1
    return grouped.select(*[Column(a) for a in picked + list(out[n + 2:])])
