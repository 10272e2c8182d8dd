"""Rewrite subqueries in ``WHERE`` into joins (Spark's ``RewritePredicateSubquery`` and
``RewriteCorrelatedScalarSubquery``).

A conjunct ``EXISTS (q)`` becomes a left-semi join with the correlated predicates of ``q``
(those reading an ``OuterRef``) as the join condition; ``NOT EXISTS`` a left-anti join;
``x IN (q)`` a semi join on ``x = q.col`` and ``x NOT IN (q)`` an anti join on
``x = q.col OR (x = q.col) IS NULL`` (null-aware, as SQL defines NOT IN). A correlated scalar
subquery over an aggregate becomes a left join to that aggregate grouped by the correlated
columns, and the subquery expression the aggregate's column. Uncorrelated scalar subqueries
stay: the physical planner runs them first.
"""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import BooleanType
from . import coercion as co
from . import expressions as ex
from . import plans as lp
from .function_registry import resolve_function


def rewrite_subqueries(plan: lp.Plan) -> lp.Plan:
    """Every Filter's subquery conjuncts turned into joins, inner subqueries first."""
    def node(p):
        p = p.map_expressions(_rewrite_inner_plans)
        if isinstance(p, lp.Filter) and _has_subquery(p.condition):
            return _rewrite_filter(p)
        if isinstance(p, lp.Project) and any(_has_subquery(e) for e in p.exprs):
            return _rewrite_project(p)
        return p
    return plan.transform_up(node)


def _rewrite_inner_plans(e: ex.Expr) -> ex.Expr:
    def fn(n):
        if isinstance(n, ex.SubqueryExpr):
            return dataclasses.replace(n, plan=rewrite_subqueries(n.plan))
        return n
    return e.transform_up(fn)


def _has_subquery(e: ex.Expr) -> bool:
    return any(isinstance(n, ex.SubqueryExpr) for n in e.walk())


def _outer_refs(e: ex.Expr) -> bool:
    return any(isinstance(n, ex.OuterRef) for n in e.walk())


def _plain(e: ex.Expr) -> ex.Expr:
    """OuterRef(a) → a: a correlated predicate as a join condition."""
    return e.transform_up(lambda n: n.attr if isinstance(n, ex.OuterRef) else n)


def _pull_correlated(plan: lp.Plan) -> tuple[lp.Plan, list]:
    """Remove the correlated conjuncts of the plan's filters; keep the columns they read."""
    pulled: list = []

    def node(p):
        if isinstance(p, lp.Filter):
            keep = []
            for c in ex.split_conjuncts(p.condition):
                (pulled if _outer_refs(c) else keep).append(c)
            return lp.Filter(ex.and_all(keep), p.child) if keep else p.child
        return p
    plan = plan.transform_up(node)
    needed = {i for c in pulled for i in ex.references(c)}

    def widen(p):
        if isinstance(p, lp.Project):
            have = {a.expr_id for a in p.output}
            extra = [a for a in p.child.output if a.expr_id in needed and a.expr_id not in have]
            return lp.Project(tuple(p.exprs) + tuple(extra), p.child) if extra else p
        return p
    return plan.transform_up(widen), pulled


def in_values(value: ex.Expr, width: int) -> list | None:
    """The values a multi-column ``struct(a, b, ...) IN (subquery)`` compares with the
    subquery's ``width`` columns, one each (None when it is a one-column IN)."""
    if width < 2:
        return None
    if isinstance(value, ex.Call) and value.fn == "struct":
        values = list(value.args)
    elif isinstance(value, ex.Call) and value.fn == "named_struct":
        values = list(value.args[1::2])
    else:
        values = []
    if len(values) != width:
        raise AnalysisException(
            f"The number of columns in the left hand side of an IN subquery does not match "
            f"the number of columns in the output of subquery: the left hand side has "
            f"{len(values) or 1} and the subquery {width}. Compare a struct of as many columns "
            f"(F.struct(a, b).isin(df)).",
            "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH")
    return values


def _rewrite_filter(f: lp.Filter) -> lp.Plan:
    child = f.child
    rest = []
    for c in ex.split_conjuncts(f.condition):
        negated = isinstance(c, ex.Call) and c.fn == "not" and \
            isinstance(c.args[0], ex.SubqueryExpr)
        target = c.args[0] if negated else c
        if isinstance(target, ex.SubqueryExpr) and target.kind in ("exists", "in"):
            sub, pulled = _pull_correlated(target.plan)
            conds = [_plain(p) for p in pulled]
            if target.kind == "in":
                values = in_values(target.value, len(sub.output)) or [target.value]
                eq = ex.and_all([ex.Call("=", (v, a), BooleanType())
                                 for v, a in zip(values, sub.output)])
                if negated:
                    eq = ex.Call("or", (eq, ex.Call("isnull", (eq,), BooleanType(), False)),
                                 BooleanType())
                conds.append(eq)
            child = lp.Join(child, sub, "left_anti" if negated else "left_semi",
                            ex.and_all(conds))
        elif _has_subquery(c):
            c, child = _rewrite_scalar(c, child)
            rest.append(c)
        else:
            rest.append(c)
    out = lp.Filter(ex.and_all(rest), child) if rest else child
    if [a.expr_id for a in out.output] != [a.expr_id for a in f.output]:
        out = lp.Project(tuple(f.output), out)
    return out


