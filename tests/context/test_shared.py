"""SparkContext's sources and properties beyond parallelize/textFile."""

from __future__ import annotations

import operator
import time

import pytest

from spark_lambda import SparkContext, __version__
from spark_lambda.errors import ConfigurationError, InputError


def test_whole_text_and_binary_files(sc, tmp_path):
    d = tmp_path / "whole"
    d.mkdir()
    contents = {f"{i}.txt": f"line {i}\nsecond ü {i}\n" * (i + 1) for i in range(5)}
    for name, text in contents.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "_SUCCESS").write_text("")
    got = sc.wholeTextFiles(str(d), 3).collect()
    assert sorted(got) == sorted((f"file:{d / n}", t) for n, t in contents.items())
    assert sc.wholeTextFiles(str(d), 3).getNumPartitions() == 3
    assert sc.wholeTextFiles(str(d), 50).getNumPartitions() == 5
    raw = dict(sc.binaryFiles(str(d)).collect())
    assert raw[f"file:{d / '0.txt'}"] == contents["0.txt"].encode("utf-8")
    b = dict(sc.wholeTextFiles(str(d / "1.txt"), use_unicode=False).collect())
    assert list(b.values()) == [contents["1.txt"].encode()]
    with pytest.raises(InputError):
        sc.wholeTextFiles(str(tmp_path / "nothing"))


def test_binary_records(sc, tmp_path):
    d = tmp_path / "records"
    d.mkdir()
    (d / "1.bin").write_bytes(b"".join(b"%04d" % i for i in range(3)))
    (d / "2.bin").write_bytes(b"".join(b"%04d" % i for i in (-1, -2, -10)))
    assert sorted(sc.binaryRecords(str(d), 4).collect()) == \
        [b"-001", b"-002", b"-010", b"0000", b"0001", b"0002"]
    with pytest.raises(InputError, match="whole number"):
        sc.binaryRecords(str(d), 5)
    with pytest.raises(ConfigurationError, match="recordLength"):
        sc.binaryRecords(str(d), 0)


def test_empty_rdd_union_and_run_job(sc):
    empty = sc.emptyRDD()
    assert repr(empty).startswith("EmptyRDD[") and empty.count() == 0 and empty.collect() == []
    assert empty.getNumPartitions() == 0 and empty.isEmpty()
    a, b = sc.parallelize([1, 2], 2), sc.parallelize([3], 1)
    assert sc.union([a, b, empty]).collect() == [1, 2, 3]
    assert (a + b).collect() == [1, 2, 3]
    with pytest.raises(TypeError):
        a + [3]
    rdd = sc.parallelize(range(6), 3)
    assert sc.runJob(rdd, lambda it: [x * x for x in it]) == [x * x for x in range(6)]
    assert sc.runJob(rdd, lambda it: [x * x for x in it], [0, 2]) == [0, 1, 16, 25]


def test_properties(sc):
    assert sc.applicationId.startswith("local-")
    assert sc.version == __version__
    assert 0 < sc.startTime <= int(time.time() * 1000)
    assert sc.defaultParallelism == 2
    assert sc.defaultMinPartitions == 2
    assert SparkContext.getOrCreate() is sc
    with pytest.raises(ValueError, match="Cannot run multiple SparkContexts"):
        SparkContext("local[1]", "second")
    sc.setLogLevel("WARN")
    import logging
    assert logging.getLogger("spark_lambda").level == logging.WARNING


def test_rdd_identity_and_names(sc):
    rdd = sc.parallelize([1, 2], 2)
    assert rdd.id() == rdd.id and isinstance(rdd.id(), int)
    other = sc.parallelize([1])
    assert other.id() > rdd.id()
    assert rdd.name() is None and rdd.setName("xs") is rdd and rdd.name() == "xs"
    assert rdd.context is sc and rdd.getNumPartitions() == 2
    keyed = sc.parallelize([(1, 2), (3, 4)])
    assert keyed.keys().collect() == [1, 3]                 # not shadowed by an attribute
    assert sc.parallelize(range(10), 3).reduce(operator.add) == 45
