"""Columns a node reads that its child does not output.

Two kinds: the aggregates and input columns that ``HAVING`` and ``ORDER BY`` may name
(``add_missing`` adds them to the node below and the analyzer projects them away above), and
Spark's hidden columns of a join on names: each side's own key, reachable by its qualifier
(``r.k``) or by its DataFrame's column (``b.k``) but not in the output (which has the merged
key) nor in ``*``. A hidden column that an expression reads is added to the output of the
nodes below it (``expose_used``), as Spark's ``AddMetadataColumns``.
"""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from . import expressions as ex
from . import plans as lp


def strip(e: ex.Expr) -> ex.Expr:
    """``e`` without its alias."""
    return e.child if isinstance(e, ex.Alias) else e


def check_grouping(groups, aggs) -> None:
    """Spark's MISSING_AGGREGATION error for an output expression reading a column that is
    neither grouped nor aggregated."""
    group_set = {strip(g) for g in groups}
    for a in aggs:
        def bad(n):
            if n in group_set or isinstance(n, (ex.AggCall, ex.SubqueryExpr)):
                return None
            if isinstance(n, ex.Attr):
                return n
            for c in n.children():
                hit = bad(c)
                if hit is not None:
                    return hit
            return None
        hit = bad(strip(a))
        if hit is not None:
            raise AnalysisException(
                f"The non-aggregating expression \"{hit.name}\" is based on columns which are "
                f"not participating in the GROUP BY clause. Add the columns or the expression "
                f"to the GROUP BY, aggregate the expression, or use \"any_value({hit.name})\" "
                f"if you do not care which of the values within a group is returned.",
                "MISSING_AGGREGATION", {"expression": f"\"{hit.name}\""}, "42803")


def add_missing(exprs: list, child: lp.Plan) -> tuple[list, lp.Plan]:
    """Rewrite ``exprs`` (resolved against ``child`` and its input) to read only ``child``'s
    output, adding the aggregates and input columns they need to ``child`` as hidden columns."""
    out_ids = {a.expr_id for a in child.output}
    extra: list = []
    if isinstance(child, lp.Aggregate):
        known = {strip(a): ex.to_attr(a) for a in child.aggs}
        groups = {strip(g) for g in child.groups}

        def fn(n):
            if isinstance(n, ex.Attr) and n.expr_id in out_ids:
                return n
            if isinstance(n, ex.AggCall) or (n in groups and not isinstance(n, ex.Lit)):
                if n not in known:
                    alias = ex.Alias(n, ex.expr_name(n))
                    extra.append(alias)
                    known[n] = alias.to_attr()
                return known[n]
            return n.map_children(fn)
        new = [fn(e) for e in exprs]
        check_grouping(child.groups, tuple(extra))
        return new, lp.Aggregate(child.groups, tuple(child.aggs) + tuple(extra), child.child)
    needed = {i for e in exprs for i in ex.references(e)} - out_ids
    extra = [a for a in child.child.output if a.expr_id in needed]
    return list(exprs), lp.Project(tuple(child.exprs) + tuple(extra), child.child)


# --- the hidden keys of a join on names -----------------------------------------------------
def with_hidden(project: lp.Project, attrs) -> lp.Project:
    """``project`` carrying ``attrs`` as hidden columns (returned)."""
    object.__setattr__(project, "_hidden", tuple(attrs))
    return project


def hidden_output(plan: lp.Plan) -> tuple:
    """The hidden columns reachable above ``plan``: a join on names' own, passed up through
    filters, sorts and joins (not through an alias or another projection)."""
    own = plan.__dict__.get("_hidden")
    if own is not None:
        return own
    if isinstance(plan, (lp.Filter, lp.Sort)):
        return hidden_output(plan.child)
    if isinstance(plan, lp.Join):
        left = hidden_output(plan.left)
        return left if plan.how in ("left_semi", "left_anti") else left + hidden_output(
            plan.right)
    return ()


def expose(plan: lp.Plan, ids: set) -> lp.Plan:
    """``plan`` with the hidden columns whose ids are in ``ids`` added to its output."""
    if isinstance(plan, lp.Project):
        if not any(a.expr_id in ids for a in hidden_output(plan)):
            return plan
        child = expose(plan.child, ids)
        have = {a.expr_id for a in plan.output}
        extra = tuple(a for a in hidden_output(plan) if a.expr_id in ids and
                      a.expr_id not in have)
        return with_hidden(lp.Project(plan.exprs + extra, child), hidden_output(plan))
    if isinstance(plan, (lp.Filter, lp.Sort, lp.Join)) and hidden_output(plan):
        return plan.with_children([expose(k, ids) for k in plan.children()])
    return plan


def expose_used(new: lp.Plan, hidden: tuple) -> lp.Plan:
    """``new`` (a node just resolved over children carrying ``hidden``) with the hidden columns
    its expressions read added to the output of the nodes below; under a projection of its
    former output when its own output changed."""
    hid = {a.expr_id for a in hidden}
    needed: set = set()

    def scan(p: lp.Plan, top: bool) -> None:
        if not top and hidden_output(p):
            return
        for e in p.expressions():
            needed.update(n.expr_id for n in e.walk()
                          if isinstance(n, ex.Attr) and n.expr_id in hid)
        for k in p.children():
            scan(k, False)
    scan(new, True)
    if not needed:
        return new

    def swap(p: lp.Plan, top: bool) -> lp.Plan:
        if not top and hidden_output(p):
            return expose(p, needed)
        kids = p.children()
        out = p.with_children([swap(k, False) for k in kids]) if kids else p
        if isinstance(out, lp.Project) and not top:
            have = {a.expr_id for a in out.output}
            extra = tuple(a for a in out.child.output
                          if a.expr_id in needed and a.expr_id not in have)
            out = dataclasses.replace(out, exprs=out.exprs + extra)
        return out
    out = swap(new, True)
    if [a.expr_id for a in out.output] != [a.expr_id for a in new.output]:
        out = with_hidden(lp.Project(tuple(new.output), out), hidden)
    return out


def produced_below(expr_id: int, plans: tuple) -> bool:
    """Whether a node of ``plans`` (or below) outputs the column ``expr_id``."""
    return any(a.expr_id == expr_id for p in plans for a in p.output) or any(
        produced_below(expr_id, p.children()) for p in plans)
