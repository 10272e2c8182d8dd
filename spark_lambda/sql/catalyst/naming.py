"""The column names Spark gives unaliased expressions (``(a + 1)``, ``sum(x)``, ``count(1)``).

Called by ``expressions.named`` when a projection or aggregate needs an output name.
"""

from __future__ import annotations

import datetime
import decimal

from . import expressions as ex
from ..java_text import java_double

_INFIX = {"+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "=": "=", "<>": "!=", "<": "<",
          "<=": "<=", ">": ">", ">=": ">=", "and": "AND", "or": "OR", "<=>": "<=>",
          "div": "div", "||": "||", "&": "&", "|": "|", "^": "^"}


def literal_text(value) -> str:
    """A literal as Spark prints it in a column name."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime.datetime):
        return f"TIMESTAMP '{value}'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (bytes, bytearray)):   # Spark's hex literal
        return f"X'{bytes(value).hex().upper()}'"
    if isinstance(value, float):
        return java_double(value)
    return str(value)




def auto_name(e: ex.Expr) -> str:
    """Spark's name for an expression."""
    if isinstance(e, (ex.Attr,)):
        return e.name
    if isinstance(e, ex.Alias):
        return e.name
    if isinstance(e, ex.UnresolvedAttr):
        return e.parts[-1]
    if isinstance(e, ex.UnresolvedStar):
        return "*" if e.qualifier is None else f"{e.qualifier}.*"
    if isinstance(e, ex.OuterRef):
        return f"outer({e.attr.name})"
    if isinstance(e, ex.Lit):
        return literal_text(e.value)
    if isinstance(e, ex.Cast) and (e.implicit or not e.ansi
                                   or isinstance(e.child, (ex.Attr, ex.UnresolvedAttr))):
        return auto_name(e.child)   # Spark names a cast of a column by the column
    if isinstance(e, ex.Cast):
        return f"CAST({auto_name(e.child)} AS {e.to.simpleString().upper()})"
    if isinstance(e, ex.CaseWhen):
        parts = ["CASE"] + [f"WHEN {auto_name(c)} THEN {auto_name(v)}" for c, v in e.branches]
        if e.otherwise is not None:
            parts.append(f"ELSE {auto_name(e.otherwise)}")
        return " ".join(parts + ["END"])
    if isinstance(e, ex.SortOrder):
        return auto_name(e.child)
    if isinstance(e, ex.SubqueryExpr):
        return "scalarsubquery()" if e.kind == "scalar" else e.kind
    if isinstance(e, (ex.UnresolvedFunc, ex.Call, ex.AggCall)):
        name = e.name if isinstance(e, ex.UnresolvedFunc) else (e.pretty or e.fn)
        name = name.removesuffix("_ignore_nulls")
        args = e.args
        if name in _INFIX and len(args) == 2:
            return f"({auto_name(args[0])} {_INFIX[name]} {auto_name(args[1])})"
        if name == "not":
            return f"(NOT {auto_name(args[0])})"
        if name in ("pow", "power"):
            return f"POWER({auto_name(args[0])}, {auto_name(args[1])})"
        if name in ("first", "last") and len(args) == 2:
            return f"{name}({auto_name(args[0])})"
        if name == "negative":
            return f"negative({auto_name(args[0])})"
        if name == "isnull":
            return f"({auto_name(args[0])} IS NULL)"
        if name == "isnotnull":
            return f"({auto_name(args[0])} IS NOT NULL)"
        if name == "in":
            return f"({auto_name(args[0])} IN ({', '.join(auto_name(a) for a in args[1:])}))"
        if name == "like":
            escape = f" ESCAPE '{auto_name(args[2])}'" if len(args) > 2 else ""
            return f"{auto_name(args[0])} {name.upper()} {auto_name(args[1])}{escape}"
        if name == "rlike":
            return f"RLIKE({auto_name(args[0])}, {auto_name(args[1])})"
        if getattr(e, "pretty", None) and e.pretty.endswith(")"):   # a whole name
            return e.pretty
        if name == "struct" and not isinstance(e, ex.UnresolvedFunc):
            return "struct(" + ", ".join(
                f"{auto_name(a.child)} AS {a.name}" if isinstance(a, ex.Alias) else auto_name(a)
                for a in args) + ")"
        if not isinstance(e, ex.UnresolvedFunc):
            from .function_names import special_name
            special = special_name(name, [auto_name(a) for a in args], args)
            if special is not None:
                return special
        if name == "count" and args and (isinstance(args[0], ex.UnresolvedStar) or (
                isinstance(args[0], ex.Lit) and args[0].value == 1)) \
                and not getattr(e, "distinct", False):
            return "count(1)"
        inner = ", ".join(auto_name(a) for a in args)
        if getattr(e, "distinct", False):
            inner = "DISTINCT " + inner
        return f"{name}({inner})"
    if hasattr(e, "spark_name"):  # nodes defined outside this module name themselves
        return e.spark_name()
    return type(e).__name__
