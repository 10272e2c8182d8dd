"""Actions: the RDD methods that run a job and bring something back.

Each runs a function over partitions on the executors
(``RDD.run_job``, which numbers the job's RDD as PySpark would) and
finishes on the driver, with PySpark's
semantics (``take`` scans partitions incrementally, ``reduce`` of an empty RDD
is a ValueError, ``fold`` applies the zero value once per partition and once
on the driver). A ``StopIteration`` from the user's function fails the task
(``executor.run_task``) and, in the driver's merge, raises
``StopIterationFailure`` as it does in PySpark.
"""

from __future__ import annotations

import contextvars
import copy
import heapq
import operator
import warnings
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from functools import reduce as _reduce
from itertools import chain, count

from ..errors import fail_on_stopiteration
from ..io.output import save_text
from ..io.pickled import save_pickled


class ActionsMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def collect(self) -> list:
        """Every element, in partition order, as a list on the driver."""
        self.id()  # PySpark collects this RDD itself (not a pipeline over it): its id is drawn
        return list(chain.from_iterable(self.ctx.run_job(self, list)))

    def collectWithJobGroup(self, groupId: str, description: str, interruptOnCancel: bool = False) -> list:
        """``collect`` as a job of group ``groupId``: the thread joins the group (and stays in
        it, as in PySpark) first. Deprecated since PySpark 3.1: use ``sc.setJobGroup``, with
        ``InheritableThread`` for other threads."""
        warnings.warn("Deprecated in 3.1, Use pyspark.InheritableThread with the pinned thread mode "
                      "enabled.", FutureWarning, stacklevel=2)
        self.ctx.setJobGroup(groupId, description, interruptOnCancel)
        return self.collect()

    def count(self) -> int:
        return sum(self.run_job(_count))

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
            for part in self.run_job(_take_upto(left), parts):
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
        vals = [v for part in self.run_job(_peekable(func)) for v in part]
        if vals:
            return _reduce(fail_on_stopiteration(f), vals)
        raise ValueError("Can not reduce() empty RDD; use fold() with a zero value, or check isEmpty() first.")

    def fold(self, zeroValue, op):
        def func(it):
            acc = copy.deepcopy(zeroValue)  # stage code is reused by tasks: never share the zero
            for x in it:
                acc = op(acc, x)
            return acc
        return _reduce(fail_on_stopiteration(op), self.run_job(func), zeroValue)

    def aggregate(self, zeroValue, seqOp, combOp):
        def func(it):
            acc = copy.deepcopy(zeroValue)
            for x in it:
                acc = seqOp(acc, x)
            return acc
        return _reduce(fail_on_stopiteration(combOp), self.run_job(func), zeroValue)

    def sum(self):
        return sum(self.run_job(sum), 0)

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
        return _reduce(merge, self.run_job(func), defaultdict(int))

    def takeOrdered(self, num: int, key=None) -> list:
        parts = self.run_job(lambda it: heapq.nsmallest(num, it, key))
        return heapq.nsmallest(num, (x for p in parts for x in p), key and fail_on_stopiteration(key))

    def top(self, num: int, key=None) -> list:
        parts = self.run_job(lambda it: heapq.nlargest(num, it, key))
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
        self.run_job(func)

    def foreachPartition(self, f) -> None:
        def func(it):
            f(it)
            return None
        self.run_job(func)

    def saveAsTextFile(self, path: str, compressionCodecClass: str | None = None) -> None:
        """Write each element's ``str`` as a line; ``part-NNNNN`` files, then ``_SUCCESS``."""
        save_text(self, path, compressionCodecClass)

    def toLocalIterator(self, prefetchPartitions: bool = False):
        """Iterate over the elements on the driver, fetching one partition per job.

        With ``prefetchPartitions`` the job for the next partition runs in the background
        while the caller consumes the current one (holding at most two partitions on the
        driver); without it, one partition's job runs at a time, when it is reached."""
        self.id()  # PySpark serves this RDD itself: its id is drawn
        ctx, n = self.ctx, self.getNumPartitions()

        def fetch(split: int) -> list:
            return ctx.run_job(self, list, [split])[0]
        if prefetchPartitions:
            props = ctx.local_properties.snapshot()   # the caller's job group, tags, ...

            def fetch_ahead(split: int) -> list:
                ctx.local_properties.install(props)
                return fetch(split)
            yield from _prefetched(fetch_ahead, n)
        else:
            for split in range(n):
                yield from fetch(split)

    def saveAsPickleFile(self, path: str, batchSize: int = 10) -> None:
        """Save the elements as pickled batches (read back with ``SparkContext.pickleFile``)."""
        save_pickled(self, path, batchSize)


def _prefetched(fetch, n: int):
    """Yield the elements of ``fetch(0)``, ..., ``fetch(n - 1)``, each fetch running in a
    background thread (in the caller's context variables) while the one before is consumed."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="toLocalIterator-prefetch")
    try:
        ahead = pool.submit(contextvars.copy_context().run, fetch, 0) if n else None
        for split in range(n):
            part = ahead.result()
            if split + 1 < n:
                ahead = pool.submit(contextvars.copy_context().run, fetch, split + 1)
            yield from part
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a caller that stops early waits for nothing


def _count(it) -> int:
    """How many elements ``it`` gives, iterated in C: ``zip`` pairs each with the next number
    of a counter, and a ``deque`` of no length drops the pairs (bench/count_partition.py)."""
    counter = count()
    deque(zip(it, counter), maxlen=0)
    return next(counter)


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
