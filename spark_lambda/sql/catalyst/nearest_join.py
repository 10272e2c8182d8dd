"""``NearestJoin``: the plan of ``DataFrame.nearestByJoin``, each left row with the ``k``
right rows ranked first by an expression of both (largest first for a similarity, smallest
for a distance); with ``left_outer``, a left row with no right rows is kept with NULLs."""

from __future__ import annotations

from dataclasses import dataclass

from . import expressions as ex
from . import plans as lp


@dataclass(frozen=True)
class NearestJoin(lp.Plan):
    """Top-``k`` right rows per left row by ``ranking`` (resolved over both sides)."""
    left: lp.Plan
    right: lp.Plan
    ranking: ex.Expr
    k: int
    largest_first: bool
    left_outer: bool

    @property
    def output(self):
        right = self.right.output
        if self.left_outer:
            right = [a.with_nullability(True) for a in right]
        return list(self.left.output) + list(right)
