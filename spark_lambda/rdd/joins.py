"""Cogroups and joins: each side shuffled on its own, grouped on the reduce side.

``cogroup``, ``groupWith``, ``join`` and the outer joins run on a
``CoGroupedRDD`` (``lineage.py``, built by the ``_cogrouped`` primitive), as in Spark: its partition i holds each
side's records of key partition i, every side read from a shuffle of its own
(or directly, when already partitioned alike). No record is tagged with its
side and nothing is combined on the map side. Within a partition:

1. Each side's values are grouped by key on its own (``ExternalMerger`` with
   groupByKey's aggregator: a list append per record, in C), the last side
   first, so each later side's memory budget counts what the earlier hold
   (``executor.memory.data_budget``).
2. If every side fit in memory, keys come out in the order of their first
   appearance, side by side: a cogroup yields each key's lists; a join looks
   each left key up among the right side's (one dict lookup per key, none per
   value) and yields the pairs; a left outer join ``(v, None)`` for a key
   without right values, a right outer join then ``(None, w)`` for each right
   key the left side lacks. That is the order of PySpark's union-based plan.
3. If a side spilled, the sides' groups, tagged by side, go through one more
   grouping that spills (``_merged``), and each key's values are split by tag.
"""

from __future__ import annotations

from ..shuffle.partitioner import HashPartitioner, check_partitions, portable_hash
from ..shuffle.spill import GROUP, ExternalMerger
from .resultiterable import ResultIterable
from .spilling import spill_args


class JoinsMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def cogroup(self, other, numPartitions=None):
        """For each key, a tuple of the ResultIterables of its values in each RDD."""
        return cogroup([self, other], numPartitions)

    def groupWith(self, other, *others):
        return cogroup([self, other, *others], None)

    def join(self, other, numPartitions=None):
        """Each ``(k, (v, w))`` for ``(k, v)`` here and ``(k, w)`` in ``other``."""
        return join(self, other, numPartitions, False, False)

    def leftOuterJoin(self, other, numPartitions=None):
        """``join``, plus ``(k, (v, None))`` for a key ``other`` lacks."""
        return join(self, other, numPartitions, True, False)

    def rightOuterJoin(self, other, numPartitions=None):
        """``join``, plus ``(k, (None, w))`` for a key this RDD lacks."""
        return join(self, other, numPartitions, False, True)

    def fullOuterJoin(self, other, numPartitions=None):
        """``join``, plus the pairs of both outer joins."""
        return join(self, other, numPartitions, True, True)


def cogroup(rdds: list, num_partitions):
    """For each key, a tuple of the ``ResultIterable`` of its values in each RDD."""
    return _cogrouped(rdds, num_partitions, _cogroup_partition)


def join(left, right, num_partitions, keep_left: bool, keep_right: bool):
    """``left`` joined with ``right`` (``keep_left``: left outer; ``keep_right``: right outer)."""
    def join_partition(_split, sides):
        dicts, merged = _grouped(sides)
        if merged is not None:
            return _merged_pairs(merged, keep_left, keep_right)
        return _pairs(dicts[0], dicts[1], keep_left, keep_right)
    return _cogrouped([left, right], num_partitions, join_partition)


def _cogrouped(rdds: list, num_partitions, f):
    if num_partitions is None:
        num_partitions = _default_partitions(rdds)
    check_partitions(num_partitions)
    return rdds[0]._cogrouped(rdds, HashPartitioner(num_partitions, portable_hash), f)


def _default_partitions(rdds: list) -> int:
    """What a shuffle of the sides' union would get (PySpark's cogroup shuffles the union):
    one side's count when all are partitioned alike, else the sum, unless
    ``spark.default.parallelism`` is set."""
    return rdds[0].ctx.union(rdds)._default_reduce_partitions()


def _grouped(sides: list):
    """``(dicts, None)``: each side's ``{key: [values]}`` when all fit in memory; else
    ``(None, merged)`` with ``merged`` yielding ``(key, [values per side])``."""
    mergers = []
    for side in reversed(sides):
        merger = ExternalMerger(GROUP, *spill_args())
        merger.merge_values(side)
        mergers.insert(0, merger)
    if any(m.spills for m in mergers):
        return None, _merged(mergers)
    return [m.data for m in mergers], None


def _merged(mergers: list):
    merger = ExternalMerger(GROUP, *spill_args())
    for i, side in enumerate(mergers):
        merger.merge_combiners((k, [(i, x) for x in xs]) for k, xs in side.items())
    for k, tagged in merger.items():
        lists = [[] for _ in mergers]
        for i, x in tagged:
            lists[i].append(x)
        yield k, lists


def _cogroup_partition(_split, sides):
    dicts, merged = _grouped(sides)
    if merged is not None:
        for k, lists in merged:
            yield k, tuple(map(ResultIterable, lists))
        return
    for i, d in enumerate(dicts):
        earlier = dicts[:i]
        for k in d:
            if not any(k in e for e in earlier):
                yield k, tuple(ResultIterable(e.get(k, [])) for e in dicts)


def _pairs(left: dict, right: dict, keep_left: bool, keep_right: bool):
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


def _merged_pairs(merged, keep_left: bool, keep_right: bool):
    for k, (vs, ws) in merged:
        vs = vs or ([None] if keep_right else [])
        ws = ws or ([None] if keep_left else [])
        for v in vs:
            for w in ws:
                yield k, (v, w)
