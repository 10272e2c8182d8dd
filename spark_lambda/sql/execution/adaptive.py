"""Adaptive execution: coalescing small reduce partitions after the map stage (Spark's AQE).

Called by the planner before it reads an exchange. The map stage has run, so the map statuses'
offsets give every reduce partition's size; adjacent partitions are packed into groups of
about a target size, and each group is read by one task. With
``spark.sql.shuffle.partitions=200`` a small query thus runs a handful of reduce tasks rather
than 200, while a large one keeps as many as its data needs.
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
