"""One active SparkContext at a time; stop and the context manager."""

from __future__ import annotations

from spark_lambda import SparkConf, SparkContext


def test_context_manager_and_get_or_create(tmp_path):
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path))
    with SparkContext("local[1]", "cm", conf=conf) as sc:
        assert SparkContext.getOrCreate() is sc
        assert sc.parallelize([1, 2]).count() == 2
    assert SparkContext._active is None
    again = SparkContext.getOrCreate(conf)
    try:
        assert again is not sc and again.parallelize([3]).collect() == [3]
    finally:
        again.stop()
    again.stop()     # stopping twice is harmless
