"""Planning a ``Window`` node: hash(partition keys) exchange, then DuckDB's window functions.

Rows of one window partition must meet in one task, so the child is shuffled by the hash of
the partition keys to ``spark.sql.shuffle.partitions`` (to one partition when there are no
keys; none when the child is one partition already); each task then adds the window columns with ``func OVER (...)`` in its SQL. The text
casts every result to the Spark type the analyzer chose (``row_number`` INT, ``sum(int)``
BIGINT, ``avg`` of a decimal exact), writes ordering with explicit null placement (Spark's
nulls first ascending) and writes Spark's default frame explicitly.
"""

from __future__ import annotations

import itertools

from ..catalyst.window_plans import Window, WindowExpr, WindowFunc
from .expr_sql import column, duck_type, literal
from .function_sql import aggregate_sql

_aliases = itertools.count()


def _select(cols: list, frm: str) -> str:
    return f"SELECT {', '.join(cols)} FROM ({frm}) AS wq{next(_aliases)}"


def plan_window(planner, p: Window):
    """The fragment computing ``p`` (see the module doc)."""
    w = planner.w
    child = planner.fragment(p.child)
    Fragment = type(child)  # the planner's (not imported: no import circle)
    keys = [w.sql(k) for k in p.partition]
    n = planner.session.shuffle_partitions if keys else 1
    if planner.partitions(child) == 1:   # one task holds every row: no exchange
        shuffled = child
    else:
        shuffled = planner.exchange(child, keys or None, n)
    cols = ["*"] + [f"{window_sql(w, e.child)} AS {column(e.expr_id)}" for e in p.exprs]
    return Fragment(_select(cols, shuffled.sql), p.output, shuffled.inputs)


def _over(w, e: WindowExpr) -> str:
    parts = []
    if e.partition:
        parts.append("PARTITION BY " + ", ".join(w.sql(k) for k in e.partition))
    if e.orders:
        parts.append("ORDER BY " + ", ".join(w.sql(o) for o in e.orders))
    frame = e.effective_frame()
    if frame is not None:
        parts.append(frame.sql())
    return f"OVER ({' '.join(parts)})"


def window_sql(w, e: WindowExpr) -> str:
    """The SQL of one window expression."""
    over = _over(w, e)
    f = e.func
    t = duck_type(e.dtype)
    if isinstance(f, WindowFunc):
        a = [w.sql(x) for x in f.args]
        if f.name in ("row_number", "rank", "dense_rank", "percent_rank", "cume_dist"):
            return f"CAST({f.name}() {over} AS {t})"
        if f.name == "ntile":
            return f"CAST(ntile({a[0]}) {over} AS {t})"
        if f.name in ("lag", "lead"):
            default = literal(f.args[2].value, e.dtype) if f.args[2].value is not None \
                else f"CAST(NULL AS {t})"
            return f"{f.name}({a[0]}, {a[1]}, {default}) {over}"
        if f.name == "nth_value":
            nulls = " IGNORE NULLS" if f.ignore_nulls else ""
            return f"nth_value({a[0]}, {a[1]}{nulls}) {over}"
        raise NotImplementedError(f"window function {f.name}")
    return aggregate_sql(w, f, over)
