"""Planning a ``Join``: broadcast one side, or hash-partition both sides on the equi-join keys.

A side may be broadcast when the join keeps no unmatched rows of it (the right side of inner,
left, semi, anti and cross joins; the left side of inner, right and cross joins), and it is
hinted with ``F.broadcast`` or estimated under ``spark.sql.autoBroadcastJoinThreshold``. A join
with no equality between the sides broadcasts a side regardless (a nested-loop join); a full
outer join without one runs in a single partition. A shuffled equi-join whose buildable side
is filtered runs that side's map stage first and broadcasts its output instead when the
bytes it wrote are under the threshold (``measured_side``). A query planned as one task
(``one_task``) joins its sides where they are, with neither; there a left join to an
aggregate on its grouping keys (a correlated scalar subquery, decorrelated) filters the
aggregate's rows by the left row's keys first (``lateral_aggregate``).
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..types import BooleanType
from .expr_sql import column

_SQL_JOIN = {"inner": "JOIN", "cross": "CROSS JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN",
             "full": "FULL JOIN", "left_semi": "SEMI JOIN", "left_anti": "ANTI JOIN",
             "asof": "ASOF JOIN", "asof_left": "ASOF LEFT JOIN"}
_BUILD_RIGHT = {"inner", "cross", "left", "left_semi", "left_anti", "asof", "asof_left"}
_BUILD_LEFT = {"inner", "cross", "right"}


def equi_keys(p: lp.Join) -> tuple[list, list]:
    """The (left, right) expressions of the condition's ``l = r`` conjuncts."""
    left_ids = {a.expr_id for a in p.left.output}
    right_ids = {a.expr_id for a in p.right.output}
    lk, rk = [], []
    for c in ex.split_conjuncts(p.condition):
        if isinstance(c, ex.Call) and c.fn == "=":
            a, b = c.args
            ra, rb = ex.references(a), ex.references(b)
            if ra and rb and ra <= left_ids and rb <= right_ids:
                lk.append(a)
                rk.append(b)
            elif ra and rb and ra <= right_ids and rb <= left_ids:
                lk.append(b)
                rk.append(a)
    return lk, rk


def hinted(p: lp.Plan) -> bool:
    """Whether the plan is marked with ``F.broadcast``."""
    while isinstance(p, (lp.SubqueryAlias, lp.Project, lp.Filter)):
        if isinstance(p, lp.BroadcastHint):
            return True
        p = p.child
    return isinstance(p, lp.BroadcastHint)


