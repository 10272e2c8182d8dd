"""takeSample, randomSplit, sampleByKey: sizes, coverage and reproducibility by seed."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from spark_lambda.rdd.sampling import fraction_for_size


def test_take_sample(sc):
    rdd = sc.parallelize(range(0, 10), 3)
    assert len(rdd.takeSample(True, 20, 1)) == 20
    five = rdd.takeSample(False, 5, 2)
    assert len(five) == 5 and len(set(five)) == 5 and set(five) <= set(range(10))
    assert sorted(rdd.takeSample(False, 15, 3)) == list(range(10))
    assert rdd.takeSample(False, 5, 2) == five          # same seed, same sample
    assert rdd.takeSample(False, 0) == []
    assert sc.emptyRDD().takeSample(True, 3) == []
    with pytest.raises(ValueError, match="negative"):
        rdd.takeSample(False, -1)
    with pytest.raises(ValueError, match="cannot be greater"):
        rdd.takeSample(False, sys.maxsize)


def test_fraction_for_size_is_enough():
    for n, total in [(1, 10), (5, 1000), (100, 10_000), (5000, 10_000)]:
        for repl in (True, False):
            f = fraction_for_size(n, total, repl)
            assert f >= n / total and (repl or f <= 1.0)


def test_random_split(sc):
    rdd = sc.parallelize(range(500), 4)
    a, b = rdd.randomSplit([2, 3], 17)
    left, right = a.collect(), b.collect()
    assert sorted(left + right) == list(range(500))
    assert not set(left) & set(right)
    assert 150 < len(left) < 250
    assert a.collect() == left                           # reproducible
    with pytest.raises(ValueError, match="nonnegative"):
        rdd.randomSplit([1, -1])
    with pytest.raises(ValueError, match="positive"):
        rdd.randomSplit([0, 0])


def test_sample_by_key(sc):
    fractions = {"a": 0.2, "b": 0.1}
    rdd = sc.parallelize(list(fractions)).cartesian(sc.parallelize(range(1000), 2))
    sample = rdd.sampleByKey(False, fractions, 2).collect()
    counts = Counter(k for k, _ in sample)
    assert 100 < counts["a"] < 300 and 50 < counts["b"] < 150
    assert all(0 <= v <= 999 for _, v in sample)
    assert rdd.sampleByKey(False, fractions, 2).collect() == sample
    with_repl = rdd.sampleByKey(True, {"a": 2.0, "b": 0.5}, 5).collect()
    c2 = Counter(k for k, _ in with_repl)
    assert 1700 < c2["a"] < 2300 and 400 < c2["b"] < 600
    with pytest.raises(ValueError, match="Negative fraction"):
        rdd.sampleByKey(False, {"a": -0.1})
