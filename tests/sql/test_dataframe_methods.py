"""DataFrame methods (``cases_dataframe_methods.py``) against PySpark's recorded outputs, and
the methods whose results are random or not comparable row for row (sampling, splits,
statistics, JSON, checkpoints). Re-record with
``python -m tests.sql.record_pyspark --cases dataframe_methods``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases import people
from .cases_dataframe_methods import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_dataframe_methods.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches(CASES[name], spark, RECORDED[name])


def test_sample_is_seeded_and_split_covers_every_row(spark):
    df = spark.range(0, 1000, numPartitions=4)
    a = sorted(r.id for r in df.sample(0.3, seed=5).collect())
    assert a == sorted(r.id for r in df.sample(fraction=0.3, seed=5).collect())
    assert 200 < len(a) < 400
    parts = df.randomSplit([1.0, 3.0], seed=11)
    ids = [sorted(r.id for r in p.collect()) for p in parts]
    assert sorted(ids[0] + ids[1]) == list(range(1000))
    assert not set(ids[0]) & set(ids[1])
    assert 150 < len(ids[0]) < 350


def test_sample_by_keeps_strata_by_fraction(spark):
    df = spark.range(0, 600, numPartitions=3).withColumn("k", F.col("id") % 3)
    got = df.sampleBy("k", {0: 1.0, 1: 0.0}, seed=3).collect()
    assert {r.k for r in got} == {0}
    assert len(got) == 200


def test_stat_numbers(spark):
    df = people(spark)
    assert df.stat.corr("id", "age") == pytest.approx(-0.07733088933397006)
    assert df.cov("id", "score") == pytest.approx(-0.5833333333333334)
    assert df.approxQuantile("age", [0.0, 0.5, 1.0], 0.0) == [29.0, 29.0, 41.0]
    assert df.approxQuantile(["id"], [0.5], 0.0) == [[3.0]]
    items = df.stat.freqItems(["city"], 0.3).collect()[0][0]
    assert sorted(items) == ["NY", "SF"]


def test_rows_actions(spark, tmp_path):
    df = people(spark)
    assert df.toJSON().collect()[1] == '{"id":2,"name":"bob","score":1.0,"city":"SF"}'
    assert [r.id for r in df.toLocalIterator()] == [1, 2, 3, 4, 5]
    assert [r.id for r in df.tail(2)] == [4, 5]
    assert not df.isEmpty() and df.filter("id > 9").isEmpty()
    assert df.transform(lambda d, n: d.limit(n), 2).count() == 2
    assert df.localCheckpoint().filter("id > 3").count() == 2
    spark.sparkContext.setCheckpointDir(str(tmp_path))
    assert df.checkpoint().count() == 5
    assert df.hint("broadcast").join(df.select("id"), "id").count() == 5
    assert df.repartitionByRange(2, "age").count() == 5
    assert df.select(df.colRegex("`na.*`")).columns == ["name"]
    acc = spark.sparkContext.accumulator(0)
    df.foreach(lambda r: acc.add(r.id))
    df.foreachPartition(lambda it: acc.add(sum(1 for _ in it)))
    assert acc.value == 15 + 5


def test_collected_rows_have_their_fields(spark):
    import pickle
    df = spark.range(3).select(F.col("id"), (F.col("id") * 2).alias("id"), F.lit("x").alias("s"))
    rows = df.collect()
    assert rows == [(0, 0, "x"), (1, 2, "x"), (2, 4, "x")]
    assert [r.__fields__ for r in rows] == [["id", "id", "s"]] * 3   # duplicates kept
    assert rows[2].s == "x" and rows[2]["s"] == "x" and rows[2].id == 2   # the first "id"
    assert rows[1].asDict() == {"id": 2, "s": "x"}
    assert pickle.loads(pickle.dumps(rows[1])).__fields__ == ["id", "id", "s"]
    assert repr(rows[0]) == "Row(id=0, id=0, s='x')"
