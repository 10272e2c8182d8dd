"""DuckDB text of ``collect_union`` (the distinct elements of a group's arrays, NULLs
dropped unless ``RESPECT NULLS``; ``[]`` for none) and ``counter_diff`` (over a window only: the counter minus the
previous row's, NULL on the first row and after a reset)."""

from __future__ import annotations

from .function_sql_hooks import WINDOWED, Ctx, aggregate


@aggregate("collect_union")
def _collect_union(c: Ctx) -> str:
    x = c.a[0]
    flat = f"flatten(list({x}) FILTER (WHERE {x} IS NOT NULL){c.over})"
    if len(c.a) > 1:   # RESPECT NULLS: one NULL element kept when there was any
        return (f"coalesce(list_distinct({flat}) || (CASE WHEN list_count({flat}) < "
                f"len({flat}) THEN [NULL] ELSE [] END), [])")
    return f"coalesce(list_distinct({flat}), [])"


@aggregate("counter_diff")
def _counter_diff(c: Ctx) -> str:
    if not c.over:
        from ..errors import AnalysisException
        raise AnalysisException(
            "[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function \"counter_diff\" requires an "
            "OVER clause.", "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE")
    # the previous row with a counter value (rows without one are skipped) and its start time
    x = c.a[0]
    s = c.a[1] if len(c.a) > 1 else "NULL"
    prev = f"lag(CASE WHEN {x} IS NOT NULL THEN {{'v': {x}, 's': {s}}} END IGNORE NULLS){c.over}"
    reset = f"{x} < ({prev}).v OR {s} IS DISTINCT FROM ({prev}).s"
    return f"CAST((CASE WHEN {reset} THEN NULL ELSE {x} - ({prev}).v END) AS {c.t})"


WINDOWED.update(("collect_union", "counter_diff"))
