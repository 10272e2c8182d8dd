"""Type rules of the functions no other family holds: ``xpath*``, ``hmac``, base32, URLs
(``parse_url``, ``try_parse_url``, ``try_url_decode``), ``jaro_winkler_similarity``,
``sentences``, ``try_to_date``/``try_to_timestamp`` (the base function under ``try``) and
the aggregates ``try_sum``/``try_avg``."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (ArrayType, BinaryType, BooleanType, DateType, DecimalType, DoubleType,
                     FloatType, IntegerType, IntegralType, LongType, NullType, ShortType,
                     StringType, TimestampNTZType, TimestampType)
from . import coercion as co
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import RULES, call, literal_value, mismatch, rule, string, to

XPATH_TYPES = {"xpath": ArrayType(StringType()), "xpath_string": StringType(),
               "xpath_boolean": BooleanType(), "xpath_double": DoubleType(),
               "xpath_number": DoubleType(), "xpath_float": FloatType(),
               "xpath_short": ShortType(), "xpath_int": IntegerType(), "xpath_long": LongType()}


def check_arity(name: str, args, lo: int, hi: int) -> None:
    """Spark's WRONG_NUM_ARGS unless ``lo <= len(args) <= hi``."""
    if not lo <= len(args) <= hi:
        want = str(lo) if lo == hi else f"[{lo}, {hi}]"
        raise AnalysisException(
            f"The `{name}` requires {want} parameters but "
            f"the actual number is {len(args)}.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")


