"""Cutting an RDD's lineage into stages.

A stage is the part of the lineage between shuffles: its tasks compute the
stage RDD's partitions through narrow dependencies only. The cut is one type
test in an iterative walk with an explicit stack: a ``ShuffleDependency``
starts a parent stage (a ``ShuffleMapStage``, shared by every job that reads
that shuffle, so finished map outputs are reused), anything else is followed.
A persisted RDD whose partitions are all stored stops the walk: nothing
behind it needs computing.

Called by ``dag.DAGScheduler`` for each job, and again whenever a stage is
about to run, since map outputs can be lost and caches filled in between.
"""

from __future__ import annotations

import itertools

_stage_ids = itertools.count()


class Stage:
    def __init__(self, rdd):
        self.id = next(_stage_ids)
        self.rdd = rdd
        self.attempt = 0          # a new attempt for every submission after the first
        self.submissions = 0
        self.fetch_failures = 0   # stage attempts ended by a fetch failure

    def __repr__(self):
        return f"{type(self).__name__}({self.id}, rdd={self.rdd.id})"


class ShuffleMapStage(Stage):
    """Computes a shuffle's map outputs: one map status per partition of ``dep.rdd``."""

    kind = "map"

    def __init__(self, dep):
        super().__init__(dep.rdd)
        self.dep = dep
        self.outputs: list = [None] * dep.rdd.getNumPartitions()

    @property
    def available(self) -> bool:
        return all(o is not None for o in self.outputs)

    def missing_partitions(self) -> list[int]:
        return [i for i, o in enumerate(self.outputs) if o is None]


class ResultStage(Stage):
    """Runs a job's function over some partitions of the final RDD."""

    kind = "result"

    def __init__(self, rdd, func, partitions: list[int]):
        super().__init__(rdd)
        self.func = func
        self.partitions = partitions


def shuffle_dependencies(rdd, cached) -> list:
    """The shuffle dependencies reachable from ``rdd`` through narrow dependencies.

    ``cached(rdd)`` tells whether every partition of a persisted RDD is stored."""
    found, seen, stack = [], set(), [rdd]
    while stack:
        r = stack.pop()
        if id(r) in seen:   # by identity: walking the lineage must not draw RDD ids
            continue
        seen.add(id(r))
        if r.storage_level is not None and cached(r):
            continue
        found.extend(r.shuffle_deps)
        stack.extend(r.parents)
    return found
