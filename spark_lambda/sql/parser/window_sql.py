"""SQL ``OVER (...)`` clauses → window expressions (``catalyst/window_plans.py``).

Called by the SQL converter for every sqlglot ``Window`` node: the function (ranking, offset
or any aggregate, with ``IGNORE NULLS``), ``PARTITION BY``, ``ORDER BY`` and the
``ROWS``/``RANGE BETWEEN`` frame; ``OVER w`` looks ``w`` up in the query's ``WINDOW`` clause.
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst.window_plans import (OFFSET, RANKING, UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING,
                                     WindowExpr, WindowFrame, WindowFunc)
from ..errors import ParseException


def _bound(value, side) -> int:
    if isinstance(value, str):
        if value.upper() == "CURRENT ROW":
            return 0
        if value.upper() == "UNBOUNDED":
            return UNBOUNDED_PRECEDING if (side or "").lower() == "preceding" \
                else UNBOUNDED_FOLLOWING
    n = int(value.this if hasattr(value, "this") else value)
    return -n if (side or "").lower() == "preceding" else n


def _named(node):
    from sqlglot import exp
    select = node.find_ancestor(exp.Select)
    name = node.alias.lower()
    for w in (select.args.get("windows") or []) if select is not None else []:
        if (w.alias or w.this.name).lower() == name:
            return w
    raise ParseException(f"Window specification {node.alias} is not defined in the WINDOW "
                         f"clause.", "MISSING_WINDOW_SPECIFICATION")


def convert_window(conv, node, ctes) -> ex.Expr:
    """The ``WindowExpr`` of a sqlglot ``Window`` node (``conv`` converts the parts)."""
    from sqlglot import exp
    spec = node
    if node.alias and not node.args.get("partition_by") and not node.args.get("order"):
        spec = _named(node)
    func = node.this
    ignore_nulls = isinstance(func, exp.IgnoreNulls)
    if ignore_nulls:
        func = func.this
    f = conv.expr(func, ctes)
    if isinstance(f, ex.UnresolvedFunc) and f.name in RANKING | OFFSET:
        args = f.args
        if f.name in ("lag", "lead"):
            args = (args + (ex.Lit(1), ex.Lit(None)))[:3] if len(args) < 3 else args
            if len(args) == 2:
                args = args + (ex.Lit(None),)
        f = WindowFunc(f.name, tuple(args), ignore_nulls)
    elif ignore_nulls and isinstance(f, ex.UnresolvedFunc) and f.name in ("first", "last"):
        f = ex.UnresolvedFunc(f.name, f.args[:1] + (ex.Lit(True),))
    partition = tuple(conv.expr(p, ctes) for p in spec.args.get("partition_by") or [])
    order = spec.args.get("order")
    orders = tuple(conv.sort_key(o, ctes) for o in order.expressions) if order else ()
    frame = None
    s = spec.args.get("spec")
    if s is not None:
        lower = _bound(s.args.get("start"), s.args.get("start_side"))
        end = s.args.get("end")
        upper = _bound(end, s.args.get("end_side")) if end is not None else 0
        frame = WindowFrame(s.args.get("kind", "rows").lower(), lower, upper)
    return WindowExpr(f, partition, orders, frame)
