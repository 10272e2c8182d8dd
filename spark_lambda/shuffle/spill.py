"""Aggregation and sorting within a memory budget, spilling to local disk.

Memory is *estimated*, not polled from the process: every so many inserts the
deep size of a sample of entries is measured (``estimate_size``) and scaled by
the number of entries, as Spark's SizeTracker does.

``ExternalMerger`` (hash aggregation) works in three steps:

1. Merge values (or combiners) into a dict of key -> combiner.
2. When the estimate passes the budget, *spill*: write the dict's items to
   ``B`` local files chosen by a second hash of the key (independent of the
   partition hash), as compressed frames, and start an empty dict.
3. At the end, if anything spilled, spill the rest too, then merge the files
   one sub-bucket at a time: every key lives in exactly one sub-bucket, so
   each is merged alone and yielded. A sub-bucket that is itself too large is
   merged by a nested merger with a different hash (recursion on depth).

``ExternalSorter`` (``external_sort.py``) sorts within the same budget.

``combine_locally`` is the map side of ``combineByKey``: the same dict, but
on overflow it simply emits the partial combiners, since reducers merge
combiners anyway. It is adaptive: when a sample of the first records shows
mostly distinct keys, the rest pass through uncombined (a dict that cannot
shrink the data costs a lookup and an entry per record for nothing).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile

from ..errors import StopIterationFailure
from ..serializers import decode_frames, encode_frames
from .partitioner import portable_hash
from .records import pair_error

SUB_BUCKETS = 32
_ENTRY_OVERHEAD = 120  # dict slot, hash, tuple and refcount bookkeeping per entry


class Aggregator:
    """The three functions of ``combineByKey``."""

    def __init__(self, create_combiner, merge_value, merge_combiners):
        self.create_combiner = create_combiner
        self.merge_value = merge_value
        self.merge_combiners = merge_combiners


def estimate_size(obj, depth: int = 0) -> int:
    """Approximate deep size in bytes; containers are sampled, not walked whole."""
    size = sys.getsizeof(obj)
    if depth > 3:
        return size
    t = type(obj)
    if t in (list, tuple, set, frozenset) and obj:
        sample = obj[:8] if t is not set and t is not frozenset else list(itertools.islice(obj, 8))
        size += sum(estimate_size(x, depth + 1) for x in sample) * len(obj) // len(sample)
    elif t is dict and obj:
        sample = list(itertools.islice(obj.items(), 8))
        size += sum(estimate_size(k, depth + 1) + estimate_size(v, depth + 1) for k, v in sample) \
            * len(obj) // len(sample)
    return size


_SAMPLE_ENTRIES = 32


def dict_size(d: dict, grouped: bool = False) -> int:
    """Estimated deep size of an aggregation dict.

    Entries are sampled evenly over the dict (not its first ones, which are the
    first keys seen: under skew, the largest). For grouping (``grouped``: each
    value a list of values) the lists' lengths are summed exactly, since a few
    keys may hold most values and no sample of keys sees that reliably."""
    n = len(d)
    if not n:
        return 0
    step = max(1, n // _SAMPLE_ENTRIES)
    sample = list(itertools.islice(d.items(), 0, None, step))
    if grouped:
        values = sum(map(len, d.values()))
        per_key = sum(estimate_size(k) + sys.getsizeof(v) for k, v in sample) / len(sample)
        cells = [(x, len(v)) for _, v in sample for x in v[:4]]
        per_value = sum(sys.getsizeof(x) for x, _ in cells) / len(cells) if cells else 0
        return int(n * (per_key + _ENTRY_OVERHEAD) + values * (per_value + 8))
    per = sum(estimate_size(k) + estimate_size(v) for k, v in sample) / len(sample)
    return int(n * (per + _ENTRY_OVERHEAD))


class SizeCheck:
    """Decides when to measure: often at first, then every ~1/8 of the way to the budget.

    Callers count inserts down from ``interval`` and call ``over(measured)``
    when it reaches zero. The first measurement comes after ``FIRST_CHECK``
    inserts and never more than ``MIN_INTERVAL`` inserts apart near the
    budget, so that a few large entries (the combiners a reducer merges)
    cannot overrun it unmeasured."""

    FIRST_CHECK = 8
    MIN_INTERVAL = 8

    def __init__(self, budget: int):
        self.budget = budget
        self.interval = self.FIRST_CHECK
        self.count = 0

    def over(self, measured: int) -> bool:
        self.count += self.interval
        if measured >= self.budget:
            self.count, self.interval = 0, self.FIRST_CHECK
            return True
        per_insert = measured / max(self.count, 1)
        room = (self.budget - measured) / max(per_insert, 1.0)
        self.interval = max(self.MIN_INTERVAL, min(int(room / 8), 100_000))
        return False


_MISSING = object()


def _aggregate(records, create, merge, check: SizeCheck, data: dict):
    """The hot loop of every hash aggregation: merge ``(key, value)`` records into ``data``.

    Yields ``(data, True)`` each time the dict reaches the budget (the caller
    empties it, and merging continues into a new dict), and ``(data, False)``
    once at the end. One dict lookup and one store per record (``get`` with a
    sentinel, not ``in`` then ``[]``). Records are taken a slice at a time (at
    most ``_SLICE``, and never past the size check's countdown), so the loop
    over a slice counts nothing and tests no mode per record: one loop merges
    with a call, the other (grouping: ``append_value``, ``extend_combiners``)
    changes the list in place with no Python call per record. A record that
    is not a pair raises a clear TypeError."""
    countdown = check.interval
    get = data.get
    in_place = _IN_PLACE.get(merge)
    missing = _MISSING
    it = iter(records)
    try:
        while True:
            want = min(countdown, _SLICE)
            chunk = list(itertools.islice(it, want))
            if in_place is None:
                for k, v in chunk:
                    c = get(k, missing)
                    if c is missing:
                        data[k] = create(v)
                    else:
                        data[k] = merge(c, v)
            else:
                for k, v in chunk:
                    c = get(k, missing)
                    if c is missing:
                        data[k] = create(v)
                    else:
                        in_place(c, v)
            if len(chunk) < want:
                break
            countdown -= want
            if not countdown:
                if check.over(dict_size(data, in_place is not None)):
                    yield data, True
                    data = {}
                    get = data.get
                countdown = check.interval
    except (TypeError, ValueError) as e:
        reraise_unpacking(e, _aggregate.__code__)
    except StopIteration as e:  # from the user's functions: not the end of the records
        raise StopIterationFailure(e) from None
    yield data, False


_SLICE = 4096  # records held at once by the aggregation loop


def reraise_unpacking(e: Exception, code) -> None:
    """Raise the clear pair error if ``e`` came from unpacking a record in ``code``'s
    own frame; re-raise ``e`` if the user's functions raised it."""
    tb = e.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    if tb.tb_frame.f_code is not code:
        raise e
    raise pair_error(f"a record does not unpack into a key and a value ({e})") from None


def identity(x):
    """The combiner of a value that is its own combiner (``reduceByKey``'s createCombiner)."""
    return x


_identity = identity


def singleton(v):
    """``groupByKey``'s createCombiner."""
    return [v]


def append_value(c, v):
    """``groupByKey``'s mergeValue."""
    c.append(v)
    return c


def extend_combiners(a, b):
    """``groupByKey``'s mergeCombiners."""
    a.extend(b)
    return a


_IN_PLACE = {append_value: list.append, extend_combiners: list.extend}


# Adaptive map-side combine: after SAMPLE_RECORDS records, stop combining if the
# dict holds more than PASS_RATIO keys per record merged (combining saves little).
SAMPLE_RECORDS = 50_000
PASS_RATIO = 0.8


# groupByKey's aggregator: a list per key, one append per value (in C)
GROUP = Aggregator(singleton, append_value, extend_combiners)


def combine_locally(agg: Aggregator, records, budget: int):
    """Map-side combine: (key, combiner) pairs, flushing partial results on overflow.

    The dicts' items are chained, with no generator step per record. If the
    first ``SAMPLE_RECORDS`` records hold mostly distinct keys, the rest pass
    through as ``(key, createCombiner(value))`` (as is, when a value is its own
    combiner): reducers merge combiners anyway, so the result is the same, and
    a dict that would not shrink the data is not built."""
    return itertools.chain.from_iterable(_combined_parts(agg, iter(records), budget))


def _combined_parts(agg: Aggregator, records, budget: int):
    create, merge = agg.create_combiner, agg.merge_value
    check = SizeCheck(budget)
    sample = list(itertools.islice(records, SAMPLE_RECORDS))
    flushed = False
    for data, full in _aggregate(sample, create, merge, check, {}):
        flushed = flushed or full
        if full:
            yield data.items()
            data = None  # emitted: let it go while merging goes on into a new dict
    del sample
    if not flushed and len(data) > PASS_RATIO * SAMPLE_RECORDS:
        yield data.items()
        yield records if create is identity else _as_combiners(records, create)
        return
    for data, _full in _aggregate(records, create, merge, check, data):
        yield data.items()
        data = None


def _as_combiners(records, create):
    try:
        if create is singleton:  # grouping: no call per record
            for k, v in records:
                yield k, [v]
        for k, v in records:
            yield k, create(v)
    except (TypeError, ValueError) as e:
        reraise_unpacking(e, _as_combiners.__code__)
    except StopIteration as e:
        raise StopIterationFailure(e) from None


class ExternalMerger:
    """Hash aggregation with spilling; see the module docstring."""

    def __init__(self, agg: Aggregator, budget: int, spill_root: str | None = None,
                 metrics: dict | None = None, depth: int = 0, codec: int = 2):
        self.agg = agg
        self.budget = budget
        self.spill_root = spill_root or tempfile.gettempdir()
        self.metrics = metrics if metrics is not None else {}
        self.depth = depth
        self.codec = codec
        self.data: dict = {}
        self.spill_dir: str | None = None
        self.spills = 0
        self._check = SizeCheck(budget)

    def _bucket(self, key) -> int:
        return hash((portable_hash(key), self.depth + 1)) % SUB_BUCKETS

    def merge_values(self, records) -> None:
        self._merge(records, self.agg.create_combiner, self.agg.merge_value)

    def merge_combiners(self, records) -> None:
        self._merge(records, _identity, self.agg.merge_combiners)

    def _merge(self, records, create, merge) -> None:
        for data, full in _aggregate(records, create, merge, self._check, self.data):
            self.data = data
            data = None  # a full dict must not outlive its spill: merging goes on into a new one
            if full:
                self._spill()

    def _spill(self) -> None:
        if self.spill_dir is None:
            self.spill_dir = tempfile.mkdtemp(dir=self.spill_root, prefix="merge-")
        groups: list[list] = [[] for _ in range(SUB_BUCKETS)]
        for item in self.data.items():
            groups[self._bucket(item[0])].append(item)
        for i, items in enumerate(groups):
            if items:
                with open(os.path.join(self.spill_dir, str(i)), "ab") as f:
                    for frame in encode_frames(items, self.codec):
                        f.write(frame)
                        self.metrics["spill_bytes"] = self.metrics.get("spill_bytes", 0) + len(frame)
        self.data = {}
        self.spills += 1
        self.metrics["spills"] = self.metrics.get("spills", 0) + 1

    def items(self):
        """Every (key, combiner); consumes the merger."""
        if self.spill_dir is None:
            yield from self.data.items()
            return
        self._spill()
        try:
            for i in range(SUB_BUCKETS):
                path = os.path.join(self.spill_dir, str(i))
                if not os.path.exists(path):
                    continue
                with open(path, "rb") as f:
                    body = f.read()
                os.remove(path)
                sub = ExternalMerger(self.agg, self.budget, self.spill_dir, self.metrics,
                                     self.depth + 1, self.codec)
                sub.merge_combiners(decode_frames(body))
                del body
                yield from sub.items()
        finally:
            shutil.rmtree(self.spill_dir, ignore_errors=True)
