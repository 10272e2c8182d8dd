"""Building DataFrame joins (``on`` names, a Column, a list) and ``unionByName``.

A join on column names is an equi-join whose output has each named column once (the left
one, or ``coalesce(left, right)`` for a full outer join), then the other columns of both
sides, as Spark's ``USING`` join.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column
from .errors import AnalysisException


def build_join(session, left: lp.Plan, right: lp.Plan, on, how: str) -> lp.Plan:
    """The join plan (before analysis) for ``left.join(right, on, how)``."""
    from .catalyst.analyzer import reinstance
    if {a.expr_id for a in left.output} & {a.expr_id for a in right.output}:
        right = reinstance(right)
    if on is None:
        return lp.Join(left, right, how, None)
    if isinstance(on, (str, Column)):
        on = [on]
    if all(isinstance(o, str) for o in on):
        return _using(session, left, right, list(on), how)
    cond = None
    for o in on:
        e = o.expr
        cond = e if cond is None else ex.UnresolvedFunc("and", (cond, e))
    return lp.Join(left, right, how if how != "cross" else "inner", cond)


def _find(plan: lp.Plan, name: str, side: str) -> ex.Attr:
    hits = [a for a in plan.output if a.name.lower() == name.lower()]
    if not hits:
        raise AnalysisException(
            f"USING column `{name}` cannot be resolved on the {side} side of the join. The "
            f"{side}-side columns: [{', '.join('`' + a.name + '`' for a in plan.output)}].",
            "UNRESOLVED_USING_COLUMN_FOR_JOIN")
    return hits[0]


def _using(session, left, right, names, how) -> lp.Plan:
    lkeys = [_find(left, n, "left") for n in names]
    rkeys = [_find(right, n, "right") for n in names]
    cond = None
    for lk, rk in zip(lkeys, rkeys):
        e = ex.UnresolvedFunc("=", (lk, rk))
        cond = e if cond is None else ex.UnresolvedFunc("and", (cond, e))
    join = session._analyze(lp.Join(left, right, how if how != "cross" else "inner", cond))
    key_ids = {a.expr_id for a in lkeys} | {a.expr_id for a in rkeys}
    if how == "full":
        keys = [ex.Alias(ex.UnresolvedFunc("coalesce", (lk, rk)), lk.name)
                for lk, rk in zip(lkeys, rkeys)]
    elif how == "right":
        keys = list(rkeys)
    else:
        keys = list(lkeys)
    rest = [a for a in left.output if a.expr_id not in key_ids]
    if how not in ("left_semi", "left_anti"):
        rest += [a for a in right.output if a.expr_id not in key_ids]
    return lp.Project(tuple(keys + rest), join)


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
