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

The reservoir uses Li's Algorithm L: after the first ``k`` records it draws
how many records to skip before the next one that enters the reservoir, and
skips them with ``itertools.islice`` (no Python step per skipped record), while
``enumerate`` numbers the records so the count comes out exactly.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import islice

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