def _rewrite_project(p: lp.Project) -> lp.Plan:
    """Correlated scalar subqueries in a SELECT list: left joins under the projection."""
    child, exprs = p.child, []
    for e in p.exprs:
        e, child = _rewrite_scalar(e, child)
        exprs.append(e)
    return lp.Project(tuple(exprs), child)


def _value_on_no_rows(e: ex.Expr) -> ex.Expr:
    """What an aggregate expression gives over no rows: count is 0, the others NULL (so a
    subquery's ``count(*)`` is 0 where the left join finds no group: the "count bug")."""
    def fn(n):
        if isinstance(n, ex.AggCall):
            return ex.Lit(0, n.dtype) if n.fn in ("count", "count_if") else ex.Lit(None, n.dtype)
        return n
    return e.transform_up(fn)


def _rewrite_scalar(cond: ex.Expr, child: lp.Plan) -> tuple[ex.Expr, lp.Plan]:
    joins: list = []

    def fn(n):
        if not (isinstance(n, ex.SubqueryExpr) and n.kind == "scalar"):
            return n
        if not any(_outer_refs(e) for p in n.plan.walk() for e in p.expressions()):
            return n
        agg = n.plan
        if not isinstance(agg, lp.Aggregate) or agg.groups:
            raise AnalysisException("Correlated scalar subqueries must be aggregated.",
                                    "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY."
                                    "MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY")
        inner, pulled = _pull_correlated(agg.child)
        keys, conds = [], []
        for p in pulled:
            if not (isinstance(p, ex.Call) and p.fn == "="):
                raise AnalysisException("Correlated scalar subqueries support only equality "
                                        "predicates on outer columns.",
                                        "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY."
                                        "CORRELATED_COLUMN_IS_NOT_ALLOWED_IN_PREDICATE")
            a, b = p.args
            inner_side, outer_side = (b, a) if _outer_refs(a) else (a, b)
            alias = ex.Alias(inner_side, "_key")
            keys.append(alias)
            conds.append(ex.Call("=", (_plain(outer_side), alias.to_attr()), BooleanType()))
        new_agg = lp.Aggregate(tuple(k.child for k in keys), tuple(agg.aggs) + tuple(keys), inner)
        joins.append((new_agg, ex.and_all(conds)))
        value = new_agg.output[0]
        first = agg.aggs[0].child if isinstance(agg.aggs[0], ex.Alias) else agg.aggs[0]
        empty = _value_on_no_rows(first)
        if isinstance(empty, ex.Lit) and empty.value is None:
            return value
        matched = ex.Call("isnull", (keys[0].to_attr(),), BooleanType(), False)
        return ex.CaseWhen(((matched, empty),), value, value.dtype)
    new_cond = cond.transform_up(fn)
    for agg, on in joins:
        child = lp.Join(child, agg, "left", on)
    return new_cond, child


def typed_in(value: ex.Expr, plan: lp.Plan) -> tuple:
    """``value IN (plan)`` with both sides cast to their common type (each column of a
    multi-column IN): the value, and the plan."""
    multi = in_values(value, len(plan.output))
    if multi:
        return _coerce_multi_in(multi, plan)
    t = co.common_type(value.dtype, plan.output[0].dtype)
    if t is None:
        raise AnalysisException("IN subquery types do not match.", "DATATYPE_MISMATCH")
    if plan.output[0].dtype != t:
        a = plan.output[0]
        plan = lp.Project((ex.Alias(ex.Cast(a, t), a.name),), plan)
        object.__setattr__(plan, "_analyzed", True)
    return co.cast_to(value, t), plan


def _coerce_multi_in(values: list, plan: lp.Plan) -> tuple:
    """``struct(values) IN (plan)``: each value and its subquery column cast to their common
    type; the struct of the values, and the plan."""
    new_values, outs = [], []
    for v, a in zip(values, plan.output):
        t = co.common_type(v.dtype, a.dtype)
        if t is None:
            raise AnalysisException(
                f"IN subquery types do not match: {v.dtype.simpleString()} and "
                f"{a.dtype.simpleString()} (column `{a.name}`).",
                "DATATYPE_MISMATCH.IN_SUBQUERY_DATA_TYPE_MISMATCH")
        new_values.append(co.cast_to(v, t))
        outs.append(a if a.dtype == t else ex.Alias(ex.Cast(a, t), a.name))
    if any(isinstance(o, ex.Alias) for o in outs):
        plan = lp.Project(tuple(outs), plan)
        object.__setattr__(plan, "_analyzed", True)
    return resolve_function("struct", tuple(new_values)), plan
