"""The optimizer: a list of rules, each a function from plan to plan.

0. ``combine_unions``: a union of unions is one union of all their inputs.
1. ``rewrite_subqueries``: WHERE subqueries become semi, anti and outer joins.
   ``factor_disjunctions`` then takes the conjuncts common to both sides of every OR out of
   it, ``(a AND b) OR (a AND c)`` as ``a AND (b OR c)`` (part of Spark's
   ``BooleanSimplification``), so a join key common to every branch becomes an equi-join.
2. ``push_down_predicates``: filters move as low as they can (through projections, aggregates
   on their grouping columns, and joins); inner joins written as a list of tables
   (``FROM a, b, c WHERE ...``) are reordered so that each join has a condition when one exists
   (Spark's ``ReorderJoin``), and conditions land on the lowest join that sees their columns.
3. ``narrow_projects``: from the top down, a projection keeps only the columns its parent
   needs (the right side of a semi or anti join needs only its join keys: ``EXISTS (SELECT *
   ...)`` reads no column it does not compare), as Spark's ``ColumnPruning``.
4. ``prune_columns``: scans read only the columns some expression or the result uses.
"""

from __future__ import annotations

import dataclasses

from . import expressions as ex
from .generators import NONDETERMINISTIC
from . import plans as lp
from .subqueries import rewrite_subqueries


def optimize(plan: lp.Plan) -> lp.Plan:
    """The optimized plan."""
    plan = combine_unions(plan)
    plan = rewrite_subqueries(plan)
    plan = factor_disjunctions(plan)
    plan = push_down_predicates(plan)
    plan = narrow_projects(plan, {a.expr_id for a in plan.output})
    return prune_columns(plan)


def combine_unions(plan: lp.Plan) -> lp.Plan:
    """A union whose inputs are unions made one union of all their inputs, as Spark's
    ``CombineUnions`` (``a.union(b).union(c)`` is one node of three inputs, not a chain as
    deep as the number of inputs). Each shared subtree is rewritten once."""
    done: dict = {}

    def node(p: lp.Plan) -> lp.Plan:
        if id(p) in done:
            return done[id(p)]
        kids = p.children()
        new = p.with_children([node(k) for k in kids]) if kids else p
        if isinstance(new, lp.Union) and any(isinstance(c, lp.Union) for c in new.inputs):
            new = lp.union_of(new.inputs)
        done[id(p)] = new
        return new
    return node(plan)


def _ids(plan: lp.Plan) -> set:
    return {a.expr_id for a in plan.output}


def _deterministic(e: ex.Expr) -> bool:
    return not any(isinstance(n, (ex.SubqueryExpr, ex.AggCall)) or
                   (isinstance(n, ex.Call) and n.fn in NONDETERMINISTIC) for n in e.walk())


def factor_disjunctions(plan: lp.Plan) -> lp.Plan:
    """Every OR in the plan's expressions with the deterministic conjuncts its two sides share
    taken out of it: ``(a AND b) OR (a AND c)`` is ``a AND (b OR c)``, and ``a OR (a AND b)``
    is ``a`` (both hold in SQL's three-valued logic). Bottom-up, so a chain of ORs whose every
    branch has ``a`` ends as ``a AND (b OR c OR ...)``."""
    return plan.transform_up(
        lambda p: p.map_expressions(lambda e: e.transform_up(_factor_or)))


def _factor_or(e: ex.Expr) -> ex.Expr:
    if not (isinstance(e, ex.Call) and e.fn == "or" and len(e.args) == 2):
        return e
    left, right = (ex.split_conjuncts(a) for a in e.args)
    common = [c for c in left if _deterministic(c) and any(_same(c, r) for r in right)]
    if not common:
        return e
    rest_l = [c for c in left if not any(_same(c, k) for k in common)]
    rest_r = [c for c in right if not any(_same(c, k) for k in common)]
    if not rest_l or not rest_r:
        return ex.and_all(common)
    l_rest, r_rest = ex.and_all(rest_l), ex.and_all(rest_r)
    either = ex.Call("or", (l_rest, r_rest), e.data_type, l_rest.nullable or r_rest.nullable)
    return ex.and_all(common + [either])


def _same(a: ex.Expr, b: ex.Expr) -> bool:
    """Whether two conditions are the same, an equality read either way round."""
    if a == b:
        return True
    return (isinstance(a, ex.Call) and isinstance(b, ex.Call) and a.fn == b.fn and
            a.fn in ("=", "<=>") and len(a.args) == len(b.args) == 2 and
            a.args == b.args[::-1])


