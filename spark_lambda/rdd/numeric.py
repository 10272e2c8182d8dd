"""Numeric actions and tree aggregation: stats, histograms, approximate results.

Mixed into ``RDD``. Each action builds a small summary per partition on the
executors (a ``StatCounter``, bucket counts, a HyperLogLog sketch) and merges
the summaries on the driver (``statcounter.py``, ``hyperloglog.py``).

The ``*Approx`` actions take a timeout and a confidence as PySpark's do.
Jobs here always run to completion, so they return what Spark returns for a
job that finishes within its timeout: the exact value, with confidence 1 and
equal low and high bounds.

``treeAggregate`` merges per-partition results in rounds of shuffles, each
dividing the number of partial results by ``scale = ceil(n ** (1/depth))``,
so the driver receives about ``scale`` values instead of one per partition.
"""

from __future__ import annotations

import copy
import math
from functools import reduce as _reduce

from ..errors import StopIterationFailure
from .hyperloglog import HyperLogLog, precision_for
from .statcounter import StatCounter, bucket_counter, check_buckets, countable, even_buckets


class BoundedFloat(float):
    """A float with the confidence and bounds of an approximate result."""

    def __new__(cls, mean: float, confidence: float, low: float, high: float):
        obj = float.__new__(cls, mean)
        obj.confidence, obj.low, obj.high = confidence, low, high
        return obj


def _check_approx(timeout, confidence) -> None:
    if timeout is None or timeout < 0:
        raise ValueError(f"timeout must be a non-negative number of milliseconds, got {timeout!r}")
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence must be in [0, 1], got {confidence!r}")


def _merge_counters(a: StatCounter, b: StatCounter) -> StatCounter:
    return a.mergeStats(b)


class NumericMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    # --- statistics ------------------------------------------------------------------
    def stats(self) -> StatCounter:
        """A StatCounter of the elements (count, mean, variance, min, max) in one pass."""
        return self.mapPartitions(lambda it: [StatCounter(it)]).reduce(_merge_counters)

    def mean(self) -> float:
        return self.stats().mean()

    def variance(self) -> float:
        return self.stats().variance()

    def stdev(self) -> float:
        return self.stats().stdev()

    def sampleVariance(self) -> float:
        return self.stats().sampleVariance()

    def sampleStdev(self) -> float:
        return self.stats().sampleStdev()

    def histogram(self, buckets):
        """(boundaries, counts): ``buckets`` is a bucket count or sorted boundaries.

        Buckets are ``[b0, b1), ..., [bn-1, bn]``; None and NaN are ignored."""
        if isinstance(buckets, int):
            if buckets < 1:
                raise ValueError("number of buckets must be >= 1")
            values = self.filter(countable)
            try:
                lo, hi = values.map(lambda x: (x, x)).reduce(
                    lambda a, b: (min(a[0], b[0]), max(a[1], b[1])))
            except ValueError:
                raise ValueError("can not generate buckets from empty RDD") from None
            if lo == hi or buckets == 1:
                return [lo, hi], [values.count()]
            buckets = even_buckets(lo, hi, buckets)
            even, step = True, (hi - lo) / (len(buckets) - 1)
        elif isinstance(buckets, (list, tuple)):
            even, step = check_buckets(buckets)
        else:
            raise TypeError(f"buckets should be a list, a tuple or an int, got {type(buckets).__name__}")
        counter = bucket_counter(list(buckets), even, step)
        counts = self.run_job(counter)
        return buckets, [sum(c) for c in zip(*counts)] if counts else [0] * (len(buckets) - 1)

    # --- approximate results -------------------------------------------------------------
    def countApprox(self, timeout: int, confidence: float = 0.95) -> int:
        """The number of elements (the job runs to completion, so it is exact)."""
        _check_approx(timeout, confidence)
        return self.count()

    def sumApprox(self, timeout: int, confidence: float = 0.95) -> BoundedFloat:
        """The sum as a BoundedFloat (exact here, with equal bounds)."""
        _check_approx(timeout, confidence)
        total = float(self.map(float).sum())
        return BoundedFloat(total, 1.0, total, total)

    def meanApprox(self, timeout: int, confidence: float = 0.95) -> BoundedFloat:
        """The mean as a BoundedFloat (exact here, with equal bounds)."""
        _check_approx(timeout, confidence)
        mean = self.map(float).stats().mean()
        return BoundedFloat(mean, 1.0, mean, mean)

    def countApproxDistinct(self, relativeSD: float = 0.05) -> int:
        """The approximate number of distinct elements, from a HyperLogLog sketch.

        ``relativeSD`` is the relative accuracy (smaller needs more memory; at
        least 0.000017)."""
        p = precision_for(relativeSD)
        sketches = self.run_job(lambda it: HyperLogLog(p).update(it))
        return _reduce(HyperLogLog.merge, sketches, HyperLogLog(p)).cardinality()

    # --- tree aggregation ------------------------------------------------------------------
    def treeAggregate(self, zeroValue, seqOp, combOp, depth: int = 2):
        """``aggregate``, merging the partial results in a multi-level tree of ``depth``."""
        if depth < 1:
            raise ValueError(f"Depth cannot be smaller than 1 but got {depth}.")
        if self.getNumPartitions() == 0:
            return zeroValue

        def aggregate_partition(it):
            acc = copy.deepcopy(zeroValue)
            try:
                for x in it:
                    acc = seqOp(acc, x)
            except StopIteration as e:
                raise StopIterationFailure(e) from None
            yield acc

        partial = self.mapPartitions(aggregate_partition)
        n = partial.getNumPartitions()
        scale = max(int(math.ceil(n ** (1.0 / depth))), 2)
        while n > scale + n / scale:
            n = int(n / scale)
            target = n
            partial = partial.mapPartitionsWithIndex(
                lambda i, it, t=target: ((i % t, x) for x in it)) \
                .reduceByKey(combOp, target).values()
        return partial.reduce(combOp)

    def treeReduce(self, f, depth: int = 2):
        """``reduce``, merging the partial results in a multi-level tree of ``depth``."""
        if depth < 1:
            raise ValueError(f"Depth cannot be smaller than 1 but got {depth}.")
        empty = (None, True)

        def op(a, b):
            if a[1]:
                return b
            if b[1]:
                return a
            return f(a[0], b[0]), False
        value, is_empty = self.map(lambda x: (x, False)).treeAggregate(empty, op, op, depth)
        if is_empty:
            raise ValueError("Cannot reduce empty RDD.")
        return value
