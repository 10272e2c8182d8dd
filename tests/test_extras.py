"""pipe, repartitionAndSortWithinPartitions, reduceByKeyLocally, toLocalIterator,
saveAsPickleFile/pickleFile, toDebugString."""

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


def test_reduce_by_key_locally(sc):
    pairs = [("a", 1), ("b", 1), ("a", 1), ("c", 5)] * 5
    want = defaultdict(int)
    for k, v in pairs:
        want[k] += v
    assert sc.parallelize(pairs, 3).reduceByKeyLocally(operator.add) == dict(want)
    with pytest.raises(TypeError, match="key, value"):
        sc.parallelize([1, 2]).reduceByKeyLocally(operator.add)


def test_to_local_iterator(sc):
    rdd = sc.parallelize(range(10), 3)
    it = rdd.toLocalIterator()
    assert next(it) == 0
    assert list(it) == list(range(1, 10))
    assert list(sc.emptyRDD().toLocalIterator()) == []


def test_pickle_file_round_trip(sc, tmp_path):
    data = [(i, {"v": [i] * 3}) for i in range(25)] + [None, "s", 1.5]
    path = str(tmp_path / "pk")
    sc.parallelize(data, 3).saveAsPickleFile(path, 4)
    assert sorted(p.name for p in (tmp_path / "pk").iterdir()) == \
        ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    assert sc.pickleFile(path).collect() == data
    both = sc.pickleFile(f"{path},{path}", 5).collect()
    assert both == data + data
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x").write_text("text")
    from spark_lambda.errors import JobFailedError
    with pytest.raises(JobFailedError, match="not a file written by saveAsPickleFile"):
        sc.pickleFile(str(tmp_path / "plain")).collect()
    with pytest.raises(ValueError, match="batchSize"):
        sc.parallelize([1]).saveAsPickleFile(str(tmp_path / "pk2"), 0)


def test_to_debug_string(sc):
    base = sc.parallelize(range(10), 2).setName("numbers")
    rdd = base.map(lambda x: (x % 3, x)).reduceByKey(operator.add).cache()
    text = rdd.toDebugString()
    assert isinstance(text, bytes)
    lines = text.decode().splitlines()
    assert lines[0].startswith("(2) MapPartitionsRDD[") and "Memory Serialized 1x Replicated" in lines[0]
    assert any(line.startswith(" |  ShuffledRDD[") for line in lines)
    assert any(line.startswith(" +-(2) MapPartitionsRDD[") for line in lines)
    assert lines[-1].startswith("    |  ParallelCollectionRDD[") and "numbers" in lines[-1]


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
