"""``direct_shuffle_partition_id(p)``: the partition a row names itself
(``DataFrame.repartitionById``), resolved by the analyzer's ``Repartition`` rule only."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import IntegerType, NullType
from . import coercion as co
from . import expressions as ex

DIRECT_PID = "direct_shuffle_partition_id"


def direct_partition_id(pid: ex.Expr) -> ex.Call:
    """The resolved call over ``pid``, which must be an INT (Spark casts nothing else)."""
    if isinstance(pid.dtype, NullType):
        pid = co.cast_to(pid, IntegerType())
    if not isinstance(pid.dtype, IntegerType):
        name = ex.expr_name(pid)
        raise AnalysisException(
            f"Cannot resolve \"{DIRECT_PID}({name})\" due to data type mismatch: The first "
            f"parameter requires the \"INT\" type, however \"{name}\" has the type "
            f"\"{pid.dtype.simpleString().upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": f"{DIRECT_PID}({name})"},
            "42K09")
    return ex.Call(DIRECT_PID, (pid,), IntegerType(), False)
