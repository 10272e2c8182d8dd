"""Type rules of the vector functions: every vector argument is exactly ``ARRAY<FLOAT>``
and a norm's degree exactly FLOAT (no implicit casts, as in Spark); the default degree is
2.0."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import ArrayType, FloatType
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import call, rule
from .type_rules_misc import check_arity

_ORDINAL = ("first", "second")


def _require(name: str, args, i: int, want) -> None:
    """Spark's UNEXPECTED_INPUT_TYPE unless argument ``i`` has exactly the type ``want``."""
    t = args[i].dtype
    if isinstance(want, ArrayType):
        ok = isinstance(t, ArrayType) and isinstance(t.elementType, FloatType)
    else:
        ok = isinstance(t, FloatType)
    if not ok:
        expr = f"{name}({', '.join(auto_name(a) for a in args)})"
        raise AnalysisException(
            f"Cannot resolve \"{expr}\" due to data type mismatch: The {_ORDINAL[i]} parameter "
            f"requires the \"{want.simpleString().upper()}\" type, however "
            f"\"{auto_name(args[i])}\" has the type \"{t.simpleString().upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": expr}, "42K09")


@rule("vector_cosine_similarity", "vector_inner_product", "vector_l2_distance")
def _pair(name, args, distinct):
    check_arity(name, args, 2, 2)
    for i in (0, 1):
        _require(name, args, i, ArrayType(FloatType()))
    return call(name, args, FloatType(), True)


@rule("vector_norm", "vector_normalize")
def _norm(name, args, distinct):
    check_arity(name, args, 1, 2)
    args = tuple(args) if len(args) == 2 else (args[0], ex.Lit(2.0, FloatType()))
    _require(name, args, 0, ArrayType(FloatType()))
    _require(name, args, 1, FloatType())
    out = FloatType() if name == "vector_norm" else ArrayType(FloatType())
    return call(name, args, out, True)


@rule("vector_sum", "vector_avg")
def _aggregate(name, args, distinct):
    check_arity(name, args, 1, 1)
    _require(name, args, 0, ArrayType(FloatType()))
    return ex.AggCall(name, (args[0],), distinct, ArrayType(FloatType(), False), True)
