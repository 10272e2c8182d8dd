"""Type rules of ``collect_union`` (ARRAY<T> rows → ARRAY<T>) and ``counter_diff`` (a numeric
counter, an optional start time; the counter's type)."""

from __future__ import annotations

from ..types import ArrayType, NullType
from . import coercion as co
from . import expressions as ex
from ..errors import AnalysisException
from .type_rules_common import literal_value, rule


def _wrong_type(name: str, args, wanted: str) -> AnalysisException:
    """Spark's DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for the first argument."""
    from .naming import auto_name
    shown = f"{name}({', '.join(auto_name(a) for a in args)})"
    t = args[0].dtype.simpleString().upper()
    return AnalysisException(
        f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{shown}\" due to data "
        f"type mismatch: The first parameter requires the \"{wanted}\" type, however "
        f"\"{auto_name(args[0])}\" has the type \"{t}\".",
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": shown})


@rule("collect_union")
def _collect_union(name, args, distinct):
    t = args[0].dtype
    if not isinstance(t, ArrayType):
        raise _wrong_type(name, args, "ARRAY")
    if len(args) > 1 and literal_value(name, args[1]) is True:   # RESPECT NULLS: one NULL kept
        return ex.AggCall(name, (args[0], args[1]), False, ArrayType(t.elementType, True), False)
    return ex.AggCall(name, (args[0],), False, ArrayType(t.elementType, False), False)


@rule("counter_diff")
def _counter_diff(name, args, distinct):
    t = args[0].dtype
    if not (co.is_numeric(t) or isinstance(t, NullType)):
        raise _wrong_type(name, args, "NUMERIC")
    return ex.AggCall(name, tuple(args[:2]), False, t, True)
