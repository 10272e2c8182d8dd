"""Functions and operators by name: each entry checks and casts the arguments (Spark's
coercion) and gives the result type. Called by the analyzer for every ``UnresolvedFunc``
whose arguments are resolved; the code generator has the matching DuckDB text per name.
"""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (ArrayType, BooleanType, DataType, DateType, DayTimeIntervalType,
                     DecimalType, DoubleType, IntegerType, IntegralType, LongType, NullType,
                     StringType, TimestampNTZType, TimestampType, TimeType)
from . import coercion as co
from .cast_rules import force_nullable
from . import expressions as ex
from .intervals import INTERVAL_TYPES
from .type_rules_intervals import interval_arith
from .type_rules import find_rule

AGGREGATES = {"sum", "avg", "mean", "min", "max", "count", "first", "last", "collect_list",
              "collect_set", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp",
              "var_pop", "any_value", "first_value", "count_if", "bool_and", "bool_or"}
# aliases Spark names by the name called (``ucase(x)``, not ``upper(x)``)
SHOWN_AS_CALLED = {"ucase", "lcase", "char_length", "character_length", "sha", "std", "char",
                   "ceiling", "first_value", "last_value", "date_diff", "regexp",
                   "regexp_like", "getbit", "to_timestamp_ltz",
                   "day", "equal_null", "sign", "median", "every", "some", "any", "bool_and",
                   "bool_or", "cardinality"}
_COMPARISONS = {"=", "<>", "<", "<=", ">", ">=", "<=>"}
_ALIASES = {"substr": "substring", "mean": "avg", "ucase": "upper", "lcase": "lower",
            "day": "dayofmonth", "stddev_samp": "stddev", "var_samp": "variance",
            "first_value": "first", "last_value": "last", "char_length": "length",
            "character_length": "length",
            "ceiling": "ceil", "power": "pow", "std": "stddev", "any_value": "first",
            "bool_and": "every", "ifnull": "coalesce", "nvl": "coalesce",
            "dateadd": "date_add", "date_diff": "datediff", "array_agg": "collect_list"}


def _mismatch(name: str, why: str):
    return AnalysisException(f"Cannot resolve \"{name}\" due to data type mismatch: {why}.",
                             "DATATYPE_MISMATCH", {"sqlExpr": name})


def _numeric_arg(name: str, e: ex.Expr) -> ex.Expr:
    t = e.dtype
    if co.is_numeric(t) or isinstance(t, NullType):
        return e
    if isinstance(t, StringType):
        return ex.Cast(e, DoubleType())
    raise _mismatch(name, f"the argument requires a numeric type, but got {t.simpleString()}")


def _call(fn: str, args, dtype: DataType, nullable: bool | None = None) -> ex.Call:
    if nullable is None:
        nullable = any(a.nullable for a in args)
    return ex.Call(fn, tuple(args), dtype, nullable)


def _arith(op: str, a: ex.Expr, b: ex.Expr) -> ex.Expr:
    ta, tb = a.dtype, b.dtype
    if op in ("+", "-") and isinstance(ta, TimeType) and \
            isinstance(tb, DayTimeIntervalType):
        return ex.Call("time_plus_interval" if op == "+" else "time_minus_interval", (a, b),
                       ta, True, pretty=f"{ex.expr_name(a)} {op} {ex.expr_name(b)}")
    with_interval = interval_arith(op, a, b)
    if with_interval is not None:
        return with_interval
    if op in ("+", "-") and isinstance(ta, DateType) and isinstance(tb, IntegralType):
        return _call("date_add" if op == "+" else "date_sub", (a, b), DateType())
    a, b = _numeric_arg(op, a), _numeric_arg(op, b)
    ta = LongType() if isinstance(a.dtype, NullType) else a.dtype
    tb = LongType() if isinstance(b.dtype, NullType) else b.dtype
    narrowed = False
    if isinstance(ta, DecimalType) or isinstance(tb, DecimalType):
        na, nb = _literal_decimal(a, ta), _literal_decimal(b, tb)
        # Spark casts such a literal to the decimal of its digits, a cast it marks nullable
        narrowed = any(force_nullable(t, n) for t, n in ((ta, na), (tb, nb)) if t != n)
        ta, tb = na, nb
    result = co.arithmetic_type(op, ta, tb)
    a2 = co.cast_to(a, co.operand_type(result, ta))
    b2 = co.cast_to(b, co.operand_type(result, tb))
    # ANSI: an overflow raises rather than giving NULL, so + - * are nullable as their operands
    nullable = True if op in ("/", "%") or narrowed else None
    return _call(op, (a2, b2), result, nullable)


