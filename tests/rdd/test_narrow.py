"""pipe, groupBy and mapPartitionsWithSplit."""

from __future__ import annotations

import operator
from collections import defaultdict

import pytest

from spark_lambda import portable_hash


def test_pipe(sc):
    assert sc.parallelize(["1", "2", "", "3"]).pipe("cat").collect() == ["1", "2", "", "3"]
    lines = sc.parallelize(range(2000), 2).pipe("cat").collect()   # more than a pipe buffer
    assert lines == [str(i) for i in range(2000)]
    assert sc.parallelize(["b", "a"], 1).pipe("sort").collect() == ["a", "b"]
    got = sc.parallelize(["x"], 1).pipe("sh -c 'echo $GREETING'", env={"GREETING": "hi"}).collect()
    assert got == ["hi"]
    assert sc.parallelize([1], 1).pipe("false").collect() == []
    with pytest.raises(RuntimeError, match="exited with error code 1"):
        sc.parallelize([1], 1).pipe("false", checkCode=True).collect()


def test_group_by_and_map_partitions_with_split(sc):
    data = [1, 1, 2, 3, 5, 8, 13]
    got = {k: sorted(v) for k, v in sc.parallelize(data, 3).groupBy(lambda x: x % 2, 2).collect()}
    assert got == {0: [2, 8], 1: [1, 1, 3, 5, 13]}
    with pytest.warns(FutureWarning):
        rdd = sc.parallelize([1, 2, 3, 4], 4).mapPartitionsWithSplit(lambda s, it: [s * 10 + sum(it)])
    assert rdd.collect() == [1, 12, 23, 34]


def test_pipe_upstream_functions_see_the_task(sc):
    acc = sc.accumulator(0)
    bc = sc.broadcast(100)
    rdd = sc.parallelize(range(6), 2).map(lambda x: (acc.add(1), x + bc.value)[1])
    assert rdd.pipe("cat").collect() == [str(x + 100) for x in range(6)]
    assert acc.value == 6
    pairs = sc.parallelize([(3, "c"), (1, "a"), (2, "b")], 2)
    sorted_rdd = pairs.repartitionAndSortWithinPartitions(1).pipe("cat")
    assert sorted_rdd.collect() == ["(1, 'a')", "(2, 'b')", "(3, 'c')"]
