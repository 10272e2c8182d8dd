"""Planning a ``NearestJoin``: the right side broadcast, each task ranking the cross product
of its left rows with it (one DuckDB query: ``row_number()`` per left row, kept up to
``k``), as Spark evaluates ``nearestByJoin`` by brute force. A pair whose ranking is NULL
is no match."""

from __future__ import annotations

from .fragment import Fragment


def plan_nearest_join(planner, p) -> Fragment:
    """The fragment computing ``p``."""
    name, b = planner.broadcast(p.right)
    f = planner.fragment(p.left)
    rank = planner.w.sql(p.ranking)
    order = f"{rank} {'DESC' if p.largest_first else 'ASC'}"
    join = "LEFT JOIN" if p.left_outer else "JOIN"
    sql = (f"SELECT * EXCLUDE (__left_row) FROM (SELECT *, row_number() OVER () AS "
           f"__left_row FROM ({f.sql}) AS q) AS l {join} \"{name}\" AS r "
           f"ON ({rank}) IS NOT NULL "
           f"QUALIFY row_number() OVER (PARTITION BY __left_row ORDER BY {order}) <= {p.k}")
    return Fragment(sql, p.output, f.inputs, {**f.broadcasts, name: b})
