"""Type rules of the time window functions beyond ``window``: ``window_time``."""

from __future__ import annotations

from ..types import StructType, TimestampNTZType, TimestampType
from .type_rules_common import call, mismatch, rule


@rule("window_time")
def _window_time(name, args, distinct):
    t = args[0].dtype
    fields = {f.name: f.dataType for f in t.fields} if isinstance(t, StructType) else {}
    end = fields.get("end")
    if set(fields) != {"start", "end"} or not isinstance(end, (TimestampType, TimestampNTZType)):
        raise mismatch(name, f"the argument must be a time window column (struct<start, end> "
                             f"of timestamps, from window or session_window), not "
                             f"{t.simpleString()}")
    return call(name, args[:1], end)
