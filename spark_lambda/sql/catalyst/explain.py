"""One line per plan node for ``explain()`` and plan debugging."""

from __future__ import annotations

from . import expressions as ex
from . import plans as lp
from .naming import auto_name


def _e(e: ex.Expr) -> str:
    if isinstance(e, ex.Attr):
        return f"{e.name}#{e.expr_id}"
    if isinstance(e, ex.Alias):
        return f"{auto_name(e.child)} AS {e.name}#{e.expr_id}"
    return auto_name(e)


def node_line(p: lp.Plan) -> str:
    """The node's name and its main expressions."""
    name = type(p).__name__
    if isinstance(p, lp.Project):
        return f"Project [{', '.join(_e(e) for e in p.exprs)}]"
    if isinstance(p, lp.Filter):
        return f"Filter {_e(p.condition)}"
    if isinstance(p, lp.Aggregate):
        return (f"Aggregate [{', '.join(_e(g) for g in p.groups)}], "
                f"[{', '.join(_e(a) for a in p.aggs)}]")
    if isinstance(p, lp.Join):
        cond = f", {_e(p.condition)}" if p.condition is not None else ""
        return f"Join {p.how}{cond}"
    if isinstance(p, lp.Sort):
        return f"Sort [{', '.join(_e(o.child) + (' ASC' if o.ascending else ' DESC') for o in p.orders)}]"
    if isinstance(p, lp.Limit):
        return f"Limit {p.n}"
    if isinstance(p, lp.SubqueryAlias):
        return f"SubqueryAlias {p.alias}"
    if isinstance(p, (lp.LocalRelation, lp.FileRelation, lp.RddRelation)):
        return f"{name} [{', '.join(_e(a) for a in p.attrs)}]"
    if isinstance(p, lp.RangeRelation):
        return f"Range ({p.start}, {p.end}, step={p.step}, splits={p.slices})"
    return name
