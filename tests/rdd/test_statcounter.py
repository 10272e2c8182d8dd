"""StatCounter and histogram bucketing, against the statistics module and plain Python."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from spark_lambda.rdd.statcounter import StatCounter, bucket_counter, check_buckets, even_buckets


def test_matches_statistics_module():
    rng = random.Random(3)
    data = [rng.uniform(-1e3, 1e3) for _ in range(1001)]
    s = StatCounter(data)
    assert s.count() == len(data)
    assert s.mean() == pytest.approx(statistics.fmean(data))
    assert s.sum() == pytest.approx(math.fsum(data))
    assert s.variance() == pytest.approx(statistics.pvariance(data))
    assert s.sampleVariance() == pytest.approx(statistics.variance(data))
    assert s.stdev() == pytest.approx(statistics.pstdev(data))
    assert s.sampleStdev() == pytest.approx(statistics.stdev(data))
    assert (s.min(), s.max()) == (min(data), max(data))


def test_merge_stats_equals_one_pass():
    rng = random.Random(5)
    data = [rng.gauss(1e9, 1.0) for _ in range(500)]   # large offset: naive sums would cancel
    whole = StatCounter(data)
    parts = StatCounter()
    for chunk in (data[:3], data[3:400], data[400:], []):
        parts.mergeStats(StatCounter(chunk))
    assert parts.count() == whole.count()
    assert parts.mean() == pytest.approx(whole.mean(), rel=1e-12)
    assert parts.variance() == pytest.approx(statistics.pvariance(data), rel=1e-6)
    s = StatCounter([1, 2])
    s.mergeStats(s)
    assert s.count() == 4 and s.mean() == 1.5


def test_empty_and_single():
    e = StatCounter()
    assert e.count() == 0 and math.isnan(e.variance()) and math.isnan(e.sampleVariance())
    one = StatCounter([4.0])
    assert one.variance() == 0.0 and math.isnan(one.sampleStdev())
    with pytest.raises(TypeError):
        e.mergeStats([1, 2])


def test_as_dict_and_repr():
    s = StatCounter([1, 2, 3])
    d = s.asDict()
    assert d["count"] == 3 and d["sum"] == 6 and d["mean"] == 2.0 and (d["min"], d["max"]) == (1, 3)
    assert repr(s) == f"(count: 3, mean: 2.0, stdev: {math.sqrt(2 / 3)}, max: 3, min: 1)"
    c = s.copy()
    c.merge(10)
    assert s.count() == 3 and c.count() == 4


def test_as_dict_sample_flag_reads_backwards_as_in_pyspark():
    # recorded from PySpark 4.3.0: sc.parallelize([1.0, 2.0, 3.0, 4.0]).stats().asDict(...)
    s = StatCounter([1.0, 2.0, 3.0, 4.0])
    assert s.asDict() == {"count": 4, "mean": 2.5, "sum": 10.0, "min": 1.0, "max": 4.0,
                          "stdev": pytest.approx(1.2909944487358056),
                          "variance": pytest.approx(1.6666666666666667)}
    assert s.asDict(sample=True) == {"count": 4, "mean": 2.5, "sum": 10.0, "min": 1.0, "max": 4.0,
                                     "stdev": pytest.approx(1.118033988749895),
                                     "variance": pytest.approx(1.25)}


def test_bucket_validation():
    for bad, msg in [([1], "more than one"), ([1, None], "None or NaN"), ([2, 1], "sorted"),
                     ([1, 1, 2], "duplicated"), ([1, float("nan")], "None or NaN")]:
        with pytest.raises(ValueError, match=msg):
            check_buckets(bad)
    assert check_buckets([0, 10, 20]) == (True, 10)
    assert check_buckets([0, 5, 25]) == (False, None)
    assert check_buckets(["a", "b"]) == (False, None)


def test_counting_matches_plain_python():
    rng = random.Random(11)
    data = [rng.uniform(0, 100) for _ in range(500)] + [None, float("nan"), -1, 101, 100]
    for buckets in ([0, 25, 50, 75, 100], [0, 1, 10, 60, 100]):
        even, step = check_buckets(buckets)
        got = bucket_counter(buckets, even, step)(iter(data))
        want = [0] * (len(buckets) - 1)
        for x in data:
            if x is None or x != x or x < buckets[0] or x > buckets[-1]:
                continue
            i = max(j for j in range(len(buckets) - 1) if buckets[j] <= x)
            want[i] += 1
        assert got == want


def test_even_buckets():
    assert even_buckets(0, 50, 2) == [0, 25, 50]
    assert even_buckets(0, 1, 4) == [0, 0.25, 0.5, 0.75, 1]
    with pytest.raises(ValueError, match="infinite"):
        even_buckets(0, float("inf"), 2)
    with pytest.raises(TypeError, match="non-number"):
        even_buckets("a", "b", 2)
