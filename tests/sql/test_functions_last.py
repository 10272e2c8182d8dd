"""Python UDFs with keyword arguments, ``collect_union`` and ``counter_diff``
(``cases_functions_last.py``) against PySpark's recorded outputs (errors by class too), and
what the recordings cannot show. Re-record with
``TZ=UTC python -m tests.sql.record_pyspark --cases functions_last``."""

from __future__ import annotations

import pytest

from spark_lambda.sql import functions as F

from .cases_functions_last import CASES
from .recorded_cases import assert_matches_with_condition, recorded

RECORDED = recorded("functions_last")


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches_with_condition(CASES[name], spark, RECORDED[name])


def test_collect_union_merges_across_partitions(spark):
    df = spark.range(0, 60, numPartitions=4).select(
        (F.col("id") % 3).alias("g"), F.array(F.col("id") % 7, F.lit(None).cast("long")).alias("a"))
    got = {r.g: sorted(r.u) for r in df.groupBy("g").agg(F.collect_union("a").alias("u"))
           .collect()}
    assert got == {g: sorted({i % 7 for i in range(60) if i % 3 == g}) for g in range(3)}


def test_counter_diff_needs_a_window(spark):
    with pytest.raises(Exception, match="counter_diff"):
        spark.range(3).select(F.counter_diff("id")).collect()


def test_legacy_udf_type_constants_are_exported():
    assert F.PandasUDFType.SCALAR == 200 and F.PandasUDFType.GROUPED_AGG == 202
    assert F.ArrowUDFType.SCALAR == 250
