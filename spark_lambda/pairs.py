"""Operations on RDDs of (key, value) pairs: the combineByKey family, joins, sorting.

The one shuffle primitive is ``partitionBy``; it returns ``self`` when the RDD
already has an equal partitioner, which is how a partitioner is kept (no
needless shuffle after ``partitionBy`` or between co-partitioned RDDs).
``combineByKey`` is three named steps: combine locally on the map side
(``combine_locally``), partition (``partitionBy``), merge the combiners on
the reduce side (``ExternalMerger``, which spills past the memory budget).
The map-side combine is adaptive (see ``spill.combine_locally``).
Cogroups and joins shuffle each side on its own and group on the reduce side
(``cogroup.py``).
"""

from __future__ import annotations

import copy
from operator import itemgetter

from .errors import ConfigurationError
from .partitioner import HashPartitioner, RangePartitioner, portable_hash
from .shuffle.spill import (Aggregator, ExternalMerger, ExternalSorter, append_value,
                            combine_locally, extend_combiners, identity, singleton)


def check_partitions(n) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        raise ConfigurationError(f"The number of partitions must be a positive integer, got {n!r}.")


def not_a_pair(record) -> TypeError | None:
    """The error for a record that is not a (key, value) pair, or None if it is one."""
    if isinstance(record, (tuple, list)) and len(record) == 2:
        return None
    return pair_error(f"found the record {record!r:.80}")


def _raise_if_not_pair(record) -> None:
    error = not_a_pair(record)
    if error:
        raise error from None


def _key_of(kv):
    """The key of a (key, value) record; a clear error for anything else."""
    try:
        return kv[0]
    except (TypeError, IndexError, KeyError):
        _raise_if_not_pair(kv)
        raise


def pair_error(found: str) -> TypeError:
    return TypeError(f"This operation needs an RDD of (key, value) pairs, but {found}. "
                     "Use map(lambda x: (key, value)) or keyBy(f) first.")


class ResultIterable:
    """The values of one key after ``groupByKey``: iterable, sized, picklable."""

    def __init__(self, data: list):
        self.data = data
        self.maxindex = len(data)

    def __iter__(self):
        return iter(self.data)

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        return f"ResultIterable({self.data!r})"


def _spill_args() -> tuple:
    """For an aggregation or sort in the running task: what it may hold (the task's budget
    less the worker's memory), where it spills, and the metrics it counts spills in."""
    from .memory import data_budget
    from .taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is None:
        return data_budget(512 << 20), None, None
    return data_budget(tc.memory_budget), tc.spill_dir(), tc.metrics


def _sorted_partition(it, key, ascending: bool):
    """A partition's records sorted by ``key``, spilling past the budget."""
    return ExternalSorter(*_spill_args()).sorted(it, key=key, reverse=not ascending)


def _reduce_side(agg: Aggregator, combined: bool):
    """The reduce side of a shuffle that aggregates by key: merge what arrives
    (combiners, or values when the map side did not combine) with spilling."""
    def merge(it):
        merger = ExternalMerger(agg, *_spill_args())
        if combined:
            merger.merge_combiners(it)
        else:
            merger.merge_values(it)
        return merger.items()
    return merge


_GROUP = Aggregator(singleton, append_value, extend_combiners)


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
        return self._shuffle(partitioner)

    def _shuffle(self, partitioner):
        from .lineage import ShuffledRDD
        return ShuffledRDD(self, partitioner)

    def combineByKey(self, createCombiner, mergeValue, mergeCombiners, numPartitions=None,
                     partitionFunc=portable_hash):
        """Aggregate values per key with the three functions, combining on the map side first."""
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        agg = Aggregator(createCombiner, mergeValue, mergeCombiners)

        def combine(it):
            return combine_locally(agg, it, _spill_args()[0])

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
                _raise_if_not_pair(kv)
                raise
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
                _raise_if_not_pair(kv)
                raise
        return self.mapPartitionsWithIndex(apply, True)

    def keys(self):
        return self.map(_key_of)

    def values(self):
        return self.map(lambda kv: kv[1])

    # --- joins -------------------------------------------------------------------------
    def cogroup(self, other, numPartitions=None):
        """For each key, a tuple of the ResultIterables of its values in each RDD."""
        from .cogroup import cogroup
        return cogroup([self, other], numPartitions)

    def groupWith(self, other, *others):
        from .cogroup import cogroup
        return cogroup([self, other, *others], None)

    def join(self, other, numPartitions=None):
        """Each ``(k, (v, w))`` for ``(k, v)`` here and ``(k, w)`` in ``other`` (``cogroup.py``)."""
        from .cogroup import join
        return join(self, other, numPartitions, False, False)

    def leftOuterJoin(self, other, numPartitions=None):
        """``join``, plus ``(k, (v, None))`` for a key ``other`` lacks."""
        from .cogroup import join
        return join(self, other, numPartitions, True, False)

    def rightOuterJoin(self, other, numPartitions=None):
        """``join``, plus ``(k, (None, w))`` for a key this RDD lacks."""
        from .cogroup import join
        return join(self, other, numPartitions, False, True)

    def fullOuterJoin(self, other, numPartitions=None):
        """``join``, plus the pairs of both outer joins."""
        from .cogroup import join
        return join(self, other, numPartitions, True, True)

    # --- sorting -----------------------------------------------------------------------
    def sortByKey(self, ascending: bool = True, numPartitions=None, keyfunc=None):
        """Sort by key: range-partition on boundaries sampled from the keys in one pass
        (``range_bounds``), then sort each partition."""
        keyfunc = keyfunc or _identity
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()
        check_partitions(numPartitions)
        # the sort key of a record, computed once per record by list.sort
        sort_key = itemgetter(0) if keyfunc is _identity else (lambda kv: keyfunc(kv[0]))

        def sort_partition(it):
            return _sorted_partition(it, sort_key, ascending)

        if numPartitions == 1:
            rdd = self.coalesce(1) if self.getNumPartitions() > 1 else self
            return rdd.mapPartitions(sort_partition, True)
        from . import range_bounds
        k = range_bounds.sample_size(numPartitions, self.getNumPartitions())
        sketches = self.ctx.run_job(self.mapPartitionsWithIndex(
            range_bounds.sketch(k, 1, lambda kv: keyfunc(_key_of(kv)))), list)
        sketches = [s for part in sketches for s in part]
        if not sum(count for count, _ in sketches):
            return self
        bounds = range_bounds.bounds(sketches, numPartitions)

        partitioner = RangePartitioner(bounds, ascending, None if keyfunc is _identity else keyfunc,
                                       numPartitions)
        return self._shuffle(partitioner).mapPartitions(sort_partition, True)

    def sortBy(self, keyfunc, ascending: bool = True, numPartitions=None):
        return self.keyBy(keyfunc).sortByKey(ascending, numPartitions).values()

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


def _identity(x):
    return x