def _literal_decimal(e: ex.Expr, t: DataType) -> DataType:
    """An integer literal next to a decimal counts as the decimal of its digits (Spark's
    ``DecimalPrecision``: ``2`` is DECIMAL(1,0), not DECIMAL(10,0))."""
    if isinstance(e, ex.Lit) and isinstance(t, IntegralType) and e.value is not None:
        return DecimalType(max(len(str(abs(int(e.value)))), 1), 0)
    return t


def _compare(op: str, a: ex.Expr, b: ex.Expr) -> ex.Expr:
    if "variant" in (a.dtype.simpleString(), b.dtype.simpleString()):
        raise _mismatch(f"({ex.expr_name(a)} {op} {ex.expr_name(b)})", f"the `{op}` does not "
                        f"support ordering on type "
                        f"\"VARIANT\"")
    t = co.common_type(a.dtype, b.dtype)
    if t is None:
        raise _mismatch(f"({a} {op} {b})", f"the left and right operands of the binary "
                        f"operator have incompatible types (\"{a.dtype.simpleString().upper()}\" "
                        f"and \"{b.dtype.simpleString().upper()}\")")
    nullable = False if op == "<=>" else a.nullable or b.nullable
    return _call(op, (co.cast_to(a, t), co.cast_to(b, t)), BooleanType(), nullable)


def _bool_arg(name: str, e: ex.Expr) -> ex.Expr:
    if isinstance(e.dtype, (BooleanType, NullType)):
        return co.cast_to(e, BooleanType())
    raise _mismatch(name, f"the argument requires the \"BOOLEAN\" type, "
                    f"but got \"{e.dtype.simpleString().upper()}\"")


def _aggregate(name: str, args: tuple, distinct: bool) -> ex.AggCall:
    if name == "count":
        return ex.AggCall("count", args, distinct, LongType(), False)
    if name in ("count_if",):
        return ex.AggCall(name, (_bool_arg(name, args[0]),), distinct, LongType(), False)
    (a,) = args[:1]
    t = a.dtype
    if name == "sum":
        a = _numeric_arg(name, a)
        t = a.dtype
        if isinstance(t, DecimalType):
            out = co.bounded_decimal(t.precision + 10, t.scale)
        elif isinstance(t, IntegralType) or isinstance(t, NullType):
            out = LongType()
        else:
            out = DoubleType()
        return ex.AggCall("sum", (a,), distinct, out)
    if name == "avg":
        a = _numeric_arg(name, a)
        t = a.dtype
        out = co.bounded_decimal(t.precision + 4, t.scale + 4) if isinstance(t, DecimalType) \
            else DoubleType()
        return ex.AggCall("avg", (a,), distinct, out)
    if name in ("stddev", "stddev_pop", "variance", "var_pop"):
        return ex.AggCall(name, (co.cast_to(_numeric_arg(name, a), DoubleType()),), distinct,
                          DoubleType())
    if name in ("first", "last") and len(args) > 1 and isinstance(args[1], ex.Lit) \
            and args[1].value is True:
        return ex.AggCall(name + "_ignore_nulls", args[:1], distinct, t)
    if name in ("min", "max", "first", "last"):
        return ex.AggCall(name, args[:1], distinct, t)
    if name in ("first", "last"):  # a second argument: ignore nulls
        return ex.AggCall(name, args[:2], distinct, t)
    if name in ("collect_list", "collect_set"):
        return ex.AggCall(name, (a,), distinct, ArrayType(t, False), False)
    if name in ("every", "bool_or"):
        return ex.AggCall(name, (_bool_arg(name, a),), distinct, BooleanType())
    raise AnalysisException(f"Unsupported aggregate {name}", "UNRESOLVED_ROUTINE")


def _same_type_args(name: str, args) -> tuple[list, DataType]:
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise _mismatch(name, "the arguments have incompatible types ("
                        + ", ".join(a.dtype.simpleString() for a in args) + ")")
    return [co.cast_to(a, t) for a in args], t


def _string(e: ex.Expr) -> ex.Expr:
    return co.cast_to(e, StringType())


