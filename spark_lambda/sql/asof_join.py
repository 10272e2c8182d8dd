"""``DataFrame._joinAsOf``: each left row joined with the right row whose as-of key is the
nearest before it (``backward``) or after it (``forward``), among the rows matching ``on``;
run as DuckDB's ``ASOF JOIN`` (the right side broadcast, or both sides hashed on the ``on``
keys). A ``tolerance`` drops (inner) or blanks (left) matches farther than it;
``allowExactMatches=False`` skips equal keys."""

from __future__ import annotations

from .catalyst import plans as lp
from .column import Column
from .errors import AnalysisException, IllegalArgumentException


def join_as_of(left, right, left_key, right_key, on, how, tolerance, allow_exact: bool,
               direction: str):
    """The DataFrame of ``left._joinAsOf(right, ...)``."""
    how = (how or "inner").lower()
    if how not in ("inner", "left", "leftouter", "left_outer"):
        raise IllegalArgumentException(f"Unsupported join type '{how}' for an as-of join: "
                                       f"use 'inner' or 'left'.")
    if direction not in ("backward", "forward"):
        raise AnalysisException(f"The as-of join direction '{direction}' is not supported "
                                f"here: use 'backward' or 'forward'.", "UNSUPPORTED_FEATURE")
    lk = left[left_key] if isinstance(left_key, str) else left_key
    rk = right[right_key] if isinstance(right_key, str) else right_key
    if backward := direction == "backward":
        cond = lk >= rk if allow_exact else lk > rk
    else:
        cond = lk <= rk if allow_exact else lk < rk
    for c in _on(left, right, on):
        cond = cond & c
    kind = "asof" if how == "inner" else "asof_left"
    joined = left._with_plan(lp.Join(left._plan, right._plan, kind, cond.expr))
    if tolerance is None:
        return joined
    near = (lk - rk if backward else rk - lk) <= tolerance
    if kind == "asof":
        return joined.where(near)
    from . import functions as F
    outs = joined._plan.output
    n = len(left._plan.output)
    return joined.select(*[Column(a) for a in outs[:n]],
                         *[F.when(near, Column(a)).alias(a.name) for a in outs[n:]])


def _on(left, right, on) -> list:
    """``on`` as conditions: names equal on both sides, or Columns."""
    if on is None:
        return []
    items = on if isinstance(on, (list, tuple)) else [on]
    return [left[c] == right[c] if isinstance(c, str) else c for c in items]
