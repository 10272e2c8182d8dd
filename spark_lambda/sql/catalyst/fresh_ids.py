"""Fresh attribute ids for a plan used a second time (a view read twice, a self-join): Spark's
``DeduplicateRelations``."""

from __future__ import annotations

import dataclasses

from . import expressions as ex
from . import plans as lp


def reinstance(plan: lp.Plan, mapping: dict | None = None) -> lp.Plan:
    """The same plan with fresh attribute ids everywhere (a view used twice, a self-join).

    As Spark's DeduplicateRelations, each node's references are rewritten with the mapping of
    its own children only: a ``Union`` outputs its first input's columns, so above it the old
    ids map to that input's new ones, not to those of a later input made from the same
    columns. A subtree shared by several parents is rewritten once (the same fresh ids
    everywhere it appears, as the original shares its ids). ``mapping`` holds the enclosing
    query's old → new ids (a correlated subquery)."""
    outer = {} if mapping is None else mapping
    done: dict = {}

    def remap(e: ex.Expr, scope: dict) -> ex.Expr:
        def fn(n):
            if isinstance(n, ex.Attr) and n.expr_id in scope:
                return dataclasses.replace(n, expr_id=scope[n.expr_id])
            if isinstance(n, ex.Alias):
                new = ex.new_id()
                scope[n.expr_id] = new
                return dataclasses.replace(n, expr_id=new)
            if isinstance(n, ex.OuterRef):
                return ex.OuterRef(remap(n.attr, scope))
            if isinstance(n, ex.SubqueryExpr):
                sub = reinstance(n.plan, dict(scope))
                object.__setattr__(sub, "_analyzed", True)
                return dataclasses.replace(n, plan=sub)
            return n
        return e.transform_up(fn)

    def fresh(attrs, scope: dict) -> tuple:
        out = []
        for a in attrs:
            new = ex.new_id()
            scope[a.expr_id] = new
            out.append(dataclasses.replace(a, expr_id=new))
        return tuple(out)

    def node(p: lp.Plan) -> tuple[lp.Plan, dict]:
        if id(p) in done:
            return done[id(p)]
        kids = [node(k) for k in p.children()]
        scope = dict(outer)
        for _, kid_scope in reversed(kids):      # the first child's ids win (a Union's output)
            scope.update(kid_scope)
        new = p.with_children([k for k, _ in kids]) if kids else p
        if isinstance(new, (lp.LocalRelation, lp.FileRelation, lp.RddRelation)):
            new = dataclasses.replace(new, attrs=fresh(new.attrs, scope))
        elif getattr(new, "made_attrs", None) is not None:   # a node making new columns
            made = new.made_attrs
            new = new.map_expressions(lambda e: remap(e, scope))
            new = dataclasses.replace(new, **{made: fresh(getattr(new, made), scope)})
        elif isinstance(new, lp.RangeRelation):
            (attr,) = fresh((new.attr,), scope)
            new = dataclasses.replace(new, attr=attr)
        else:
            new = new.map_expressions(lambda e: remap(e, scope))
        done[id(p)] = (new, scope)
        return new, scope
    return node(plan)[0]
