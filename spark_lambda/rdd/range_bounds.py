"""Range boundaries for ``sortByKey``, from one pass over the data.

Spark's RangePartitioner sketch: every partition is read once, returning its
record count and a uniform sample of its keys of a fixed size ``k``
(reservoir sampling). Each sampled key then stands for ``count / len(sample)``
records of its partition; the keys are sorted and a boundary is placed each
time the running weight passes another ``1 / partitions`` of the total, so
the ranges hold about as many records each, even when input partitions differ
in size. One job, instead of a count and then a sample with a fraction.

Spark samples 20 keys per output partition; with few output partitions that
leaves the boundaries to chance (40 keys for two partitions: one range often
gets 60 % of the records). At least ``MIN_SAMPLES`` keys are sampled in all,
so a boundary's error is about a percent, for the cost of a few thousand keys.

A text file's lines, through narrow functions only, need not all be read: when
a split is at least four times ``spark.lambda.sort.sampleBytes``, the sketch
reads that many bytes of it in windows spread over the split
(``io.text.sample_lines``), runs the narrow functions over their lines, and
takes each record it gets to stand for ``split bytes / bytes spanned`` records.
If that gives fewer records than the sample needs (a filter that keeps few, long
lines), the split is read whole as above, so a partition with records is
never taken for empty. The boundaries only balance the ranges: the sort is
exact whatever they are.

The reservoir uses Li's Algorithm L: after the first ``k`` records it draws
how many records to skip before the next one that enters the reservoir, and
skips them with ``itertools.islice`` (no Python step per skipped record), while
``enumerate`` numbers the records so the count comes out exactly.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import islice

from ..io.text import SAMPLE_MIN_SPLIT, SAMPLE_WINDOWS
from ..taskcontext import TaskContext
from .sampling import partition_rng

SAMPLES_PER_PARTITION = 20   # sampled keys per output partition (Spark's sampleSize factor)
OVERSAMPLE = 3.0             # per input partition, as Spark's sketch
MIN_SAMPLES = 2000           # sampled keys in all, however few the output partitions


def sample_size(num_partitions: int, num_inputs: int) -> int:
    """Keys to sample from each input partition."""
    total = min(max(SAMPLES_PER_PARTITION * num_partitions, MIN_SAMPLES), 1_000_000)
    return max(1, math.ceil(OVERSAMPLE * total / max(num_inputs, 1)))


def sketch(k: int, seed: int, key_of):
    """A partition function returning ``[(count, sample of k keys)]`` of its partition."""
    def f(split, records):
        rng = partition_rng(seed, split)
        numbered = enumerate(records, 1)
        reservoir = [rec for _, rec in islice(numbered, k)]
        count = len(reservoir)
        if count == k:
            w = math.exp(math.log(rng.random() or 1e-300) / k)
            while True:
                skip = int(math.log(rng.random() or 1e-300) / math.log(1 - w)) if w < 1 else 0
                tail = deque(islice(numbered, skip + 1), maxlen=1)
                if not tail:
                    break
                i, rec = tail[0]
                if i < count + skip + 1:  # ran out while skipping
                    count = i
                    break
                count = i
                reservoir[rng.randrange(k)] = rec
                w *= math.exp(math.log(rng.random() or 1e-300) / k)
        return [(count, [key_of(rec) for rec in reservoir])]
    return f


def sketch_rdd(rdd, k: int, seed: int, key_of, sample_bytes: int):
    """The RDD whose partition ``i`` is ``[(count, sample of k keys)]`` of ``rdd``'s partition
    ``i``: sampled from its text source when it can be (module docstring), else read whole."""
    whole = sketch(k, seed, key_of)
    source, f = rdd.narrow_source()
    if sample_bytes <= 0 or not hasattr(source, "sample_split") or source.storage_level is not None \
            or source.checkpoint_data is not None:
        return rdd.mapPartitionsWithIndex(whole)

    def sampled(split, lines):  # ``lines``, the whole split, is read only when the sample is short
        tc = TaskContext.get()
        # what a split this large or larger reads: ``spark-lambda plan`` grows the stage by it
        tc.metrics["input_sample_min_split"] = SAMPLE_MIN_SPLIT * sample_bytes
        tc.metrics["input_sample_bytes"] = SAMPLE_WINDOWS * max(sample_bytes // SAMPLE_WINDOWS, 1)
        tc.metrics["input_sample_windows"] = SAMPLE_WINDOWS
        rng = partition_rng(seed, split)
        got = source.sample_split(split, tc, sample_bytes, rng)
        if got is not None:
            records = list(f(split, iter(got[0])) if f is not None else got[0])
            if len(records) >= k:
                return [(len(records) * got[1], [key_of(r) for r in rng.sample(records, k)])]
        return whole(split, f(split, lines) if f is not None else lines)
    return source.mapPartitionsWithIndex(sampled)


def bounds(sketches: list, num_partitions: int) -> list:
    """``num_partitions - 1`` (or fewer, for few distinct keys) ascending boundaries."""
    weighted = []
    for count, keys in sketches:
        if keys:
            weight = count / len(keys)
            weighted.extend((key, weight) for key in keys)
    weighted.sort(key=lambda kw: kw[0])
    step = sum(w for _, w in weighted) / num_partitions
    out: list = []
    target, cumulative = step, 0.0
    for key, weight in weighted:
        if len(out) == num_partitions - 1:
            break
        cumulative += weight
        if cumulative >= target and (not out or key > out[-1]):
            out.append(key)
            target += step
    return out
