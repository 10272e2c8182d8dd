"""Operations on RDDs of (key, value) pairs: the combineByKey family.

The one shuffle primitive is ``partitionBy``; it returns ``self`` when the RDD
already has an equal partitioner, which is how a partitioner is kept (no
needless shuffle after ``partitionBy`` or between co-partitioned RDDs).
``combineByKey`` is three named steps: combine locally on the map side
(``combine_locally``), partition (``partitionBy``), merge the combiners on
the reduce side (``ExternalMerger``, which spills past the memory budget).
The map-side combine is adaptive (see ``spill.combine_locally``).
Cogroups and joins are in ``joins.py``, sorting in ``sorting.py``.
"""

from __future__ import annotations

import copy

from ..errors import StopIterationFailure, fail_on_stopiteration
from ..shuffle.partitioner import HashPartitioner, check_partitions, portable_hash
from ..shuffle.records import key_of, not_a_pair, raise_if_not_pair
from ..shuffle.spill import (Aggregator, ExternalMerger, append_value, combine_locally,
                             extend_combiners, identity, singleton)
from .resultiterable import ResultIterable
from .spilling import spill_args


def _reduce_side(agg: Aggregator, combined: bool):
    """The reduce side of a shuffle that aggregates by key: merge what arrives
    (combiners, or values when the map side did not combine) with spilling."""
    def merge(it):
        merger = ExternalMerger(agg, *spill_args())
        if combined:
            merger.merge_combiners(it)
        else:
            merger.merge_values(it)
        return merger.items()
    return merge


class PairsMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def _default_reduce_partitions(self) -> int:
        if self.ctx.conf.contains("spark.default.parallelism"):
            return self.ctx.defaultParallelism
        return self.getNumPartitions()

    def partitionBy(self, numPartitions: int | None = None, partitionFunc=portable_hash):
        """Hash-partition by key into ``numPartitions`` (a shuffle, unless already so partitioned)."""
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        check_partitions(numPartitions)
        partitioner = HashPartitioner(numPartitions, partitionFunc)
        if self.partitioner == partitioner:
            return self
        return self._shuffled(partitioner)

    def combineByKey(self, createCombiner, mergeValue, mergeCombiners, numPartitions=None,
                     partitionFunc=portable_hash):
        """Aggregate values per key with the three functions, combining on the map side first."""
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        agg = Aggregator(createCombiner, mergeValue, mergeCombiners)

        def combine(it):
            return combine_locally(agg, it, spill_args()[0])

        combined = self.mapPartitions(combine, preservesPartitioning=True)
        return combined.partitionBy(numPartitions, partitionFunc).mapPartitions(
            _reduce_side(agg, combined=True), True)

    def reduceByKey(self, func, numPartitions=None, partitionFunc=portable_hash):
        return self.combineByKey(identity, func, func, numPartitions, partitionFunc)

    def foldByKey(self, zeroValue, func, numPartitions=None, partitionFunc=portable_hash):
        return self.combineByKey(lambda v: func(copy.deepcopy(zeroValue), v), func, func,
                                 numPartitions, partitionFunc)

    def aggregateByKey(self, zeroValue, seqFunc, combFunc, numPartitions=None,
                       partitionFunc=portable_hash):
        return self.combineByKey(lambda v: seqFunc(copy.deepcopy(zeroValue), v), seqFunc, combFunc,
                                 numPartitions, partitionFunc)

    def groupByKey(self, numPartitions=None, partitionFunc=portable_hash):
        """Group the values of each key into a ResultIterable."""
        return self.combineByKey(singleton, append_value, extend_combiners, numPartitions,
                                 partitionFunc).mapValues(ResultIterable)

    def mapValues(self, f):
        def apply(_, it):
            kv = None
            try:
                for kv in it:
                    yield kv[0], f(kv[1])
            except (TypeError, IndexError, KeyError):
                raise_if_not_pair(kv)
                raise
            except StopIteration as e:
                raise StopIterationFailure(e) from None
        return self.mapPartitionsWithIndex(apply, True)

    def flatMapValues(self, f):
        def apply(_, it):
            kv = None
            try:
                for kv in it:
                    k = kv[0]
                    for x in f(kv[1]):
                        yield k, x
            except (TypeError, IndexError, KeyError):
                raise_if_not_pair(kv)
                raise
            except StopIteration as e:
                raise StopIterationFailure(e) from None
        return self.mapPartitionsWithIndex(apply, True)

    def keys(self):
        return self.map(key_of)

    def values(self):
        return self.map(lambda kv: kv[1])

    def groupBy(self, f, numPartitions=None, partitionFunc=portable_hash):
        """Group the elements by ``f(element)``: pairs of a key and the ResultIterable of its elements."""
        return self.map(lambda x: (f(x), x)).groupByKey(numPartitions, partitionFunc)

    def reduceByKeyLocally(self, func) -> dict:
        """Merge the values of each key with ``func`` and return the result to the driver as a dict."""
        def reduce_partition(it):
            merged: dict = {}
            for kv in it:
                error = not_a_pair(kv)
                if error:
                    raise error
                k, v = kv
                merged[k] = func(merged[k], v) if k in merged else v
            return merged

        result: dict = {}
        func = fail_on_stopiteration(func)  # the driver's merge (a task's is failed by run_task)
        for part in self.run_job(reduce_partition):
            for k, v in part.items():
                result[k] = func(result[k], v) if k in result else v
        return result

    # --- actions on pairs -------------------------------------------------------------------
    def countByKey(self):
        return self.keys().countByValue()

    def collectAsMap(self) -> dict:
        return dict(self.collect())

    def lookup(self, key) -> list:
        """The values of ``key``; scans one partition when the RDD has a partitioner."""
        values = self.filter(lambda kv: kv[0] == key).values()
        if self.partitioner is not None:
            return self.ctx.runJob(values, lambda it: list(it), [self.partitioner(key)])
        return values.collect()
