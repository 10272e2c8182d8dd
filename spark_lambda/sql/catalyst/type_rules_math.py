"""Type rules of the math, conditional/null and hash functions (``sqrt``, ``log`` variants,
``signum``, ``pmod``, ``rand``, ``nvl``, ``nullif``, ``hash``, ``xxhash64``, ``sha2``...)."""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import (BinaryType, BooleanType, ByteType, DoubleType, IntegerType, IntegralType,
                     LongType, NullType, StringType)
from . import coercion as co
from . import expressions as ex
from .type_rules_common import call, double, literal_value, mismatch, rule, to

_DOUBLE_UNARY = ("sqrt", "cbrt", "exp", "expm1", "ln", "log10", "log2", "log1p", "sin", "cos",
                 "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "degrees", "radians",
                 "signum", "sign", "cot", "sec", "csc", "rint", "acosh", "asinh", "atanh")


@rule(*_DOUBLE_UNARY)
def _unary(name, args, distinct):
    # NULL for arguments out of their domain (logarithms), or always nullable in Spark (exp)
    nullable = True if name in ("acosh", "atanh", "exp", "expm1", "cosh", "sinh", "tanh", "ln",
                                "log10", "log2", "log1p", "cbrt") else None
    return call({"sign": "signum"}.get(name, name), (double(name, args[0]),), DoubleType(),
                nullable)


@rule("pow", "power", "atan2", "hypot")
def _binary(name, args, distinct):
    return call({"power": "pow"}.get(name, name), [double(name, a) for a in args], DoubleType())


@rule("log")
def _log(name, args, distinct):
    if len(args) == 1:
        return call("ln", (double(name, args[0]),), DoubleType(), True)
    return call("log", [double(name, a) for a in args], DoubleType(), True)


@rule("factorial")
def _factorial(name, args, distinct):
    return call(name, (to(args[0], IntegerType()),), LongType(), True)


