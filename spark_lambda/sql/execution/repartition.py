"""The physical side of ``repartition``, ``repartitionByRange``, ``repartitionById`` and
``coalesce``: which exchange (if any) each one is.

=====================  ==============================================================
coalesce(n)            no shuffle: the child's partitions read n at a time
repartition(n[, e])    hash(e) % n, or round robin
repartitionByRange     sample → range bounds → range partition (``range_sort``), rows
                       not sorted within a partition
repartitionById        the row's own INT, ``pmod(p, n)``, NULL to partition 0
=====================  ==============================================================
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst.partition_ids import DIRECT_PID
from .fragment import Fragment


def plan_repartition(planner, p) -> Fragment:
    """The fragment reading ``p.child`` repartitioned as ``p`` says."""
    f = planner.fragment(p.child)
    if not p.shuffle:
        return planner._source(planner._run(f).coalesce(p.n), f.attrs)
    if p.exprs and all(isinstance(e, ex.SortOrder) for e in p.exprs):
        return _by_range(planner, f, list(p.exprs), p.n, p.coalesce)
    if len(p.exprs) == 1 and getattr(p.exprs[0], "fn", None) == DIRECT_PID:
        pid = planner.w.sql(p.exprs[0].args[0])
        return planner.exchange(f, None, p.n, route=DirectRoute(pid, p.n))
    keys = [planner.w.sql(e) for e in p.exprs] or None
    return planner.exchange(f, keys, p.n, coalesce=p.coalesce)


def _by_range(planner, f: Fragment, orders: list, n: int, coalesce: bool) -> Fragment:
    """Rows routed to the ranges of ``orders`` that up to ``n - 1`` sampled bounds make
    (Spark's ``RangePartitioner``: as many partitions as bounds + 1)."""
    from .range_sort import RangeRoute, sample_bounds, sort_key_sql
    key = sort_key_sql(planner.w, orders)
    bounds = sample_bounds(planner, f, key, n) if n > 1 else []
    return planner.exchange(f, None, len(bounds) + 1, coalesce=coalesce,
                            route=RangeRoute(key, bounds) if bounds else None)


class DirectRoute:
    """The map side of ``repartitionById``: the fragment's rows with ``__pid`` their own
    partition number taken modulo ``n`` (NULL: 0)."""

    def __init__(self, pid_sql: str, n: int):
        self.pid_sql = pid_sql
        self.n = n

    def __call__(self, sql: str) -> str:
        pid = f"CAST(coalesce((({self.pid_sql}) % {self.n} + {self.n}) % {self.n}, 0) AS INTEGER)"
        return f"SELECT *, {pid} AS __pid FROM ({sql}) AS q"
