"""Numeric RDD actions, histograms, approximate results and tree aggregation vs plain Python."""

from __future__ import annotations

import math
import operator
import random
import statistics

import pytest

from spark_lambda.rdd.numeric import BoundedFloat

DATA = [random.Random(1).uniform(-50, 50) for _ in range(300)]


def test_stats_family(sc):
    rdd = sc.parallelize(DATA, 5)
    s = rdd.stats()
    assert s.count() == len(DATA)
    assert rdd.mean() == pytest.approx(statistics.fmean(DATA))
    assert rdd.variance() == pytest.approx(statistics.pvariance(DATA))
    assert rdd.stdev() == pytest.approx(statistics.pstdev(DATA))
    assert rdd.sampleVariance() == pytest.approx(statistics.variance(DATA))
    assert rdd.sampleStdev() == pytest.approx(statistics.stdev(DATA))
    assert (rdd.max(), rdd.min()) == (max(DATA), min(DATA))
    assert sc.parallelize(["aa", "b"]).max(key=len) == "aa"
    assert sc.parallelize([1, 2, 3]).mean() == 2.0
    assert sc.parallelize([], 2).mean() == 0.0          # PySpark: the empty mean is 0.0
    assert math.isnan(sc.parallelize([], 2).variance())


def test_histogram_with_bucket_count(sc):
    rdd = sc.parallelize(range(51))
    assert rdd.histogram(2) == ([0, 25, 50], [25, 26])
    assert rdd.histogram(1) == ([0, 50], [51])
    assert sc.parallelize([1.0, 1.0]).histogram(4) == ([1.0, 1.0], [2])
    b, c = sc.parallelize([0.0, 0.3, 0.6, 1.0, None, float("nan")], 3).histogram(3)
    assert b == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0]) and c == [2, 1, 1]
    with pytest.raises(ValueError, match="empty RDD"):
        sc.parallelize([], 2).histogram(3)
    with pytest.raises(ValueError, match=">= 1"):
        rdd.histogram(0)
    with pytest.raises(TypeError, match="non-number"):
        sc.parallelize(["a", "b"]).histogram(2)


def test_histogram_with_boundaries(sc):
    rdd = sc.parallelize(range(51))
    assert rdd.histogram([0, 5, 25, 50]) == ([0, 5, 25, 50], [5, 20, 26])
    assert rdd.histogram([0, 15, 30, 45, 60]) == ([0, 15, 30, 45, 60], [15, 15, 15, 6])
    strings = sc.parallelize(["ab", "ac", "b", "bd", "ef"])
    assert strings.histogram(("a", "b", "c")) == (("a", "b", "c"), [2, 2])
    with pytest.raises(ValueError, match="sorted"):
        rdd.histogram([3, 1])
    with pytest.raises(TypeError):
        rdd.histogram("ab")


def test_approximate_actions_are_exact_here(sc):
    rdd = sc.parallelize(range(1000), 10)
    assert rdd.countApprox(1000, 1.0) == 1000
    s = rdd.sumApprox(1000)
    assert isinstance(s, BoundedFloat) and s == 499500.0 and s.low == s.high == 499500.0
    assert s.confidence == 1.0
    assert rdd.meanApprox(1000) == pytest.approx(499.5)
    with pytest.raises(ValueError, match="confidence"):
        rdd.countApprox(1000, 1.5)
    with pytest.raises(ValueError, match="timeout"):
        rdd.sumApprox(-1)


def test_count_approx_distinct(sc):
    n = sc.parallelize(range(1000), 4).map(str).countApproxDistinct()
    assert 900 < n < 1100
    n = sc.parallelize([i % 20 for i in range(1000)], 4).countApproxDistinct()
    assert 16 < n < 24
    exact = sc.parallelize(list(range(3000)) * 2, 4).countApproxDistinct(0.01)
    assert abs(exact - 3000) < 3000 * 0.04
    with pytest.raises(ValueError, match="relativeSD"):
        sc.parallelize([1]).countApproxDistinct(0.000001)


@pytest.mark.parametrize("relative_sd", [0.05, 0.1, 0.2])
def test_count_approx_distinct_of_small_counts_across_partitions(sc, relative_sd):
    # below 2**p distinct elements (p from relativeSD: 9, 7, 5) the count is exact
    words = [f"word{i}" for i in range(20)]
    assert sc.parallelize(words * 3, 4).countApproxDistinct(relative_sd) == 20
    assert sc.parallelize([str(i) for i in range(20)], 3).countApproxDistinct(relative_sd) == 20
    assert sc.parallelize(range(7), 7).countApproxDistinct(relative_sd) == 7
    assert sc.parallelize([], 2).countApproxDistinct(relative_sd) == 0


def test_count_approx_distinct_past_the_registers_stays_within_its_error(sc):
    # relativeSD 0.3 gives 16 registers (standard error 0.26): 20 words no longer fit exactly
    words = [f"word{i}" for i in range(20)]
    assert abs(sc.parallelize(words * 3, 4).countApproxDistinct(0.3) - 20) <= 3 * 0.26 * 20


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_tree_aggregate_and_reduce(sc, depth):
    data = list(range(-20, 100))
    rdd = sc.parallelize(data, 10)
    assert rdd.treeReduce(operator.add, depth) == sum(data)
    assert rdd.treeAggregate(0, operator.add, operator.add, depth) == sum(data)
    got = rdd.treeAggregate([], lambda acc, x: acc + [x], lambda a, b: a + b, depth)
    assert sorted(got) == data


def test_tree_edge_cases(sc):
    with pytest.raises(ValueError, match="Depth"):
        sc.parallelize([1]).treeReduce(operator.add, 0)
    with pytest.raises(ValueError, match="empty"):
        sc.parallelize([], 3).treeReduce(operator.add)
    assert sc.emptyRDD().treeAggregate(7, operator.add, operator.add) == 7
    zero = [0]   # a mutable zero must not leak between partitions
    got = sc.parallelize(range(10), 5).treeAggregate(
        zero, lambda acc, x: (acc.append(x), acc)[1], lambda a, b: a + b)
    assert sorted(got) == [0] * 5 + list(range(10)) and zero == [0]


def test_fold_and_aggregate_give_each_partition_a_fresh_zero(sc):
    """seqOp may update its first argument in place (PySpark allows it); partitions that run
    in the same executor process must still start from an unchanged zero value."""
    def append(acc, x):
        acc.append(x)
        return acc
    rdd = sc.parallelize(range(12), 6)
    assert sorted(rdd.aggregate([], append, lambda a, b: a + b)) == list(range(12))
    assert sorted(rdd.map(lambda x: [x]).fold([], lambda a, b: (a.extend(b), a)[1])) == list(range(12))
