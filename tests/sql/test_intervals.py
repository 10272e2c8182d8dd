"""INTERVAL values (``cases_intervals.py``) against PySpark's recorded outputs (errors by
class too), and what the recordings cannot show: day-time intervals through a shuffle, the
types' own API, literals Spark refuses. Re-record with
``python -m tests.sql.record_pyspark --cases intervals``."""

from __future__ import annotations

import datetime

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.types import DayTimeIntervalType, YearMonthIntervalType

from .cases_intervals import CASES
from .recorded_cases import assert_matches_with_condition, recorded

RECORDED = recorded("intervals")


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches_with_condition(CASES[name], spark, RECORDED[name])


def test_day_time_intervals_survive_a_shuffle(spark):
    df = spark.range(0, 40, numPartitions=4).select(
        (F.col("id") % 4).alias("g"), F.make_dt_interval(F.lit(0), F.lit(0), "id").alias("iv"))
    got = {r.g: r.n for r in df.groupBy("g").agg(F.count("iv").alias("n")).collect()}
    assert got == {0: 10, 1: 10, 2: 10, 3: 10}
    rows = df.repartition(3, "g").orderBy("iv").collect()
    assert [r.iv for r in rows] == [datetime.timedelta(minutes=i) for i in range(40)]


def test_interval_types_speak_pyspark():
    assert DayTimeIntervalType().simpleString() == "interval day to second"
    assert DayTimeIntervalType(1).simpleString() == "interval hour"
    assert repr(YearMonthIntervalType(0, 1)) == "YearMonthIntervalType(0, 1)"
    with pytest.raises(Exception, match="INVALID_INTERVAL_CASTING"):
        DayTimeIntervalType(3, 1)


def test_a_malformed_literal_is_refused_with_the_form_to_write(spark):
    with pytest.raises(Exception, match="INVALID_INTERVAL_FORMAT"):
        spark.sql("SELECT INTERVAL '1:2:3' HOUR TO MINUTE").collect()
