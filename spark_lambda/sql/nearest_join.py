"""``DataFrame.nearestByJoin``: its arguments checked and its ranking resolved over both
sides, as a ``NearestJoin`` plan (``catalyst/nearest_join``)."""

from __future__ import annotations

from .errors import AnalysisException


def nearest_join(left, right, ranking, k, mode: str, direction: str, join_type: str):
    """The DataFrame of ``left.nearestByJoin(right, ...)``."""
    from .catalyst.fresh_ids import reinstance
    from .catalyst.nearest_join import NearestJoin
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 100_000:
        raise _error(f"numResults must be between 1 and 100000, got {k}.",
                     "NUM_RESULTS_OUT_OF_RANGE")
    if str(mode).lower() not in ("exact", "approx"):
        raise _error(f"mode must be 'exact' or 'approx', got '{mode}'.", "UNSUPPORTED_MODE")
    if str(direction).lower() not in ("distance", "similarity"):
        raise _error(f"direction must be 'distance' or 'similarity', got '{direction}'.",
                     "UNSUPPORTED_DIRECTION")
    how = str(join_type).lower().replace("_", "")
    if how not in ("inner", "leftouter", "left"):
        raise _error(f"joinType must be 'inner' or 'leftouter', got '{join_type}'.",
                     "UNSUPPORTED_JOIN_TYPE")
    right_plan = right._plan
    if {a.expr_id for a in left._plan.output} & {a.expr_id for a in right_plan.output}:
        right_plan = reinstance(right_plan)
    attrs = list(left._plan.output) + list(right_plan.output)
    expr = left.sparkSession._analyzer.resolve(ranking.expr, attrs)
    return left._with_plan(NearestJoin(left._plan, right_plan, expr, k,
                                       direction.lower() == "similarity", how != "inner"))


def _error(why: str, condition: str) -> AnalysisException:
    return AnalysisException(f"Invalid nearestByJoin: {why}", f"NEAREST_BY_JOIN.{condition}",
                             {}, "42K0E")
