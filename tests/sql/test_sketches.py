"""The sketch and bitmap functions (``cases_sketches.py``) against PySpark's recorded outputs
(errors by class too), and the sketches' own properties: merging across partitions, estimation
beyond the exact range, bytes that are not a sketch. Re-record with
``python -m tests.sql.record_pyspark --cases sketches``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_sketches import CASES
from .record_pyspark import OUT, describe
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_sketches.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    want = RECORDED[name]
    assert_matches(CASES[name], spark, want)
    if "error" in want:   # and the same error class
        with pytest.raises(Exception) as e:
            describe(CASES[name](spark, F))
        assert e.value.getErrorClass() == want["error_class"]


def test_partial_sketches_merge_to_the_one_of_all_rows(spark):
    df = spark.range(0, 3000, numPartitions=5).selectExpr("id % 7 AS g", "id % 1000 AS v")
    got = {r.g: (r.h, r.t, r.n) for r in df.groupBy("g").agg(
        F.hll_sketch_estimate(F.hll_sketch_agg("v")).alias("h"),
        F.theta_sketch_estimate(F.theta_sketch_agg("v")).alias("t"),
        F.kll_sketch_get_n_bigint(F.kll_sketch_agg_bigint("v")).alias("n")).collect()}
    rows = [(i % 7, i % 1000) for i in range(3000)]
    want = {g: len({v for gg, v in rows if gg == g}) for g in range(7)}
    assert {g: (h, t) for g, (h, t, n) in got.items()} == {g: (w, w) for g, w in want.items()}
    assert {g: n for g, (h, t, n) in got.items()} == {g: sum(1 for r in rows if r[0] == g)
                                                      for g in range(7)}


def test_estimates_beyond_the_exact_range_stay_close(spark):
    df = spark.range(0, 60000, numPartitions=3)
    r = df.agg(F.hll_sketch_estimate(F.hll_sketch_agg("id", 10)).alias("h"),
               F.theta_sketch_estimate(F.theta_sketch_agg("id", 10)).alias("t"),
               F.kll_sketch_get_quantile_bigint(F.kll_sketch_agg_bigint("id"),
                                                F.lit(0.25)).alias("q")).first()
    assert abs(r.h - 60000) < 60000 * 0.1
    assert abs(r.t - 60000) < 60000 * 0.1
    assert abs(r.q - 15000) < 60000 * 0.02


def test_a_sketch_of_another_family_is_refused(spark):
    df = spark.createDataFrame([(1,)], "v INT").agg(F.theta_sketch_agg("v").alias("s"))
    with pytest.raises(Exception) as e:
        df.select(F.hll_sketch_estimate("s")).collect()
    assert e.value.getErrorClass() == "HLL_INVALID_INPUT_SKETCH_BUFFER"
    with pytest.raises(Exception) as e:
        df.select(F.kll_sketch_get_n_double("s")).collect()
    assert e.value.getErrorClass() == "KLL_INVALID_INPUT_SKETCH_BUFFER"
