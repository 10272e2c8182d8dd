"""Type rules of the higher-order functions, over lambdas already bound (``lambdas.py``):
``transform``, ``filter``, ``exists``, ``forall``, ``aggregate``/``reduce``, ``zip_with``,
``map_filter``, ``transform_keys``, ``transform_values``, ``map_zip_with``."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import ArrayType, BooleanType, MapType
from . import coercion as co
from . import expressions as ex
from .lambdas import Lambda
from .type_rules_common import call, mismatch, rule


def _lambda(name, e) -> Lambda:
    if not isinstance(e, Lambda):
        raise AnalysisException(f"The argument of {name} must be a lambda function.",
                                "INVALID_LAMBDA_FUNCTION_CALL")
    return e


def _predicate(name, f: Lambda) -> None:
    if not isinstance(f.body.dtype, BooleanType):
        raise mismatch(name, f"the lambda function must return \"BOOLEAN\", but returns "
                       f"\"{f.body.dtype.simpleString().upper()}\"")


@rule("transform")
def _transform(name, args, distinct):
    f = _lambda(name, args[1])
    return call(name, (args[0], f), ArrayType(f.dtype, f.nullable), args[0].nullable)


@rule("filter")
def _filter(name, args, distinct):
    f = _lambda(name, args[1])
    _predicate(name, f)
    return call(name, (args[0], f), args[0].dtype, args[0].nullable)


@rule("exists", "forall")
def _exists(name, args, distinct):
    f = _lambda(name, args[1])
    _predicate(name, f)
    return call(name, (args[0], f), BooleanType(), True)


@rule("aggregate", "reduce")
def _aggregate(name, args, distinct):
    zero, merge = args[1], _lambda(name, args[2])
    t = zero.dtype
    if co.common_type(merge.dtype, t) is None:
        raise mismatch(name, f"the merge function returns {merge.dtype.simpleString()}, not "
                       f"the initial value's {t.simpleString()}")
    rest = (_lambda(name, args[3]),) if len(args) > 3 else ()
    out = rest[0].dtype if rest else t
    return call("aggregate", (args[0], zero, merge) + rest, out, True)


@rule("zip_with")
def _zip_with(name, args, distinct):
    f = _lambda(name, args[2])
    return call(name, (args[0], args[1], f), ArrayType(f.dtype, f.nullable),
                args[0].nullable or args[1].nullable)


@rule("map_filter", "transform_keys", "transform_values")
def _map_lambdas(name, args, distinct):
    f = _lambda(name, args[1])
    t = args[0].dtype
    if name == "map_filter":
        _predicate(name, f)
        out = t
    elif name == "transform_keys":
        out = MapType(f.dtype, t.valueType, t.valueContainsNull)
    else:
        out = MapType(t.keyType, f.dtype, f.nullable)
    return call(name, (args[0], f), out, args[0].nullable)


@rule("map_zip_with")
def _map_zip_with(name, args, distinct):
    f = _lambda(name, args[2])
    t1, t2 = args[0].dtype, args[1].dtype
    if not (isinstance(t1, MapType) and isinstance(t2, MapType)) or t1.keyType != t2.keyType:
        raise mismatch(name, f"the two maps must have the same key type, got "
                       f"{t1.simpleString()} and {t2.simpleString()}")
    return call(name, (args[0], args[1], f), MapType(t1.keyType, f.dtype, f.nullable),
                args[0].nullable or args[1].nullable)


def sort_with_comparator(arr, comparator):
    """``array_sort(arr, (x, y) -> int)``: the call ``array_sort_by``, shown as Spark does."""
    from ..types import IntegerType
    from .naming import auto_name
    f = _lambda("array_sort", comparator)
    if not isinstance(f.body.dtype, IntegerType):
        raise mismatch("array_sort", f"the comparator must return \"INT\", but returns "
                       f"\"{f.body.dtype.simpleString().upper()}\"")
    return ex.Call("array_sort_by", (arr, f), arr.dtype, arr.nullable,
                   pretty=f"array_sort({auto_name(arr)}, {f.spark_name()})")
