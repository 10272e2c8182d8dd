"""Joins of two pair RDDs: a hash join on the reduce side, no tag per record.

``join`` and the outer joins run on a ``CoGroupedRDD`` (``lineage.py``): its
partition i holds each side's records of key partition i, every side read
from a shuffle of its own (or directly, when already partitioned alike), so
no record is tagged with its side on the map side, and nothing is combined
there. Within a partition:

1. Each side's values are grouped by key on its own (``ExternalMerger`` with
   groupByKey's aggregator: a list append per record, in C), the right side
   first; the left side's memory budget counts what the right side holds.
2. If both fit in memory, each left key looks up its right values and yields
   the pairs: one dict lookup per key, none per value, no tag to test. A left
   outer join yields ``(v, None)`` for a key without right values, a right
   outer join then ``(None, w)`` for each right key the left side lacks.
3. If a side spilled, both go through one grouping by key with their values
   tagged by side (as ``cogroup`` does; it spills too), and each key's
   values are paired.

Keys come out in the order the left side first had them, then the right-only
keys, and each key's pairs in arrival order: as PySpark's cogroup-based join.
"""

from __future__ import annotations

from .partitioner import HashPartitioner, portable_hash
from .shuffle.spill import ExternalMerger


def join(left, right, num_partitions, keep_left: bool, keep_right: bool):
    """``left`` joined with ``right`` (``keep_left``: left outer; ``keep_right``: right outer)."""
    from .lineage import CoGroupedRDD
    from .pairs import check_partitions
    if num_partitions is None:
        num_partitions = _default_partitions(left, right)
    check_partitions(num_partitions)
    return CoGroupedRDD([left, right], HashPartitioner(num_partitions, portable_hash),
                       _hash_join(keep_left, keep_right))


def _default_partitions(left, right) -> int:
    """As the union of both sides would have: one side's count when they are
    partitioned alike, else the sum (``spark.default.parallelism`` when set)."""
    if left.ctx.conf.contains("spark.default.parallelism"):
        return left.ctx.defaultParallelism
    if left.partitioner is not None and left.partitioner == right.partitioner:
        return left.getNumPartitions()
    return left.getNumPartitions() + right.getNumPartitions()


def _hash_join(keep_left: bool, keep_right: bool):
    def join_partition(_split, sides):
        from .pairs import _GROUP
        from .taskcontext import TaskContext
        tc = TaskContext.get()
        groups = []
        for side in reversed(sides):  # the right side first: the left's budget counts it
            merger = ExternalMerger(_GROUP, _budget(tc), tc and tc.spill_dir(), tc.metrics if tc else None)
            merger.merge_values(side)
            groups.insert(0, merger)
        if any(m.spills for m in groups):
            return _merged_join(groups, tc, keep_left, keep_right)
        return _pairs(groups[0].data, groups[1].data, keep_left, keep_right)
    return join_partition


def _budget(tc) -> int:
    from .pairs import _merger_budget
    return _merger_budget(tc)


def _pairs(left: dict, right: dict, keep_left: bool, keep_right: bool):
    """Every key's pairs, keys in the order the left side first had them (then the
    right-only keys), as PySpark's cogroup-based join orders them."""
    get = right.get
    none = [None]
    for k, vs in left.items():
        ws = get(k)
        if ws is None:
            if not keep_left:
                continue
            ws = none
        for v in vs:
            for w in ws:
                yield k, (v, w)
    if keep_right:
        for k, ws in right.items():
            if k not in left:
                for w in ws:
                    yield k, (None, w)


def _merged_join(groups: list, tc, keep_left: bool, keep_right: bool):
    """Step 3: a side outgrew memory; one grouping of both sides, tagged by side."""
    from .pairs import _TAGGED
    merger = ExternalMerger(_TAGGED, _budget(tc), tc and tc.spill_dir(), tc.metrics if tc else None)
    for i, side in enumerate(groups):
        merger.merge_values((k, [(i, x) for x in xs]) for k, xs in side.items())
    for k, values in merger.items():
        vs = [v for i, v in values if i == 0] or ([None] if keep_right else [])
        ws = [w for i, w in values if i == 1] or ([None] if keep_left else [])
        for v in vs:
            for w in ws:
                yield k, (v, w)
