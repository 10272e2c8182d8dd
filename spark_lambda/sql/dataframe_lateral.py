"""DataFrame methods that put another DataFrame's columns beside each row: ``zip`` (two
projections of the same rows side by side) and ``lateralJoin`` (what another DataFrame gives
for each row, ``lateral``)."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .errors import AnalysisException


class DataFrameLateralMixin:
    """``zip``, ``lateralJoin``, ``_joinAsOf`` and ``nearestByJoin`` of ``DataFrame``."""

    def lateralJoin(self, other, on=None, how: str | None = None) -> "DataFrame":
        """Each row joined with the rows ``other`` gives for it: ``other`` reads this row's
        columns through ``Column.outer()`` (a table function of them such as
        ``spark.tvf.explode(F.col("items").outer())``, or a query filtered by them, limited
        per row with ``orderBy().limit()``). ``how``: ``inner`` (default), ``cross`` or
        ``left`` (rows with nothing on the right kept, with NULLs)."""
        from .lateral import lateral_join
        return lateral_join(self, other, on, how)

    def _joinAsOf(self, other, leftAsOfColumn, rightAsOfColumn, on=None, how=None, *,
                  tolerance=None, allowExactMatches: bool = True,
                  direction: str = "backward") -> "DataFrame":
        """Each row with ``other``'s row whose ``rightAsOfColumn`` is the nearest at or before
        (``backward``) or at or after (``forward``) its ``leftAsOfColumn``, among those
        matching ``on``; ``how`` ``inner`` (default) or ``left``; see ``asof_join``."""
        from .asof_join import join_as_of
        return join_as_of(self, other, leftAsOfColumn, rightAsOfColumn, on, how, tolerance,
                          allowExactMatches, direction)

    def nearestByJoin(self, other, rankingExpression, numResults: int, mode: str,
                      direction: str, *, joinType: str = "inner") -> "DataFrame":
        """Each row with the ``numResults`` rows of ``other`` ranked first by
        ``rankingExpression`` (largest first for ``direction="similarity"``, smallest for
        ``"distance"``), by brute force over every pair (``mode`` ``exact`` or ``approx``
        alike); ``joinType`` ``inner`` or ``leftouter`` (rows with no match kept)."""
        from .nearest_join import nearest_join
        return nearest_join(self, other, rankingExpression, numResults, mode, direction,
                            joinType)

    def zip(self, other) -> "DataFrame":
        """The columns of this DataFrame and of ``other`` side by side, row by row. Both must
        be projections (``select``, ``withColumn``...) of the same rows: the same plan once
        their outer projections are taken away; else ``ZIP_PLANS_NOT_MERGEABLE``."""
        base, left = _strip_projects(self._plan)
        other_base, right = _strip_projects(other._plan)
        if base != other_base:
            raise AnalysisException(
                "The two DataFrames in zip() cannot be merged. They must produce the same "
                "canonicalized plan after stripping outer Project chains, and must not contain "
                "non-scalar Python UDFs.", "ZIP_PLANS_NOT_MERGEABLE", sqlState="42K03")
        seen = {ex.to_attr(e).expr_id for e in left}
        right = [e if ex.to_attr(e).expr_id not in seen else
                 ex.Alias(e.child if isinstance(e, ex.Alias) else e, ex.to_attr(e).name)
                 for e in right]
        return self._with_plan(lp.Project(tuple(left + right), base))


def _strip_projects(plan: lp.Plan) -> tuple:
    """The plan under its chain of projections, and its output as expressions over that
    plan (each keeping its name and id)."""
    exprs = None
    while isinstance(plan, lp.Project):
        defs = {ex.to_attr(e).expr_id: e for e in plan.exprs}
        exprs = list(plan.exprs) if exprs is None else [_inline(e, defs) for e in exprs]
        plan = plan.child
    return plan, list(plan.output) if exprs is None else exprs


def _inline(e: ex.Expr, defs: dict) -> ex.Expr:
    """``e`` with the attributes a lower projection defines replaced by their definitions
    (the top keeps its name and id)."""
    def sub(n):
        if isinstance(n, ex.Attr) and isinstance(defs.get(n.expr_id), ex.Alias):
            return defs[n.expr_id].child
        return n
    if isinstance(e, ex.Alias):
        return ex.Alias(e.child.transform_up(sub), e.name, e.expr_id, e.metadata)
    d = defs.get(e.expr_id) if isinstance(e, ex.Attr) else None
    if isinstance(d, ex.Alias):
        return ex.Alias(d.child, e.name, e.expr_id, d.metadata)
    return e
