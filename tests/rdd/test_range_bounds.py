"""sortByKey's one-pass sketch: exact counts, uniform samples, balanced boundaries."""

from __future__ import annotations

import bisect
from collections import Counter

import pytest

from spark_lambda.rdd import range_bounds


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 1000, 54_321])
def test_sketch_counts_exactly_and_samples_k_records(n):
    [(count, sample)] = range_bounds.sketch(8, 3, lambda x: x)(0, iter(range(n)))
    assert count == n
    assert len(sample) == min(n, 8)
    assert len(set(sample)) == len(sample) and all(0 <= x < n for x in sample)


def test_sketch_samples_uniformly():
    n, k = 1000, 10
    hits = Counter()
    for seed in range(400):
        [(_, sample)] = range_bounds.sketch(k, seed, lambda x: x)(0, iter(range(n)))
        hits.update(x // 100 for x in sample)
    # 4000 draws over ten deciles: each near 400 (a skewed reservoir would favour the start)
    assert all(300 < hits[d] < 500 for d in range(10)), hits


def test_bounds_balance_partitions_of_different_sizes():
    big, small = list(range(0, 90_000)), list(range(90_000, 100_000))
    k = range_bounds.sample_size(4, 2)
    sketches = [range_bounds.sketch(k, 1, lambda x: x)(i, iter(part))[0]
                for i, part in enumerate([big, small])]
    bounds = range_bounds.bounds(sketches, 4)
    assert bounds == sorted(bounds) and len(bounds) == 3
    sizes = Counter(bisect.bisect_left(bounds, x) for x in big + small)
    assert all(15_000 < sizes[p] < 35_000 for p in range(4)), sizes


def test_bounds_with_few_distinct_keys_are_distinct():
    sketches = [(1000, [1] * 30 + [2] * 30)]
    assert range_bounds.bounds(sketches, 8) == [1, 2]  # ascending, never repeated
    assert range_bounds.bounds([], 4) == []


def test_two_output_partitions_split_near_the_median():
    # with Spark's 20 keys per output partition, two ranges split 60/40 often; the
    # floor on the sample keeps every split of random keys within a few percent
    import random
    for seed in range(5):
        rng = random.Random(seed)
        parts = [[rng.random() for _ in range(50_000)] for _ in range(2)]
        k = range_bounds.sample_size(2, 2)
        sketches = [range_bounds.sketch(k, 1, lambda x: x)(i, iter(p))[0] for i, p in enumerate(parts)]
        [bound] = range_bounds.bounds(sketches, 2)
        low = sum(x < bound for p in parts for x in p)
        assert 0.46 < low / 100_000 < 0.54, (seed, low)