def push_down_predicates(plan: lp.Plan) -> lp.Plan:
    """Filters pushed down and inner joins reordered (see the module doc)."""
    return _push(plan, [])


def _wrap(plan: lp.Plan, preds: list) -> lp.Plan:
    return lp.Filter(ex.and_all(preds), plan) if preds else plan


def _push(plan: lp.Plan, preds: list) -> lp.Plan:
    if isinstance(plan, lp.Filter):
        return _push(plan.child, preds + ex.split_conjuncts(plan.condition))
    if isinstance(plan, lp.Project):
        aliases = {e.expr_id: e.child for e in plan.exprs if isinstance(e, ex.Alias)}
        down, keep = [], []
        fixed = all(_deterministic(e) for e in plan.exprs)   # else no filter goes below (Spark)
        for p in preds:
            if fixed and _deterministic(p) and all(_deterministic(aliases[i])
                                                   for i in ex.references(p) if i in aliases):
                down.append(p.transform_up(
                    lambda n: aliases[n.expr_id] if isinstance(n, ex.Attr) and
                    n.expr_id in aliases else n))
            else:
                keep.append(p)
        return _wrap(lp.Project(plan.exprs, _push(plan.child, down)), keep)
    if isinstance(plan, lp.Aggregate):
        group_ids = {g.expr_id for g in plan.groups if isinstance(g, ex.Attr)}
        down = [p for p in preds if ex.references(p) <= group_ids and _deterministic(p)]
        keep = [p for p in preds if not any(p is d for d in down)]
        return _wrap(lp.Aggregate(plan.groups, plan.aggs, _push(plan.child, down)), keep)
    if isinstance(plan, (lp.SubqueryAlias, lp.BroadcastHint)):
        return dataclasses.replace(plan, child=_push(plan.child, preds))
    if isinstance(plan, lp.Sort):
        return dataclasses.replace(plan, child=_push(plan.child, preds))
    if isinstance(plan, lp.Join):
        return _push_join(plan, preds)
    if isinstance(plan, lp.FileRelation):
        return _wrap(dataclasses.replace(plan, filters=tuple(preds)), preds)
    kids = plan.children()
    if kids:
        plan = plan.with_children([_push(k, []) for k in kids])
    return _wrap(plan, preds)


def _push_join(j: lp.Join, preds: list) -> lp.Plan:
    if j.how in ("inner", "cross"):
        return _reorder(j, preds)
    left_ids, right_ids = _ids(j.left), _ids(j.right)
    conds = ex.split_conjuncts(j.condition)
    to_left, to_right, keep, on = [], [], [], []
    for p in preds:
        refs = ex.references(p)
        if refs <= left_ids and j.how in ("left", "left_semi", "left_anti"):
            to_left.append(p)
        elif refs <= right_ids and j.how == "right":
            to_right.append(p)
        else:
            keep.append(p)
    for c in conds:
        refs = ex.references(c)
        if refs and refs <= right_ids and j.how in ("left", "left_semi", "left_anti"):
            to_right.append(c)
        elif refs and refs <= left_ids and j.how in ("right", "left_semi"):
            to_left.append(c)
        else:
            on.append(c)
    out = lp.Join(_push(j.left, to_left), _push(j.right, to_right), j.how, ex.and_all(on))
    return _wrap(out, keep)


def _flatten(plan: lp.Plan, items: list, conds: list) -> None:
    if isinstance(plan, lp.Join) and plan.how in ("inner", "cross"):
        _flatten(plan.left, items, conds)
        _flatten(plan.right, items, conds)
        conds.extend(ex.split_conjuncts(plan.condition))
    elif isinstance(plan, lp.Filter) and not any(isinstance(n, ex.SubqueryExpr)
                                                 for n in plan.condition.walk()):
        before = len(items)
        _flatten(plan.child, items, conds)
        if len(items) == before + 1 and not isinstance(plan.child, lp.Join):
            items[-1] = lp.Filter(plan.condition, items[-1])
        else:
            conds.extend(ex.split_conjuncts(plan.condition))
    else:
        items.append(plan)


