"""The output names Spark gives calls whose pretty name is not ``fn(args)``: upper-case math
functions (``SQRT(x)``), subscripts (``arr[0]``), field access (``s.n``) and ``window``.
Asked by ``naming.auto_name`` with the call's name, its argument names and its arguments."""

from __future__ import annotations

_UPPER = {"sqrt": "SQRT", "cbrt": "CBRT", "exp": "EXP", "expm1": "EXPM1", "log10": "LOG10",
          "log2": "LOG2", "log1p": "LOG1P", "pow": "POWER", "log": "LOG", "floor": "FLOOR",
          "ceil": "CEIL", "signum": "SIGNUM", "degrees": "DEGREES", "radians": "RADIANS",
          "sin": "SIN", "cos": "COS", "tan": "TAN", "asin": "ASIN", "acos": "ACOS",
          "atan": "ATAN", "atan2": "ATAN2", "hypot": "HYPOT", "sinh": "SINH", "cosh": "COSH",
          "tanh": "TANH", "cot": "COT", "sec": "SEC", "csc": "CSC", "rint": "rint", "pi": "PI",
          "e": "E", "ln": "ln", "acosh": "ACOSH", "asinh": "ASINH", "atanh": "ATANH",
          "regexp": "REGEXP", "regexp_like": "REGEXP_LIKE"}

_V = "namedlambdavariable()"
_DEFAULT_COMPARATOR = (
    f"lambdafunction((IF((({_V} IS NULL) AND ({_V} IS NULL)), 0, (IF(({_V} IS NULL), 1, "
    f"(IF(({_V} IS NULL), -1, (IF(({_V} < {_V}), -1, (IF(({_V} > {_V}), 1, 0)))))))))), "
    f"{_V}, {_V})")
_TRIM = {"trim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}


def special_name(fn: str, names: list, args: tuple) -> str | None:
    """Spark's name for ``fn`` over arguments named ``names``, or None for ``fn(names)``."""
    if fn in ("ceil_scale", "floor_scale"):
        return f"{fn[:-6]}({', '.join(names)})"
    if fn == "collect_union" and len(names) == 2:
        return f"collect_union({names[0]}) RESPECT NULLS"
    if fn == "any_value":
        return f"any_value({names[0]})"
    if fn == "mode" and len(names) == 2:
        return (f"mode() WITHIN GROUP (ORDER BY {names[0]} DESC)" if args[1].value is True
                else f"mode({names[0]})")
    if fn == "median":
        return f"median({names[0]})"
    if fn == "bitwise_not":
        return f"~{names[0]}"
    if fn == "aggregate" and len(names) == 3:   # Spark adds the identity finish
        return (f"aggregate({', '.join(names)}, lambdafunction(namedlambdavariable(), "
                f"namedlambdavariable()))")
    if fn == "array_sort" and len(names) == 1:  # Spark shows its default comparator
        return f"array_sort({names[0]}, {_DEFAULT_COMPARATOR})"
    if fn == "positive":
        return f"(+ {names[0]})"
    if fn in _TRIM and len(names) == 2:
        return f"TRIM({_TRIM[fn]} {names[1]} FROM {names[0]})"
    if fn in _UPPER:
        return f"{_UPPER[fn]}({', '.join(names)})"
    if fn == "get_item":
        return f"{names[0]}[{names[1]}]"
    if fn == "get_field":
        return f"{names[0]}.{names[1]}"
    if fn == "window":
        return "window"
    if fn == "struct" and names:
        return f"struct({', '.join(names)})"
    if fn == "map":
        return f"map({', '.join(names)})"
    if fn == "array_reverse":
        return f"reverse({', '.join(names)})"
    if fn == "rand" and not args:
        return "rand()"
    return None