@rule(*XPATH_TYPES)
def _xpath(name, args, distinct):
    check_arity(name, args, 2, 2)
    path = args[1]
    while isinstance(path, ex.Cast):
        path = path.child
    if not isinstance(path, ex.Lit):
        raise AnalysisException(
            f"Cannot resolve \"{name}\" due to data "
            f"type mismatch: the input `path` should be a foldable \"STRING\" expression.",
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return call(name, (string(args[0]), string(args[1])), XPATH_TYPES[name], True)


@rule("hmac")
def _hmac(name, args, distinct):
    check_arity(name, args, 2, 3)
    alg = string(args[2]) if len(args) > 2 else ex.Lit("SHA-256", StringType())
    return call(name, (to(args[0], BinaryType()), to(args[1], BinaryType()), alg),
                BinaryType())


@rule("to_base32")
def _to_base32(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (to(args[0], BinaryType()),), StringType())


@rule("from_base32")
def _from_base32(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (string(args[0]),), BinaryType())


@rule("parse_url", "try_parse_url")
def _parse_url(name, args, distinct):
    check_arity(name, args, 2, 3)
    return call(name, [string(a) for a in args], StringType(), True)


@rule("try_url_decode")
def _try_url_decode(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (string(args[0]),), StringType(), True)


@rule("jaro_winkler_similarity")
def _jaro_winkler(name, args, distinct):
    check_arity(name, args, 2, 2)
    return call(name, (string(args[0]), string(args[1])), DoubleType())


@rule("sentences")
def _sentences(name, args, distinct):
    check_arity(name, args, 1, 3)
    rest = [string(a) for a in args[1:]]
    rest += [ex.Lit("", StringType())] * (2 - len(rest))   # shown as sentences(s, , )
    return call(name, [string(args[0])] + rest,
                ArrayType(ArrayType(StringType(), False), False), args[0].nullable)


@rule("try_to_date", "try_to_timestamp")
def _try_to(name, args, distinct):
    check_arity(name, args, 1, 2)
    inner = RULES[name[4:]](name[4:], args, distinct)
    shown = f"{name}({', '.join(auto_name(a) for a in args)})"
    return ex.Call("try", (inner,), inner.dtype, True, pretty=shown)


@rule("try_sum", "try_avg")
def _try_sum(name, args, distinct):
    check_arity(name, args, 1, 1)
    a = args[0]
    t = a.dtype
    if isinstance(t, StringType):
        a, t = to(a, DoubleType()), DoubleType()
    if isinstance(t, NullType):
        a, t = to(a, LongType()) if name == "try_sum" else to(a, DoubleType()), \
            LongType() if name == "try_sum" else DoubleType()
    if not co.is_numeric(t):
        raise mismatch(f"{name}({auto_name(a)})", f"the argument requires a numeric type, "
                       f"but got {t.simpleString()}")
    if isinstance(t, DecimalType):
        out = co.bounded_decimal(t.precision + 10, t.scale) if name == "try_sum" else \
            co.bounded_decimal(t.precision + 4, t.scale + 4)
    elif name == "try_sum" and isinstance(t, IntegralType):
        out = LongType()
    else:
        out = DoubleType()
    return ex.AggCall(name, (a,), distinct, out, True)


@rule("reflect", "java_method", "try_reflect")
def _reflect(name, args, distinct):
    from ..java_methods import METHODS
    if len(args) < 2:
        raise AnalysisException(f"The `{name}` requires > 1 parameters but the actual number "
                                f"is {len(args)}.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    shown = f"{name}({', '.join(auto_name(a) for a in args)})"
    cls, method = (literal_value(name, a) for a in args[:2])
    kinds = tuple(a.dtype.simpleString() for a in args[2:])
    if METHODS.get((cls, method), (None, None))[1] != kinds:
        known = ", ".join(f"{c}.{m}({', '.join(k[1])})" for (c, m), k in sorted(METHODS.items()))
        raise AnalysisException(
            f"Cannot resolve \"{shown}\" due to data type mismatch: cannot find a static method "
            f"\"{method}\" that matches the argument types in \"{cls}\"; the methods that can "
            f"be called: {known}.", "DATATYPE_MISMATCH.UNEXPECTED_STATIC_METHOD")
    return call(name, [string(a) for a in args], StringType(), True)


@rule("to_number", "try_to_number")
def _to_number(name, args, distinct):
    from ..number_format import NumberFormat
    check_arity(name, args, 2, 2)
    fmt = NumberFormat(str(literal_value(name, args[1])))
    return call(name, (string(args[0]), string(args[1])),
                DecimalType(fmt.precision, fmt.scale), True if name.startswith("try_") else None)


@rule("to_char", "to_varchar")
def _to_char(name, args, distinct):
    check_arity(name, args, 2, 2)
    x, t = args[0], args[0].dtype
    fmt = literal_value(name, args[1])
    if isinstance(t, (DateType, TimestampType, TimestampNTZType)):   # Spark's date_format
        return RULES["date_format"]("date_format", args, distinct)
    if isinstance(t, BinaryType):
        kind = str(fmt).lower()
        if kind not in ("base64", "hex", "utf-8", "utf8"):
            raise AnalysisException(
                f"The value of parameter(s) `format` in `{name}` is invalid: expects one of "
                f"binary formats 'base64', 'hex', 'utf-8', but got '{fmt}'.",
                "INVALID_PARAMETER_VALUE.BINARY_FORMAT")
        shown = {"base64": "base64({})", "hex": "hex({})"}.get(kind, "decode({}, utf-8)")
        return ex.Call(name, (x, args[1]), StringType(), x.nullable,
                       pretty=shown.format(auto_name(x)))
    if not co.is_numeric(t):
        raise mismatch(f"{name}({auto_name(x)}, {fmt})", f"the first argument requires a "
                       f"numeric, date, timestamp or binary type, but got {t.simpleString()}")
    from ..number_format import NumberFormat
    NumberFormat(str(fmt))   # checked now: Spark refuses a bad format before running
    return call("to_char", (x, string(args[1])), StringType(), x.nullable)   # Spark's name


@rule("aes_encrypt", "aes_decrypt", "try_aes_decrypt")
def _aes(name, args, distinct):
    """Defaults shown in the name as Spark does: GCM, DEFAULT and empty IV and AAD."""
    encrypt = name == "aes_encrypt"
    check_arity(name, args, 2, 6 if encrypt else 5)
    defaults = ["GCM", "DEFAULT", "", ""] if encrypt else ["GCM", "DEFAULT", ""]
    rest = list(args[2:]) + [ex.Lit(d, StringType()) for d in defaults[len(args) - 2:]]

    def binary_or_string(e):
        return e if isinstance(e.dtype, (BinaryType, StringType)) else to(e, BinaryType())
    out = [binary_or_string(args[0]), binary_or_string(args[1]), string(rest[0]),
           string(rest[1])] + [binary_or_string(e) for e in rest[2:]]
    return call(name, out, BinaryType(), True if name.startswith("try_") else None)


@rule("uniform")
def _uniform(name, args, distinct):
    check_arity(name, args, 2, 3)
    lo, hi = args[:2]
    for e in (lo, hi):
        if not co.is_numeric(e.dtype):
            raise mismatch(f"uniform({auto_name(lo)}, {auto_name(hi)})",
                           f"the bounds must be numbers, got {e.dtype.simpleString()}")
    seed = args[2] if len(args) > 2 else ex.Lit(_new_seed(), LongType())
    literal_value(name, seed)
    integral = all(isinstance(e.dtype, IntegralType) for e in (lo, hi))
    out = co.common_type_of([lo.dtype, hi.dtype]) if integral else DoubleType()
    return call(name, (to(lo, out), to(hi, out), to(seed, LongType())), out, False)


@rule("randstr")
def _randstr(name, args, distinct):
    check_arity(name, args, 1, 2)
    literal_value(name, args[0])
    seed = args[1] if len(args) > 1 else ex.Lit(_new_seed(), LongType())
    literal_value(name, seed)
    return call(name, (to(args[0], IntegerType()), to(seed, LongType())), StringType(), False)


@rule("uuid")
def _uuid(name, args, distinct):
    check_arity(name, args, 0, 1)
    seed = args[0] if args else ex.Lit(_new_seed(), LongType())
    literal_value(name, seed)
    return ex.Call(name, (to(seed, LongType()),), StringType(), False, pretty="uuid()")


def _new_seed() -> int:
    import random
    return random.randrange(-(1 << 63), 1 << 63)


@rule("histogram_numeric")
def _histogram_numeric(name, args, distinct):
    from ..types import StructField, StructType
    check_arity(name, args, 2, 2)
    x, nb = args
    if not (co.is_numeric(x.dtype) or isinstance(x.dtype, (DateType, TimestampType))):
        raise mismatch(f"{name}({auto_name(x)}, {auto_name(nb)})",
                       f"the first argument requires a numeric type, but got "
                       f"{x.dtype.simpleString()}")
    bins = literal_value(name, nb)
    if not isinstance(bins, int) or bins < 2:
        raise AnalysisException(
            f"Cannot resolve \"{name}({auto_name(x)}, {auto_name(nb)})\" due to data type "
            f"mismatch: The `nb` must be between [2, 2147483647] (current value = {bins}).",
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
    out = ArrayType(StructType([StructField("x", x.dtype, True),
                                StructField("y", DoubleType(), True)]), True)
    return ex.AggCall(name, (x, to(nb, IntegerType())), distinct, out, True)


@rule("collation")
def _collation(name, args, distinct):
    check_arity(name, args, 1, 1)
    if not isinstance(args[0].dtype, StringType):
        raise mismatch(f"collation({auto_name(args[0])})", f"the argument requires the "
                       f"\"STRING\" type, but got \"{args[0].dtype.simpleString().upper()}\"")
    # every string here has Spark's default collation
    return ex.Call(name, (args[0], ex.Lit("SYSTEM.BUILTIN.UTF8_BINARY", StringType())),
                   StringType(), False, pretty=f"collation({auto_name(args[0])})")