def _reorder(j: lp.Join, preds: list) -> lp.Plan:
    items: list = []
    conds: list = list(preds)
    _flatten(j, items, conds)
    ids = [_ids(i) for i in items]
    single = [[] for _ in items]
    multi, const = [], []
    for c in conds:
        refs = ex.references(c)
        owners = [k for k, s in enumerate(ids) if refs & s]
        if not refs:
            const.append(c)
        elif len(owners) == 1 and refs <= ids[owners[0]]:
            single[owners[0]].append(c)
        else:
            multi.append(c)
    pushed = [_push(i, s) for i, s in zip(items, single)]
    order = [0]
    joined_ids = set(ids[0])
    remaining = list(range(1, len(items)))
    while remaining:
        pick = next((r for r in remaining if any(
            ex.references(c) <= joined_ids | ids[r] and ex.references(c) & ids[r]
            for c in multi)), remaining[0])
        remaining.remove(pick)
        order.append(pick)
        joined_ids |= ids[pick]
    tree = pushed[order[0]]
    seen = set(ids[order[0]])
    left = list(multi)
    for k in order[1:]:
        seen |= ids[k]
        here = [c for c in left if ex.references(c) <= seen]
        left = [c for c in left if not any(c is h for h in here)]
        tree = lp.Join(tree, pushed[k], "inner" if here else "cross", ex.and_all(here))
    out = _wrap(tree, left + const)
    if [a.expr_id for a in out.output] != [a.expr_id for a in j.output]:
        out = lp.Project(tuple(j.output), out)
    return out


def _has_subquery(p: lp.Plan) -> bool:
    return any(isinstance(n, ex.SubqueryExpr) for e in p.expressions() for n in e.walk())


def narrow_projects(p: lp.Plan, needed: set) -> lp.Plan:
    """``p`` with each projection below it keeping only the columns above it read, given that
    ``needed`` (attribute ids) is all its parent reads of it. Goes down through projections,
    filters, aliases, sorts, limits, aggregates and joins; stops (leaves the subtree as it
    is) at any other operator and at expressions holding a subquery, whose outer references
    the rule does not follow."""
    def refs(exprs) -> set:
        return set().union(*(ex.references(e) for e in exprs)) if exprs else set()

    if _has_subquery(p):
        return p
    if isinstance(p, lp.Project):
        keep = tuple(e for e in p.exprs if ex.to_attr(e).expr_id in needed) or p.exprs[:1]
        return lp.Project(keep, narrow_projects(p.child, refs(keep)))
    if isinstance(p, (lp.Filter, lp.Sort)):
        child = narrow_projects(p.child, needed | refs(p.expressions()))
        return dataclasses.replace(p, child=child)
    if isinstance(p, (lp.SubqueryAlias, lp.Limit)):
        return dataclasses.replace(p, child=narrow_projects(p.child, needed))
    if isinstance(p, lp.Aggregate):
        return dataclasses.replace(p, child=narrow_projects(p.child, refs(p.expressions())))
    if isinstance(p, lp.Join):
        cond = refs([p.condition]) if p.condition is not None else set()
        right_needed = cond if p.how in ("left_semi", "left_anti") else needed | cond
        return dataclasses.replace(p, left=narrow_projects(p.left, needed | cond),
                                   right=narrow_projects(p.right, right_needed))
    return p


def prune_columns(plan: lp.Plan) -> lp.Plan:
    """Scans keep only the columns that some expression of the plan, or its result, reads."""
    needed = {a.expr_id for a in plan.output}

    def collect(p):
        if isinstance(p, lp.FileRelation):  # its attributes are what it produces, not reads
            return
        if isinstance(p, lp.Union):
            for c in p.inputs:
                needed.update(a.expr_id for a in c.output)
        for e in p.expressions():
            needed.update(ex.references(e))
            for n in e.walk():
                if isinstance(n, ex.SubqueryExpr):
                    for q in n.plan.walk():
                        collect(q)
                    needed.update(a.expr_id for a in n.plan.output)
                if isinstance(n, ex.OuterRef):
                    needed.add(n.attr.expr_id)
    for p in plan.walk():
        collect(p)

    def node(p):
        if isinstance(p, lp.FileRelation):
            keep = tuple(a for a in p.attrs if a.expr_id in needed)
            return dataclasses.replace(p, attrs=keep or p.attrs[:1])
        return p.map_expressions(lambda e: _prune_in_subqueries(e, node))
    return plan.transform_up(node)


def _prune_in_subqueries(e: ex.Expr, node) -> ex.Expr:
    def fn(n):
        if isinstance(n, ex.SubqueryExpr):
            return dataclasses.replace(n, plan=optimize(n.plan))
        return n
    return e.transform_up(fn)
