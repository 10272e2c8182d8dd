"""Cases: where a naive DuckDB translation is not Spark (SQL.md's semantics table)."""

from __future__ import annotations

import datetime
import decimal


def _with_zone(spark, zone, fn):
    key = "spark.sql.session.timeZone"
    old = spark.conf.get(key)
    spark.conf.set(key, zone)
    try:
        return fn()
    finally:
        spark.conf.set(key, old)


def c_timestamp_instant_shown_in_session_zone(spark, F):
    def run():
        df = spark.sql("SELECT TIMESTAMP '2024-03-10 12:00:00' AS t, "
                       "TIMESTAMP_NTZ '2024-03-10 12:00:00' AS n")
        return df.select("t", "n", F.col("t").cast("string").alias("ts"),
                         F.col("n").cast("string").alias("ns"), F.hour("t").alias("h"),
                         F.col("t").cast("date").alias("d"))
    return _with_zone(spark, "America/Los_Angeles", lambda: _describe_now(run()))


def _describe_now(df):
    from .record_pyspark import describe
    return describe(df)


def c_timestamp_from_python_shown_in_zone(spark, F):
    df = spark.createDataFrame([(datetime.datetime(2024, 1, 1, 0, 30),)], "t TIMESTAMP")
    return _with_zone(spark, "Asia/Tokyo", lambda: _describe_now(
        df.select("t", F.col("t").cast("string").alias("s"), F.hour("t").alias("h"))))


def c_timestamp_literal_utc(spark, F):
    return spark.sql("SELECT TIMESTAMP '2024-03-10 12:00:00' AS t, "
                     "CAST('2024-03-10 01:02:03' AS TIMESTAMP_NTZ) AS n, "
                     "to_date(TIMESTAMP '2024-03-10 23:00:00') AS d")


def c_count_bug_scalar_subquery(spark, F):
    spark.createDataFrame([(1,), (2,)], ["k"]).createOrReplaceTempView("cb_a")
    spark.createDataFrame([(1, 10)], ["k", "v"]).createOrReplaceTempView("cb_b")
    return spark.sql("SELECT k, (SELECT count(*) FROM cb_b WHERE cb_b.k = cb_a.k) AS c, "
                     "(SELECT count(v) FROM cb_b WHERE cb_b.k = cb_a.k) AS cv, "
                     "(SELECT sum(v) FROM cb_b WHERE cb_b.k = cb_a.k) AS s "
                     "FROM cb_a ORDER BY k")


def c_decimal_literal_precision(spark, F):
    return spark.sql("SELECT CAST(1.5 AS DECIMAL(10,2)) * 2 AS a, "
                     "CAST(1.5 AS DECIMAL(10,2)) + 1 AS b, "
                     "CAST(1.5 AS DECIMAL(10,2)) * 100000 AS c, "
                     "CAST(1.5 AS DECIMAL(10,2)) / 3 AS d, 1.5 * 2 AS e, "
                     "CAST(1.5 AS DECIMAL(10,2)) - 12345678901 AS f")


def c_decimal_column_times_int_literal(spark, F):
    df = spark.createDataFrame([(decimal.Decimal("1.25"),)], "m DECIMAL(15,2)")
    return df.select(F.col("m") * 2, F.col("m") + 1, F.col("m") * F.lit(100), 1 - F.col("m"))


def c_nan_and_negative_zero(spark, F):
    nan = float("nan")
    df = spark.createDataFrame([(nan,), (nan,), (0.0,), (-0.0,), (1.0,), (None,)], "x DOUBLE")
    return df.groupBy("x").count().orderBy("x")


def c_nan_comparisons(spark, F):
    nan = float("nan")
    df = spark.createDataFrame([(nan, nan), (nan, 1.0), (1.0, nan), (-0.0, 0.0)], "a DOUBLE, "
                               "b DOUBLE")
    return df.select("a", "b", df.a == df.b, df.a > df.b, df.a < df.b,
                     F.greatest("a", "b")).orderBy("a", "b")


def c_nan_order_desc_and_max(spark, F):
    nan = float("nan")
    df = spark.createDataFrame([(1.0,), (nan,), (float("inf"),), (None,), (-1.0,)], "x DOUBLE")
    return df.orderBy(F.desc("x")).union(df.agg(F.max("x"))).union(df.agg(F.min("x")))


def c_nan_distinct_and_join(spark, F):
    nan = float("nan")
    a = spark.createDataFrame([(nan, 1), (0.0, 2)], "x DOUBLE, i INT")
    b = spark.createDataFrame([(nan, "n"), (-0.0, "z")], "x DOUBLE, s STRING")
    return a.join(b, "x").select("i", "s").orderBy("i")