def estimated_size(p: lp.Plan) -> int:
    """An upper-bound guess of a plan's output bytes (Spark's size-only statistics)."""
    if isinstance(p, lp.LocalRelation):
        return p.data.value.nbytes
    if isinstance(p, lp.RangeRelation):
        return 8 * max(0, (p.end - p.start) // (p.step or 1))
    if isinstance(p, lp.FileRelation):
        return p.source.value.estimated_size(p.attrs)
    if isinstance(p, lp.RddRelation):
        return 1 << 62
    if isinstance(p, lp.Join):
        return estimated_size(p.left) + estimated_size(p.right)
    return sum(estimated_size(c) for c in p.children())


def _join_sql(how: str, left: str, right: str, cond: str | None) -> str:
    on = f" ON {cond}" if cond else (" ON TRUE" if how not in ("cross",) else "")
    kind = _SQL_JOIN[how]
    if how == "cross" and cond:
        kind = "JOIN"
    return f"SELECT * FROM ({left}) AS l {kind} ({right}) AS r{on}"


def broadcast_side(session, p: lp.Join, lk: list) -> str | None:
    """``"left"`` or ``"right"``: the side of ``p`` to broadcast; None to shuffle both."""
    threshold = session.broadcast_threshold
    side = None
    if p.how in _BUILD_RIGHT and hinted(p.right):
        side = "right"
    elif p.how in _BUILD_LEFT and hinted(p.left):
        side = "left"
    elif threshold >= 0:
        rs, ls = estimated_size(p.right), estimated_size(p.left)
        if p.how in _BUILD_RIGHT and rs <= threshold and (p.how not in _BUILD_LEFT or rs <= ls):
            side = "right"
        elif p.how in _BUILD_LEFT and ls <= threshold:
            side = "left"
    if side is None and not lk:
        side = "right" if p.how in _BUILD_RIGHT else ("left" if p.how in _BUILD_LEFT else None)
    return side


def plan_join(planner, p: lp.Join):
    """The fragment computing ``p`` (see the module doc)."""
    from .fragment import Fragment
    w = planner.w
    cond = w.sql(p.condition) if p.condition is not None else None
    lk, rk = equi_keys(p)
    if planner.one_task:   # both sides are in the task already: DuckDB joins them there
        lateral = lateral_aggregate(p)
        lf, rf = planner.fragment(p.left), planner.fragment(lateral or p.right)
        sql = _join_sql(p.how, lf.sql, rf.sql, cond)
        if lateral is not None:
            sql = sql.replace(" LEFT JOIN (", " LEFT JOIN LATERAL (", 1)
        return Fragment(sql, p.output, {**lf.inputs, **rf.inputs},
                        {**lf.broadcasts, **rf.broadcasts})
    side = broadcast_side(planner.session, p, lk)
    if side == "right":   # the broadcast's job runs while the other side is planned
        name, b = planner.broadcast(p.right)
        f = planner.fragment(p.left)
        sql = _join_sql(p.how, f.sql, f'SELECT * FROM "{name}"', cond)
        return Fragment(sql, p.output, f.inputs, {**f.broadcasts, name: b})
    if side == "left":
        name, b = planner.broadcast(p.left)
        f = planner.fragment(p.right)
        sql = _join_sql(p.how, f'SELECT * FROM "{name}"', f.sql, cond)
        return Fragment(sql, p.output, f.inputs, {**f.broadcasts, name: b})
    n = planner.session.shuffle_partitions if lk else 1
    side = measured_side(planner.session, p, lk)
    first = p.right if side == "right" else p.left
    ff = planner.exchange(planner.fragment(first), [w.sql(k) for k in
                                                    (rk if side == "right" else lk)] or None,
                          n, coalesce=True)
    if side is not None and planner.exchange_bytes(ff) <= planner.session.broadcast_threshold:
        name, b = planner.broadcast(first, ff)
        f = planner.fragment(p.left if side == "right" else p.right)
        bsql = f'SELECT * FROM "{name}"'
        sql = _join_sql(p.how, f.sql, bsql, cond) if side == "right" else \
            _join_sql(p.how, bsql, f.sql, cond)
        return Fragment(sql, p.output, f.inputs, {**f.broadcasts, name: b})
    if side == "right":
        lf, rf = planner.exchange(planner.fragment(p.left), [w.sql(k) for k in lk] or None, n,
                                  coalesce=True), ff
    else:
        lf, rf = ff, planner.exchange(planner.fragment(p.right), [w.sql(k) for k in rk] or None,
                                      n, coalesce=True)
    sql = _join_sql(p.how, lf.sql, rf.sql, cond)
    return Fragment(sql, p.output, {**lf.inputs, **rf.inputs})


def lateral_aggregate(p: lp.Join) -> lp.Aggregate | None:
    """For a left join whose right side is an aggregate and whose condition is equalities
    between the left side and that aggregate's grouping keys (how a correlated scalar
    subquery is decorrelated: ``subqueries``), the aggregate over only the rows whose keys
    equal the left row's, for a ``LEFT JOIN LATERAL`` (the same rows: a filter on grouping
    keys drops whole groups, and the join drops the others anyway). DuckDB then aggregates
    only the groups the left side asks for (it feeds the left side's distinct keys into the
    aggregate's input, as for a correlated subquery of its own) instead of every group.
    None for any other join, and where the left side's columns are also named inside the
    aggregate (a correlated name must reach the left side) or a key is floating point
    (grouping normalises -0.0)."""
    from ..types import DoubleType, FloatType
    from .aggregate import strip_alias
    agg = p.right
    if p.how != "left" or not isinstance(agg, lp.Aggregate) or not agg.groups:
        return None
    lk, rk = equi_keys(p)
    if not lk or len(lk) != len(ex.split_conjuncts(p.condition)):
        return None
    groups = [strip_alias(g) for g in agg.groups]
    keys = {ex.to_attr(a).expr_id: strip_alias(a) for a in agg.aggs if strip_alias(a) in groups}
    inner = {a.expr_id for q in agg.walk() for a in q.output}
    outer = {i for k in lk for i in ex.references(k)}
    if outer & inner or any(isinstance(g.dtype, (DoubleType, FloatType)) for g in groups) or \
            not all(ex.references(k) <= keys.keys() for k in rk) or \
            any(isinstance(n, ex.SubqueryExpr) for k in lk for n in k.walk()):
        return None

    def to_group(n):
        return keys[n.expr_id] if isinstance(n, ex.Attr) and n.expr_id in keys else n
    eqs = [ex.Call("=", (r.transform_up(to_group), left), BooleanType())
           for left, r in zip(lk, rk)]
    return lp.Aggregate(agg.groups, agg.aggs, lp.Filter(ex.and_all(eqs), agg.child))


def _filtered(p: lp.Plan) -> bool:
    return any(isinstance(q, lp.Filter) or (isinstance(q, lp.FileRelation) and q.filters)
               for q in p.walk())


def measured_side(session, p: lp.Join, lk: list) -> str | None:
    """The side of a shuffled equi-join to measure before the other is planned: a side the
    join may broadcast whose rows a filter reduces (estimates, as Spark's without statistics,
    ignore filters), the smaller estimate first; None to measure nothing. Its map stage runs
    first, and when the bytes it wrote are under ``spark.sql.autoBroadcastJoinThreshold``
    its output is broadcast and the other side is not shuffled (as Spark's adaptive
    execution turns a shuffled join into a broadcast one from a stage's real size)."""
    if not lk or session.broadcast_threshold < 0 or p.how == "cross":
        return None
    sides = [(estimated_size(p.right), "right", p.right)] if p.how in _BUILD_RIGHT else []
    if p.how in _BUILD_LEFT:
        sides.append((estimated_size(p.left), "left", p.left))
    sides = [s for s in sides if _filtered(s[2])]
    return min(sides, key=lambda s: s[0])[1] if sides else None


__all__ = ["plan_join", "broadcast_side", "equi_keys", "estimated_size", "lateral_aggregate",
           "measured_side", "column"]
