"""repartitionAndSortWithinPartitions."""

from __future__ import annotations

import operator
from collections import defaultdict

import pytest

from spark_lambda import portable_hash


def test_repartition_and_sort_within_partitions(sc):
    pairs = [(k % 17, k) for k in range(100)]
    rdd = sc.parallelize(pairs, 3).repartitionAndSortWithinPartitions(2, lambda k: k % 2)
    parts = rdd.glom().collect()
    assert len(parts) == 2
    for i, part in enumerate(parts):
        assert all(k % 2 == i for k, _ in part)
        assert [k for k, _ in part] == sorted(k for k, _ in part)
    assert sorted(rdd.collect()) == sorted(pairs)
    desc = sc.parallelize(pairs, 3).repartitionAndSortWithinPartitions(3, ascending=False).glom().collect()
    for i, part in enumerate(desc):
        assert [k for k, _ in part] == sorted((k for k, _ in part), reverse=True)
        assert all(portable_hash(k) % 3 == i for k, _ in part)
