"""DuckDB text of the time window functions beyond ``window``: ``window_time``."""

from __future__ import annotations

from .function_sql_hooks import Ctx, scalar


@scalar("window_time")
def _window_time(c: Ctx) -> str:
    return f"(struct_extract({c.a[0]}, 'end') - INTERVAL 1 MICROSECOND)"
