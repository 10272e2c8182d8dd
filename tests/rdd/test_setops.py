"""zip, zipWithIndex, zipWithUniqueId, cartesian, intersection, subtract, subtractByKey."""

from __future__ import annotations

import itertools

import pytest


def test_zip(sc):
    x = sc.parallelize(range(0, 5), 2)
    y = sc.parallelize(range(1000, 1005), 2)
    assert x.zip(y).collect() == list(zip(range(5), range(1000, 1005)))
    with pytest.raises(ValueError, match="same number of partitions"):
        x.zip(sc.parallelize(range(5), 3))
    with pytest.raises(ValueError, match="same number of elements"):
        x.zip(sc.parallelize(range(6), 2)).collect()


def test_zip_with_index_and_unique_id(sc):
    data = list("abcdefghij")
    rdd = sc.parallelize(data, 4)
    assert rdd.zipWithIndex().collect() == [(c, i) for i, c in enumerate(data)]
    assert sc.parallelize(["a", "b", "c", "d"], 3).zipWithIndex().collect() == \
        [("a", 0), ("b", 1), ("c", 2), ("d", 3)]
    assert sc.parallelize(["a", "b", "c", "d", "e"], 3).zipWithUniqueId().collect() == \
        [("a", 0), ("b", 1), ("c", 4), ("d", 2), ("e", 5)]
    ids = [i for _, i in rdd.zipWithUniqueId().collect()]
    assert len(set(ids)) == len(ids)


def test_cartesian(sc):
    a, b = [1, 2, 3], ["x", "y"]
    rdd = sc.parallelize(a, 2).cartesian(sc.parallelize(b, 2))
    assert rdd.getNumPartitions() == 4
    assert sorted(rdd.collect()) == sorted(itertools.product(a, b))
    assert rdd.count() == 6


def test_set_operations(sc):
    r1 = sc.parallelize([1, 10, 2, 3, 4, 5, 2], 3)
    r2 = sc.parallelize([1, 6, 2, 3, 7, 8, 2], 2)
    assert sorted(r1.intersection(r2).collect()) == sorted(set([1, 10, 2, 3, 4, 5]) & set([1, 6, 2, 3, 7, 8]))
    x = sc.parallelize([("a", 1), ("b", 4), ("b", 5), ("a", 3)])
    y = sc.parallelize([("a", 3), ("c", None)])
    assert sorted(x.subtract(y).collect()) == [("a", 1), ("b", 4), ("b", 5)]
    assert sorted(x.subtractByKey(y).collect()) == [("b", 4), ("b", 5)]
    assert sorted(r1.subtract(r2, 4).collect()) == [4, 5, 10]
