"""Building DataFrame joins (``on`` names, a Column, a list) and ``unionByName``.

A join on column names is Spark's ``USING`` join (``catalyst/using_join.py``).
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .catalyst.using_join import UsingJoin
from .column import Column
from .errors import AnalysisException


def build_join(left: lp.Plan, right: lp.Plan, on, how: str) -> lp.Plan:
    """The join plan (before analysis) for ``left.join(right, on, how)``."""
    from .catalyst.fresh_ids import reinstance
    if {a.expr_id for a in left.output} & {a.expr_id for a in right.output}:
        right = reinstance(right)
    if on is None:
        return lp.Join(left, right, how, None)
    if isinstance(on, (str, Column)):
        on = [on]
    if all(isinstance(o, str) for o in on):
        return UsingJoin(left, right, how, tuple(on))
    cond = None
    for o in on:
        e = o.expr
        cond = e if cond is None else ex.UnresolvedFunc("and", (cond, e))
    return lp.Join(left, right, how if how != "cross" else "inner", cond)


def _null_of(a) -> ex.Expr:
    return ex.Alias(ex.Cast(ex.Lit(None, None), a.dtype), a.name)


def by_name(df, other, allow_missing: bool) -> tuple:
    """The two plans of ``df.unionByName(other)``: ``other``'s columns reordered to ``df``'s
    names; with ``allow_missing``, each side NULL-filled with the columns only the other has
    (``df``'s columns first, then ``other``'s extra ones)."""
    ours = {a.name.lower() for a in df._plan.output}
    theirs = {a.name.lower(): a for a in other._plan.output}
    extra = [a for a in other._plan.output if a.name.lower() not in ours]
    right = []
    for a in df._plan.output:
        hit = theirs.get(a.name.lower())
        if hit is None:
            if not allow_missing:
                raise AnalysisException(
                    f"Cannot resolve column name \"{a.name}\" among "
                    f"({', '.join(x.name for x in other._plan.output)}).",
                    "UNRESOLVED_COLUMN_AMONG_FIELD_NAMES",
                    {"colName": a.name}, "42703")
            right.append(_null_of(a))
        else:
            right.append(hit)
    left_plan = df._plan
    if allow_missing and extra:
        left_plan = lp.Project(tuple(df._plan.output) + tuple(_null_of(a) for a in extra),
                               df._plan)
        right += extra
    return left_plan, lp.Project(tuple(right), other._plan)
