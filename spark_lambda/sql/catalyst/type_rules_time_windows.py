"""Type rules of the time window functions beyond ``window``: ``window_time``."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import StructType, TimestampNTZType, TimestampType
from . import expressions as ex
from .type_rules_common import call, rule


@rule("window_time")
def _window_time(name, args, distinct):
    t = args[0].dtype
    fields = {f.name: f.dataType for f in t.fields} if isinstance(t, StructType) else {}
    end = fields.get("end")
    if set(fields) != {"start", "end"} or not isinstance(end, (TimestampType, TimestampNTZType)):
        raise AnalysisException(
            f"Cannot resolve \"window_time({ex.expr_name(args[0])})\" due to data type "
            f"mismatch: the argument must be a time window column (struct<start, end> of "
            f"timestamps, from window or session_window), not {t.simpleString()}.",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {}, "42K09")
    return call(name, args[:1], end, True)