@rule("pmod")
def _pmod(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if t is None or not (co.is_numeric(t) or isinstance(t, NullType)):
        raise mismatch(name, "the arguments must be numeric")
    return call(name, [co.cast_to(a, t) for a in args], t, True)


@rule("rand", "random", "randn")
def _rand(name, args, distinct):
    seed = literal_value(name, args[0]) if args else None
    fn = "randn" if name == "randn" else "rand"
    return ex.Call(fn, (ex.Lit(seed, LongType()),) if args else (), DoubleType(), False)


@rule("nvl", "ifnull")
def _nvl(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise mismatch(name, "the arguments have incompatible types")
    vals = [co.cast_to(a, t) for a in args]
    return call(name, vals, t, all(a.nullable for a in vals))


@rule("nvl2")
def _nvl2(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args[1:]])
    if t is None:
        raise mismatch(name, "the arguments have incompatible types")
    vals = [co.cast_to(a, t) for a in args[1:]]
    return call(name, [args[0]] + vals, t, any(a.nullable for a in vals))


@rule("nullif")
def _nullif(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise mismatch(name, "the arguments have incompatible types")
    return call(name, [co.cast_to(a, t) for a in args], args[0].dtype, True)


@rule("hash")
def _hash(name, args, distinct):
    return call("hash", args, IntegerType(), False)


@rule("xxhash64")
def _xxhash64(name, args, distinct):
    return call("xxhash64", args, LongType(), False)


def _binary_arg(e):
    return e if isinstance(e.dtype, (StringType, BinaryType)) else to(e, StringType())


@rule("md5", "sha1", "sha")
def _digest(name, args, distinct):
    return call({"sha": "sha1"}.get(name, name), (_binary_arg(args[0]),), StringType())


@rule("sha2")
def _sha2(name, args, distinct):
    bits = literal_value(name, args[1])
    return call(name, (_binary_arg(args[0]), ex.Lit(bits, IntegerType())), StringType(),
                args[0].nullable or bits not in (0, 224, 256, 384, 512))


@rule("crc32")
def _crc32(name, args, distinct):
    return call(name, (_binary_arg(args[0]),), LongType())


@rule("e", "pi")
def _constant(name, args, distinct):
    return call(name, (), DoubleType(), False)


@rule("positive")
def _positive(name, args, distinct):
    if not (co.is_numeric(args[0].dtype) or isinstance(args[0].dtype, NullType)):
        raise mismatch(name, "the argument requires a numeric type")
    return call(name, args[:1], args[0].dtype)


@rule("equal_null")
def _equal_null(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise mismatch(name, "the arguments have incompatible types")
    return call("<=>", [co.cast_to(a, t) for a in args], BooleanType(), False)


@rule("nullifzero", "zeroifnull")
def _zero(name, args, distinct):
    t = args[0].dtype
    if not (co.is_numeric(t) or isinstance(t, NullType)):
        raise mismatch(name, "the argument requires a numeric type")
    t = IntegerType() if isinstance(t, NullType) else t
    return call(name, (co.cast_to(args[0], t),), t, name == "nullifzero")


def _integral(name, e):
    if isinstance(e.dtype, IntegralType):
        return e
    return to(e, LongType())


@rule("bin")
def _bin(name, args, distinct):
    return call(name, (to(args[0], LongType()),), StringType())


@rule("hex")
def _hex(name, args, distinct):
    x = args[0]
    if not isinstance(x.dtype, (StringType, BinaryType)):
        x = to(x, LongType())
    return call(name, (x,), StringType())


@rule("unhex")
def _unhex(name, args, distinct):
    return call(name, (to(args[0], StringType()),), BinaryType(), True)


@rule("shiftleft", "shiftright", "shiftrightunsigned")
def _shift(name, args, distinct):
    x = args[0] if isinstance(args[0].dtype, (IntegerType, LongType)) else to(args[0],
                                                                              IntegerType())
    return call(name, (x, to(args[1], IntegerType())), x.dtype)


@rule("bit_get", "getbit")
def _bit_get(name, args, distinct):
    return call("bit_get", (_integral(name, args[0]), to(args[1], IntegerType())), ByteType())


@rule("bit_and", "bit_or", "bit_xor")
def _bit_agg(name, args, distinct):
    x = _integral(name, args[0])
    return ex.AggCall(name, (x,), distinct, x.dtype)


@rule("typeof")
def _typeof(name, args, distinct):
    return call(name, args[:1], StringType(), False)


@rule("bit_count")
def _bit_count(name, args, distinct):
    x = args[0] if isinstance(args[0].dtype, (IntegralType, BooleanType)) else to(args[0],
                                                                                  LongType())
    return call(name, (x,), IntegerType())


@rule("bitwise_not", "~")
def _bitwise_not(name, args, distinct):
    x = _integral(name, args[0])
    return call("bitwise_not", (x,), x.dtype)


@rule("&", "|", "^")
def _bitwise(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if not isinstance(t, (IntegralType, NullType)):
        sql = f"({ex.expr_name(args[0])} {name} {ex.expr_name(args[1])})"
        a, b = (x.dtype.simpleString().upper() for x in args)
        if a != b:
            raise AnalysisException(
                f"Cannot resolve \"{sql}\" due to data type mismatch: the left and right "
                f"operands of the binary operator have incompatible types (\"{a}\" and "
                f"\"{b}\").", "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", {"sqlExpr": sql},
                "42K09")
        raise AnalysisException(
            f"Cannot resolve \"{sql}\" due to data type mismatch: the binary operator "
            f"requires the input type (\"INTEGRAL\"), not \"{a}\".",
            "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE", {"sqlExpr": sql}, "42K09")
    t = LongType() if isinstance(t, NullType) else t
    return call(name, [co.cast_to(a, t) for a in args], t)


@rule("product")
def _product(name, args, distinct):
    return ex.AggCall(name, (double(name, args[0]),), distinct, DoubleType())


@rule("current_catalog", "current_database", "current_schema", "current_timezone")
def _current(name, args, distinct):
    name = "current_schema" if name == "current_database" else name   # as Spark shows it
    return call(name, (), StringType(), False)


@rule("width_bucket")
def _width_bucket(name, args, distinct):
    return call(name, [double(name, a) for a in args[:3]] + [to(args[3], LongType())],
                LongType(), True)


@rule("conv")
def _conv(name, args, distinct):
    return call(name, (to(args[0], StringType()), to(args[1], IntegerType()),
                       to(args[2], IntegerType())), StringType(), True)


@rule("spark_partition_id")
def _spark_partition_id(name, args, distinct):
    return dataclasses.replace(call(name, (), IntegerType(), False), pretty="SPARK_PARTITION_ID")
