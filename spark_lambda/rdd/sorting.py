"""Sorting RDDs: ``sortByKey``, ``sortBy`` and sorting within partitions.

Mixed into ``RDD``. ``sortByKey`` range-partitions on boundaries sampled from
the keys in one pass (``range_bounds.py``) and sorts each partition with the
spilling sorter; with one output partition it only sorts.
"""

from __future__ import annotations

from operator import itemgetter

from ..errors import fail_on_stopiteration
from ..shuffle.partitioner import RangePartitioner, check_partitions, portable_hash
from ..shuffle.records import key_of
from . import range_bounds
from .spilling import sorted_partition


class SortingMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def sortByKey(self, ascending: bool = True, numPartitions=None, keyfunc=None):
        """Sort by key: range-partition on boundaries sampled from the keys in one pass
        (``range_bounds``; of a text file, from a sample of its bytes), then sort each partition."""
        keyfunc = keyfunc or _identity
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        check_partitions(numPartitions)
        # the sort key of a record, computed once per record by list.sort
        guarded = fail_on_stopiteration(keyfunc)
        sort_key = itemgetter(0) if keyfunc is _identity else (lambda kv: guarded(kv[0]))

        def sort_partition(it):
            return sorted_partition(it, sort_key, ascending)

        if numPartitions == 1:
            rdd = self.coalesce(1) if self.getNumPartitions() > 1 else self
            return rdd.mapPartitions(sort_partition, True)
        k = range_bounds.sample_size(numPartitions, self.getNumPartitions())
        sketches = range_bounds.sketch_rdd(self, k, 1, lambda kv: guarded(key_of(kv)),
                                           self.ctx.conf.typed("spark.lambda.sort.sampleBytes")).run_job(list)
        sketches = [s for part in sketches for s in part]
        if not sum(count for count, _ in sketches):
            return self
        bounds = range_bounds.bounds(sketches, numPartitions)

        partitioner = RangePartitioner(bounds, ascending, None if keyfunc is _identity else keyfunc,
                                       numPartitions)
        return self._shuffled(partitioner).mapPartitions(sort_partition, True)

    def sortBy(self, keyfunc, ascending: bool = True, numPartitions=None):
        return self.keyBy(keyfunc).sortByKey(ascending, numPartitions).values()

    def repartitionAndSortWithinPartitions(self, numPartitions=None, partitionFunc=portable_hash,
                                           ascending: bool = True, keyfunc=lambda x: x):
        """Repartition by key with ``partitionFunc`` and sort each partition by key."""
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()

        guarded = fail_on_stopiteration(keyfunc)

        def sort_partition(it):
            return sorted_partition(it, lambda kv: guarded(kv[0]), ascending)
        return self.partitionBy(numPartitions, partitionFunc).mapPartitions(sort_partition, True)


def _identity(x):
    return x