def _int(e: ex.Expr) -> ex.Expr:
    return co.cast_to(e, IntegerType())


def _date(e: ex.Expr) -> ex.Expr:
    return co.cast_to(e, DateType())


# ``try_add(a, b)``: ``a + b``, NULL where the ANSI form raises (overflow, a zero divisor)
_TRY_ARITHMETIC = {"try_add": "+", "try_subtract": "-", "try_multiply": "*", "try_divide": "/",
                   "try_mod": "%"}


def resolve_function(name: str, args: tuple, distinct: bool = False) -> ex.Expr:
    """The typed ``Call``/``AggCall`` for ``name(args)`` (arguments already resolved)."""
    out = _resolve(name.lower(), args, distinct)
    if name.lower() in SHOWN_AS_CALLED and isinstance(out, (ex.Call, ex.AggCall)):
        import dataclasses
        out = dataclasses.replace(out, pretty=name.lower())
    return out


def _resolve(name: str, args: tuple, distinct: bool) -> ex.Expr:
    rule = find_rule(name)
    out = rule(name, args, distinct) if rule is not None else None
    if out is not None:   # a rule returns None to leave a call to the core below
        return out
    if name == "substr":  # the same function, under the name Spark shows
        import dataclasses
        return dataclasses.replace(resolve_function("substring", args, distinct), fn="substr")
    name = _ALIASES.get(name, name)
    n = len(args)
    if name in _TRY_ARITHMETIC and n == 2:
        from .naming import auto_name
        inner = _arith(_TRY_ARITHMETIC[name], *args)
        shown = f"{name}({auto_name(args[0])}, {auto_name(args[1])})"
        return ex.Call("try", (inner,), inner.dtype, True, pretty=shown)
    if name in AGGREGATES or name == "every":
        return _aggregate(name, args, distinct)
    if name in ("+", "-", "*", "/", "%") and n == 2:
        return _arith(name, *args)
    if name == "div":
        a, b = (co.cast_to(_numeric_arg(name, x), LongType()) for x in args)
        return _call("div", (a, b), LongType(), True)
    if name in ("negative", "abs") and isinstance(args[0].dtype, INTERVAL_TYPES):
        return ex.Call(f"interval_{name}", args[:1], args[0].dtype, args[0].nullable,
                       pretty=name)
    if name == "negative":
        return _call("negative", (_numeric_arg(name, args[0]),), _numeric_arg(name, args[0]).dtype)
    if name in _COMPARISONS:
        return _compare(name, *args)
    if name in ("and", "or"):
        return _call(name, [_bool_arg(name, a) for a in args], BooleanType())
    if name == "not":
        return _call("not", [_bool_arg(name, args[0])], BooleanType())
    if name in ("isnull", "isnotnull"):
        return _call(name, args, BooleanType(), False)
    if name == "in":
        vals, t = _same_type_args("in", args)
        return _call("in", vals, BooleanType())
    if name == "coalesce":
        vals, t = _same_type_args(name, args)
        return _call("coalesce", vals, t, all(a.nullable for a in vals))
    if name in ("greatest", "least"):
        vals, t = _same_type_args(name, args)
        return _call(name, vals, t, all(a.nullable for a in vals))
    if name == "ilike" and n > 2:   # an escape character, not shown (as Spark)
        from .naming import auto_name
        shown = f"ilike({auto_name(args[0])}, {auto_name(args[1])})"
        return ex.Call(name, tuple([_string(x) for x in args[:2]] + list(args[2:])),
                       BooleanType(), args[0].nullable or args[1].nullable, pretty=shown)
    if name in ("like", "rlike", "startswith", "endswith", "contains", "ilike"):
        return _call(name, [_string(a) for a in args[:2]] + list(args[2:]), BooleanType())
    if name in ("upper", "lower", "trim", "ltrim", "rtrim", "reverse", "initcap"):
        return _call(name, [_string(a) for a in args], StringType())
    if name == "length":
        return _call(name, [_string(args[0])], IntegerType())
    if name == "concat" and args and all(isinstance(a.dtype, ArrayType) for a in args):
        vals, t = _same_type_args(name, args)
        return ex.Call("array_concat", tuple(vals), t, any(a.nullable for a in vals),
                       pretty="concat")
    if name == "concat":
        return _call(name, [_string(a) for a in args], StringType())
    if name == "concat_ws":
        return _call(name, [_string(a) for a in args], StringType(), args[0].nullable)
    if name == "substring":   # no length: Spark's default, shown in the name
        rest = [_int(a) for a in args[1:]] + ([ex.Lit(2147483647, IntegerType())] * (n == 2))
        return _call(name, [_string(args[0])] + rest, StringType())
    if name in ("instr",):
        return _call(name, [_string(a) for a in args], IntegerType())
    if name in ("lpad", "rpad"):
        return _call(name, [_string(args[0]), _int(args[1])] + [_string(a) for a in args[2:]],
                     StringType())
    if name in ("replace", "regexp_replace"):
        return _call(name, [_string(a) for a in args], StringType())
    if name in ("year", "month", "dayofmonth", "quarter", "dayofweek", "dayofyear",
                "weekofyear"):
        return _call(name, [_date(args[0])], IntegerType())
    if name in ("hour", "minute", "second"):
        a = args[0]
        if not isinstance(a.dtype, (TimestampType, TimestampNTZType)):
            a = co.cast_to(a, TimestampType())
        return _call(name, [a], IntegerType())
    if name == "to_date":
        if n == 1 and isinstance(args[0].dtype, (DateType, TimestampType)):
            return _call("to_date", [args[0]], DateType())
        return _call("to_date", [_string(args[0])] + [_string(a) for a in args[1:]], DateType())
    if name in ("date_add", "date_sub"):
        return _call(name, [_date(args[0]), _int(args[1])], DateType())
    if name == "datediff":
        return _call(name, [_date(args[0]), _date(args[1])], IntegerType())
    if name in ("add_months",):
        return _call(name, [_date(args[0]), _int(args[1])], DateType())
    if name in ("current_date",):
        return _call(name, (), DateType(), False)
    if name == "abs":
        a = _numeric_arg(name, args[0])
        return _call(name, [a], a.dtype)
    if name in ("round", "bround"):
        a = _numeric_arg(name, args[0])
        scale = int(args[1].value) if n > 1 else 0
        t = a.dtype
        if isinstance(t, DecimalType):
            s = max(0, min(scale, t.scale))
            t = DecimalType(min(38, t.precision - t.scale + s + 1), s)
        return _call(name, [a, ex.Lit(scale, IntegerType())], t)
    if name in ("ceil", "floor") and n > 1:   # a DECIMAL with ``scale`` places
        a = _numeric_arg(name, args[0])
        scale = int(args[1].value)
        d = co.as_decimal(a.dtype) or DecimalType(30, 15)   # a double as Spark widens it
        out = co.bounded_decimal(d.precision - d.scale + 1 + max(scale, 0), max(scale, 0))
        return _call(name + "_scale", [a, ex.Lit(scale, IntegerType())], out)
    if name in ("ceil", "floor"):
        a = _numeric_arg(name, args[0])
        t = a.dtype
        if isinstance(t, DecimalType):
            out = DecimalType(min(38, t.precision - t.scale + 1), 0)
        else:
            out = LongType()
        return _call(name, [a], out)
    if name in ("sqrt", "exp", "ln", "log10", "log2", "sin", "cos", "tan", "cbrt"):
        return _call(name, [co.cast_to(_numeric_arg(name, args[0]), DoubleType())], DoubleType())
    if name in ("pow", "log"):
        return _call(name, [co.cast_to(_numeric_arg(name, a), DoubleType()) for a in args],
                     DoubleType())
    if name == "sort_array":
        asc = bool(args[1].value) if n > 1 else True
        return _call(name, [args[0], ex.Lit(asc, BooleanType())], args[0].dtype)
    if name == "size":
        return _call(name, [args[0]], IntegerType())
    if name == "isnan":
        return _call(name, [co.cast_to(args[0], DoubleType())], BooleanType(), False)
    if name == "nanvl":
        return _call(name, [co.cast_to(a, DoubleType()) for a in args], DoubleType())
    if name == "if":
        vals, t = _same_type_args(name, args[1:])
        return _call("if", [_bool_arg(name, args[0])] + vals, t)
    raise AnalysisException(
        f"A routine with name `{name}` cannot be found. Verify the spelling and correctness "
        f"of the name.", "UNRESOLVED_ROUTINE", {"routineName": f"`{name}`"})
