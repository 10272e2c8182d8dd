"""Joins on column names (``df.join(other, ["k"])``, SQL ``JOIN … USING (k)`` and ``NATURAL
JOIN``).

``UsingJoin`` is the join as written; the analyzer turns it into Spark's ``USING`` join: an
equi-join on the named columns under a projection that has each named column once (the left
one; the right one for a right join; ``coalesce(left, right)`` for a full outer join), then the
other columns of the left side and of the right side (none of the right for a semi or anti
join). The sides' keys that are not in the output stay reachable as hidden columns (by their
qualifier, ``r.k``, or their DataFrame's column, ``b.k``; ``hidden_columns.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import AnalysisException
from . import expressions as ex
from . import plans as lp
from .hidden_columns import hidden_output, with_hidden


@dataclass(frozen=True)
class UsingJoin(lp.Plan):
    """A join on the columns named ``names``, both sides having each of them (unresolved);
    ``names`` None for a NATURAL join: the columns whose names both sides have."""
    left: lp.Plan
    right: lp.Plan
    how: str
    names: tuple

    @property
    def output(self):
        return self.left.output + self.right.output


def find_using_column(plan: lp.Plan, name: str, side: str) -> ex.Attr:
    """The column ``name`` of one side of a USING join (case-insensitive), or Spark's
    UNRESOLVED_USING_COLUMN_FOR_JOIN error listing that side's columns."""
    hits = [a for a in plan.output if a.name.lower() == name.lower()]
    if not hits:
        raise AnalysisException(
            f"USING column `{name}` cannot be resolved on the {side} side of the join. The "
            f"{side}-side columns: [{', '.join('`' + a.name + '`' for a in plan.output)}].",
            "UNRESOLVED_USING_COLUMN_FOR_JOIN")
    return hits[0]


def resolve_using_join(analyzer, p: UsingJoin, outer) -> lp.Plan:
    """The analyzed plan of ``p`` (its sides analyzed, with distinct attribute ids)."""
    left, right = p.left, p.right
    names = p.names
    if names is None:
        theirs = {a.name.lower() for a in right.output}
        names = [a.name for a in left.output if a.name.lower() in theirs]
    lkeys = [find_using_column(left, n, "left") for n in names]
    rkeys = [find_using_column(right, n, "right") for n in names]
    cond = None
    for lk, rk in zip(lkeys, rkeys):
        e = ex.UnresolvedFunc("=", (lk, rk))
        cond = e if cond is None else ex.UnresolvedFunc("and", (cond, e))
    how = p.how if p.how != "cross" else "inner"
    join = analyzer.resolve_node(lp.Join(left, right, how, cond), outer)
    key_ids = {a.expr_id for a in lkeys} | {a.expr_id for a in rkeys}
    if p.how == "full":
        keys = [ex.Alias(ex.UnresolvedFunc("coalesce", (lk, rk)), lk.name)
                for lk, rk in zip(lkeys, rkeys)]
    elif p.how == "right":
        keys = list(rkeys)
    else:
        keys = list(lkeys)
    rest = [a for a in join.left.output if a.expr_id not in key_ids]
    if p.how not in ("left_semi", "left_anti"):
        rest += [a for a in join.right.output if a.expr_id not in key_ids]
    project = analyzer.resolve_node(lp.Project(tuple(keys + rest), join), outer)
    shown = {a.expr_id for a in project.output}
    hidden = [] if p.how in ("left_semi", "left_anti") else [
        dataclasses.replace(a, qualified_only=True) for a in join.output
        if a.expr_id in key_ids and a.expr_id not in shown]
    return with_hidden(project, tuple(hidden) + hidden_output(join))
