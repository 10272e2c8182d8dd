"""Type rules of the functions building timestamps from fields (``make_timestamp``,
``_ltz``, ``_ntz`` and their ``try_`` forms), ``convert_timezone``, ``to_timestamp_ntz``, the
checks ``assert_true``/``raise_error``, and what a task knows of itself:
``monotonically_increasing_id`` and ``input_file_name``/``input_file_block_*``."""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import (DateType, DecimalType, LongType, NullType, StringType, TimestampNTZType,
                     TimestampType, TimeType)
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import call, integer, rule, string, to
from .type_rules_misc import check_arity

MAKE_TIMESTAMP = ("make_timestamp", "make_timestamp_ltz", "make_timestamp_ntz",
                  "try_make_timestamp", "try_make_timestamp_ltz", "try_make_timestamp_ntz")


@rule(*MAKE_TIMESTAMP)
def _make_timestamp(name, args, distinct):
    ntz = name.endswith("_ntz")
    if len(args) in ((2,) if ntz else (2, 3)):   # (date, time[, timezone])
        return _from_date_time(name, args, ntz)
    check_arity(name, args, 6, 6 if ntz else 7)
    fields = [integer(a) for a in args[:5]] + [to(args[5], DecimalType(16, 6))]
    out = call(name, fields + [string(a) for a in args[6:]],
               TimestampNTZType() if ntz else TimestampType(),
               True if name.startswith("try_") else None)
    if name == "try_make_timestamp" and len(args) == 7:   # Spark shows it without the zone
        out = dataclasses.replace(
            out, pretty=f"{name}({', '.join(auto_name(a) for a in args[:6])})")
    return out


def _from_date_time(name, args, ntz: bool) -> ex.Expr:
    """``name(date, time[, timezone])``: the wall-clock time of ``date`` at ``time``."""
    if not isinstance(args[1].dtype, (TimeType, NullType)):
        t = args[1].dtype.simpleString()
        shown = f"{name}({', '.join(auto_name(a) for a in args)})"
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{shown}\" due to data "
            f"type mismatch: The second parameter requires the \"TIME\" type, however "
            f"\"{auto_name(args[1])}\" has the type \"{t.upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": shown})
    parts = [to(args[0], DateType()), to(args[1], TimeType(6))] + [string(a) for a in args[2:]]
    out = call(name + "_date_time", parts, TimestampNTZType() if ntz else TimestampType(),
               True if name.startswith("try_") or ntz else None)
    return dataclasses.replace(out, pretty=f"{name}({', '.join(auto_name(a) for a in args)})")


@rule("convert_timezone")
def _convert_timezone(name, args, distinct):
    check_arity(name, args, 2, 3)
    if len(args) == 2:
        args = (ex.Call("current_timezone", (), StringType(), False),) + tuple(args)
    zones = [string(a) for a in args[:2]]
    ts = args[2]
    if not isinstance(ts.dtype, TimestampNTZType):
        ts = to(ts, TimestampNTZType())
    return call(name, zones + [ts], TimestampNTZType())


@rule("assert_true")
def _assert_true(name, args, distinct):
    check_arity(name, args, 1, 2)
    msg = string(args[1]) if len(args) > 1 else \
        ex.Lit(f"'{auto_name(args[0])}' is not true!", StringType())
    return call(name, (args[0], msg), NullType(), True)


@rule("raise_error")
def _raise_error(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (string(args[0]),), NullType(), True)



@rule("monotonically_increasing_id")
def _monotonically_increasing_id(name, args, distinct):
    check_arity(name, args, 0, 0)
    return call(name, (), LongType(), False)


@rule("to_timestamp_ntz")
def _to_timestamp_ntz(name, args, distinct):
    check_arity(name, args, 1, 2)
    if len(args) == 1 and isinstance(args[0].dtype, (DateType, TimestampNTZType)):
        return call(name, args, TimestampNTZType())
    return call(name, [string(a) for a in args], TimestampNTZType(), True)


@rule("input_file_name", "input_file_block_start", "input_file_block_length")
def _input_file(name, args, distinct):
    check_arity(name, args, 0, 0)
    return call(name, (), StringType() if name == "input_file_name" else LongType(), False)
