"""What the ``type_rules_*`` modules share: the table of extra functions by name and the
argument helpers (Spark's implicit casts, its mismatch error).

A rule is ``fn(name, args, distinct) -> Expr`` over resolved arguments; ``function_registry``
asks this table first, so a rule here also replaces the registry's own for its name.
"""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (BooleanType, DataType, DateType, DoubleType, IntegerType, LongType,
                     NullType, StringType, TimestampType)
from . import coercion as co
from . import expressions as ex

RULES: dict = {}


def rule(*names: str):
    """Register the decorated function as the type rule of ``names``."""
    def deco(fn):
        for n in names:
            RULES[n] = fn
        return fn
    return deco


def mismatch(name: str, why: str) -> AnalysisException:
    """Spark's DATATYPE_MISMATCH error."""
    return AnalysisException(f"Cannot resolve \"{name}\" due to data type mismatch: {why}.",
                             "DATATYPE_MISMATCH", {"sqlExpr": name})


def call(fn: str, args, dtype: DataType, nullable: bool | None = None) -> ex.Call:
    """A typed call (nullable when any argument is, unless told)."""
    args = tuple(args)
    if nullable is None:
        nullable = any(a.nullable for a in args)
    return ex.Call(fn, args, dtype, nullable)


def to(e: ex.Expr, t: DataType) -> ex.Expr:
    """``e`` implicitly cast to ``t``."""
    return co.cast_to(e, t)


def string(e): return to(e, StringType())
def integer(e): return to(e, IntegerType())
def long(e): return to(e, LongType())
def boolean(e): return to(e, BooleanType())
def date(e): return to(e, DateType())
def timestamp(e): return to(e, TimestampType())


def double(name: str, e: ex.Expr) -> ex.Expr:
    """A numeric (or string) argument as DOUBLE."""
    t = e.dtype
    if co.is_numeric(t) or isinstance(t, (NullType, StringType)):
        return to(e, DoubleType())
    raise mismatch(name, f"the argument requires a numeric type, but got {t.simpleString()}")


def literal_value(name: str, e: ex.Expr):
    """The value of a constant argument (a literal, possibly cast)."""
    while isinstance(e, ex.Cast):
        e = e.child
    if not isinstance(e, ex.Lit):
        raise AnalysisException(f"The argument of {name} must be a constant.",
                                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return e.value


def lit(value, t: DataType) -> ex.Lit:
    """A typed literal."""
    return ex.Lit(value, t)
