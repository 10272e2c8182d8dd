"""Adaptive execution: reading exchanges as their map stages turned out (Spark's AQE).

``read_exchanges`` is called by the planner before it reads an exchange. The map stage has run,
so the map statuses' offsets give every block's size. Adjacent reduce partitions are packed into
groups of about a target size, and each group is read by one task: with
``spark.sql.shuffle.partitions=200`` a small query thus runs a handful of reduce tasks rather
than 200, while a large one keeps as many as its data needs. An exchange of many small blocks
on an object store is read through combiners (``engine_bridge.combine_small_blocks``).
"""

from __future__ import annotations


def target_size(total: int, parallelism: int, advisory: int, minimum: int) -> int:
    """Spark's target with ``parallelismFirst``: the advisory size, lowered so that the
    cluster's default parallelism is kept busy, but never below ``minimum``."""
    return max(minimum, min(advisory, -(-total // max(1, parallelism))))


def coalesce_groups(sizes: list[int], target: int) -> list[list[int]]:
    """Runs of adjacent reduce partitions, each run's total at most ``target`` unless a single
    partition is larger; at least one group (all partitions empty: one task reads nothing)."""
    groups: list[list[int]] = []
    current: list[int] = []
    acc = 0
    for p, size in enumerate(sizes):
        if current and acc + size > target:
            groups.append(current)
            current, acc = [], 0
        current.append(p)
        acc += size
    if current or not groups:
        groups.append(current)
    return groups


def read_exchanges(session, base, names: list, xs: list, readers: dict):
    """Run the map stages ``base`` reads, the exchanges ``xs`` (``(shuffle id, partitions, may
    coalesce)`` of the inputs ``names``; ``readers``: each shuffle id's reduce side); then
    ``(base, empty)``: ``empty`` each input's schema as an empty Arrow stream, from the map
    statuses (for reducers that get no block); an exchange of many small blocks read through
    combiners; and, where every input may be coalesced, ``base`` with small adjacent reduce
    partitions read by one task."""
    from .arrow_io import empty_ipc
    from .engine_bridge import coalesced, combine_small_blocks, map_statuses
    sc = session.sparkContext
    statuses = map_statuses(sc, base, [x[0] for x in xs])
    for sid, _, _ in xs:
        combine_small_blocks(sc, readers[sid], statuses[sid])
    empty = {}
    for name, (sid, _, _) in zip(names, xs):
        schema = next((s["schema"] for s in statuses[sid] if s and "schema" in s), None)
        if schema is not None:
            empty[name] = empty_ipc(schema)
    n = xs[0][1]
    if n > 1 and all(x[2] for x in xs) and session.adaptive_coalesce:
        sizes = [0] * n
        for sid, _, _ in xs:
            for status in statuses[sid]:
                o = status["offsets"]
                for r in range(n):
                    sizes[r] += o[r + 1] - o[r]
        target = target_size(sum(sizes), sc.defaultParallelism, session.advisory_partition_size,
                             session.min_partition_size)
        groups = coalesce_groups(sizes, target)
        if len(groups) < n:
            base = coalesced(base, groups)
    return base, empty
