"""Actions: the RDD methods that run a job and bring something back.

Each runs a function over partitions on the executors
(``SparkContext.run_job``) and finishes on the driver, with PySpark's
semantics (``take`` scans partitions incrementally, ``reduce`` of an empty RDD
is a ValueError, ``fold`` applies the zero value once per partition and once
on the driver). A ``StopIteration`` from the user's function fails the task
(``executor.run_task``) and, in the driver's merge, raises
``StopIterationFailure`` as it does in PySpark.
"""

from __future__ import annotations

import copy
import heapq
import operator
from collections import defaultdict
from functools import reduce as _reduce
from itertools import chain

from ..errors import fail_on_stopiteration
from ..io.output import save_text
from ..io.pickled import save_pickled


class ActionsMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def collect(self) -> list:
        return list(chain.from_iterable(self.ctx.run_job(self, list)))

    def count(self) -> int:
        return sum(self.ctx.run_job(self, _count))

    def take(self, num: int) -> list:
        """The first ``num`` elements, scanning one partition first, then more as needed."""
        items: list = []
        total = self.getNumPartitions()
        scanned = 0
        while len(items) < num and scanned < total:
            tries = 1
            if scanned > 0:
                if not items:
                    tries = scanned * 4
                else:
                    tries = int(1.5 * num * scanned / len(items)) - scanned
                    tries = min(max(tries, 1), scanned * 4)
            left = num - len(items)
            parts = list(range(scanned, min(scanned + tries, total)))
            for part in self.ctx.run_job(self, _take_upto(left), parts):
                items.extend(part)
            scanned += tries
        return items[:num]

    def first(self):
        rs = self.take(1)
        if rs:
            return rs[0]
        raise ValueError("RDD is empty; check isEmpty() first, or use take(1).")

    def isEmpty(self) -> bool:
        return self.getNumPartitions() == 0 or len(self.take(1)) == 0

    def reduce(self, f):
        """Reduce with a commutative and associative binary function."""
        def func(it):
            return [_reduce(f, it)] if _nonempty(it) else []
        vals = [v for part in self.ctx.run_job(self, _peekable(func)) for v in part]
        if vals:
            return _reduce(fail_on_stopiteration(f), vals)
        raise ValueError("Can not reduce() empty RDD; use fold() with a zero value, or check isEmpty() first.")

    def fold(self, zeroValue, op):
        def func(it):
            acc = copy.deepcopy(zeroValue)  # stage code is reused by tasks: never share the zero
            for x in it:
                acc = op(acc, x)
            return acc
        return _reduce(fail_on_stopiteration(op), self.ctx.run_job(self, func), zeroValue)

    def aggregate(self, zeroValue, seqOp, combOp):
        def func(it):
            acc = copy.deepcopy(zeroValue)
            for x in it:
                acc = seqOp(acc, x)
            return acc
        return _reduce(fail_on_stopiteration(combOp), self.ctx.run_job(self, func), zeroValue)

    def sum(self):
        return sum(self.ctx.run_job(self, sum), 0)

    def countByValue(self):
        def func(it):
            counts: dict = defaultdict(int)
            for x in it:
                counts[x] += 1
            return counts

        def merge(a, b):
            for k, v in b.items():
                a[k] += v
            return a
        return _reduce(merge, self.ctx.run_job(self, func), defaultdict(int))

    def takeOrdered(self, num: int, key=None) -> list:
        parts = self.ctx.run_job(self, lambda it: heapq.nsmallest(num, it, key))
        return heapq.nsmallest(num, (x for p in parts for x in p), key and fail_on_stopiteration(key))

    def top(self, num: int, key=None) -> list:
        parts = self.ctx.run_job(self, lambda it: heapq.nlargest(num, it, key))
        return heapq.nlargest(num, (x for p in parts for x in p), key and fail_on_stopiteration(key))

    def max(self, key=None):
        return self.reduce(lambda a, b: max(a, b, key=key) if key else max(a, b))

    def min(self, key=None):
        return self.reduce(lambda a, b: min(a, b, key=key) if key else min(a, b))

    def foreach(self, f) -> None:
        def func(it):
            for x in it:
                f(x)
            return None
        self.ctx.run_job(self, func)

    def foreachPartition(self, f) -> None:
        def func(it):
            f(it)
            return None
        self.ctx.run_job(self, func)

    def saveAsTextFile(self, path: str, compressionCodecClass: str | None = None) -> None:
        """Write each element's ``str`` as a line; ``part-NNNNN`` files, then ``_SUCCESS``."""
        save_text(self, path, compressionCodecClass)

    def toLocalIterator(self, prefetchPartitions: bool = False):
        """Iterate over the elements on the driver, fetching one partition per job."""
        for split in range(self.getNumPartitions()):
            yield from self.ctx.run_job(self, list, [split])[0]

    def saveAsPickleFile(self, path: str, batchSize: int = 10) -> None:
        """Save the elements as pickled batches (read back with ``SparkContext.pickleFile``)."""
        save_pickled(self, path, batchSize)


def _count(it) -> int:
    n = 0
    for _ in it:
        n += 1
    return n


def _take_upto(left: int):
    def take(it):
        out = []
        if left <= 0:
            return out
        for x in it:
            out.append(x)
            if len(out) >= left:
                break
        return out
    return take


class _Peek:
    """An iterator that can tell whether it is empty without losing the first element."""

    def __init__(self, it):
        self.it = iter(it)
        self.head: list = []

    def __iter__(self):
        if self.head:
            yield self.head.pop()
        yield from self.it


def _peekable(func):
    return lambda it: func(_Peek(it))


def _nonempty(peek: _Peek) -> bool:
    for x in peek.it:
        peek.head.append(x)
        return True
    return False


_add = operator.add
