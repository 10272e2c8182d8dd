"""Programs over INTERVAL values (the year-month, day-time and calendar interval types, the
``make_*interval`` functions, interval arithmetic and its ``try_`` forms), run by PySpark
(``python -m tests.sql.record_pyspark --cases intervals``) and by spark-lambda
(``test_intervals.py``). Year-month and calendar intervals cannot be collected in PySpark, so
cases holding them are compared by their types and ``show`` text."""

from __future__ import annotations

import contextlib
import io


def _shown(df, truncate=True):
    """A DataFrame's column types and ``show`` text (what PySpark gives of intervals it cannot
    collect)."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        df.show(truncate=truncate)
    return df.dtypes, text.getvalue()


def _parts(spark):
    return spark.createDataFrame([(100, 11, 1, 1, 12, 30, 1.001001), (-1, 2, 0, -3, 4, -5, 6.5),
                                  (None, 1, 1, 1, 1, 1, 1.0)],
                                 "y INT, mo INT, w INT, d INT, h INT, mi INT, s DOUBLE")


# --- literals ----------------------------------------------------------------------------------
def c_literal_types_and_text(spark, F):
    return _shown(spark.sql(
        "SELECT INTERVAL 1 YEAR AS a, INTERVAL '14' MONTH AS b, "
        "INTERVAL '-1-2' YEAR TO MONTH AS c, "
        "INTERVAL '1 02:03:04.5' DAY TO SECOND AS d, INTERVAL '90' MINUTE AS e, "
        "INTERVAL '3' DAY AS f, INTERVAL '-10:30' HOUR TO MINUTE AS g, "
        "INTERVAL '12.25' SECOND AS h"), False)


def c_day_time_collect(spark, F):
    return spark.sql("SELECT INTERVAL '1 02:03:04.5' DAY TO SECOND AS d, "
                     "INTERVAL '-90' MINUTE AS m, INTERVAL '0' SECOND AS z")


def c_year_month_collect_refused(spark, F):
    return spark.sql("SELECT INTERVAL 1 YEAR AS y")


def c_interval_as_string(spark, F):
    return spark.sql("SELECT CAST(INTERVAL '1-2' YEAR TO MONTH AS STRING) AS a, "
                     "CAST(INTERVAL '1 02:03:04' DAY TO SECOND AS STRING) AS b")


# --- make_*interval ----------------------------------------------------------------------------
def c_make_interval_all(spark, F):
    df = _parts(spark)
    return _shown(df.select(F.make_interval("y", "mo", "w", "d", "h", "mi", "s"),
                            F.make_interval("y", "mo"), F.make_interval()), False)


def c_make_dt_interval(spark, F):
    df = _parts(spark)
    return df.select(F.make_dt_interval("d", "h", "mi", "s"), F.make_dt_interval("d"),
                     F.make_dt_interval())


def c_make_ym_interval(spark, F):
    return _shown(_parts(spark).select(F.make_ym_interval("y", "mo"), F.make_ym_interval("y"),
                                       F.make_ym_interval()), False)


def c_try_make_interval_overflow(spark, F):
    return _shown(spark.range(1).select(F.try_make_interval(F.lit(2147483647)),
                                        F.try_make_interval(F.lit(1), F.lit(2))), False)


def c_make_interval_overflow_error(spark, F):
    return _shown(spark.range(1).select(F.make_interval(F.lit(2147483647))))


def c_make_ym_interval_overflow_error(spark, F):
    return _shown(spark.range(1).select(F.make_ym_interval(F.lit(2147483647))))


def c_make_dt_interval_sql(spark, F):
    return spark.sql("SELECT make_dt_interval(1, 2, 3, 4.5) AS a, "
                     "make_dt_interval(-1, 0, 0, 0) AS b")


# --- arithmetic --------------------------------------------------------------------------------
def c_timestamp_minus_timestamp(spark, F):
    return spark.sql("SELECT TIMESTAMP'2020-01-01 00:00:00' - TIMESTAMP'2019-12-30 10:00:01.5' "
                     "AS x")


def c_date_minus_date(spark, F):
    return spark.sql("SELECT DATE'2020-03-01' - DATE'2020-02-01' AS x")


def c_timestamp_plus_intervals(spark, F):
    return spark.sql("SELECT TIMESTAMP'2020-01-31 10:00:00' + INTERVAL 1 MONTH AS a, "
                     "TIMESTAMP'2020-01-31 10:00:00' - INTERVAL '1 12:00:00' DAY TO SECOND AS b")


def c_try_add_intervals(spark, F):
    df = spark.sql("SELECT DATE'2015-09-30' AS dt, INTERVAL 1 YEAR AS i1, INTERVAL 2 YEAR AS i2, "
                   "TIMESTAMP'2021-01-01 00:00:00' AS ts, INTERVAL '2' HOUR AS h")
    return _shown(df.select(F.try_add("dt", "i1"), F.try_add("i1", "i2"),
                            F.try_subtract("i1", "i2"), F.try_add("ts", "h"),
                            F.try_subtract("ts", "h")))


def c_interval_times_number(spark, F):
    df = spark.range(4).select(F.make_interval(F.col("id"), F.lit(3)).alias("itvl"), "id")
    return _shown(df.select("*", F.try_multiply("itvl", "id")))


def c_interval_divided(spark, F):
    df = spark.range(4).select(F.make_interval(F.lit(1)).alias("itvl"), "id")
    return _shown(df.select("*", F.try_divide("itvl", "id")))


def c_day_time_arith(spark, F):
    return spark.sql("SELECT INTERVAL '1 02:00:00' DAY TO SECOND * 3 AS a, "
                     "INTERVAL '10' HOUR / 4 AS b, INTERVAL '3' DAY - INTERVAL '1' HOUR AS c, "
                     "try_divide(INTERVAL '3' DAY, 0) AS d")


def c_day_time_divided_by_zero(spark, F):
    return spark.sql("SELECT INTERVAL '3' DAY / 0 AS d")


def c_year_month_times(spark, F):
    return _shown(spark.sql("SELECT INTERVAL '1-5' YEAR TO MONTH * 2.5 AS a, "
                            "INTERVAL 10 MONTH / 3 AS b"))


# --- TIME, local data, ordering ----------------------------------------------------------------
def c_time_minus_time(spark, F):
    spark.conf.set("spark.sql.timeType.enabled", "true")
    return spark.sql("SELECT TIME'10:00:00' - TIME'08:29:59.5' AS a, "
                     "TIME'01:00:00' - TIME'02:00:00' AS b")


def c_created_from_timedelta(spark, F):
    import datetime
    return spark.createDataFrame([(1, datetime.timedelta(days=1, hours=2, microseconds=5)),
                                  (2, datetime.timedelta(minutes=-3)), (3, None)], ["k", "d"])


def c_created_with_interval_schema(spark, F):
    import datetime
    return spark.createDataFrame([(datetime.timedelta(hours=30),)], "d interval day to second")


def c_day_time_ordering_and_extremes(spark, F):
    import datetime
    df = spark.createDataFrame([(datetime.timedelta(hours=h),) for h in (5, -2, 30, 0)], ["d"])
    return df.orderBy(F.col("d").desc()).union(
        df.agg(F.min("d"), F.max("d")).selectExpr("`min(d)`").withColumnRenamed("min(d)", "d"))


def c_day_time_filter_and_group(spark, F):
    df = spark.sql("SELECT id, make_dt_interval(0, CAST(id % 3 AS INT)) AS d FROM range(9)")
    return df.where(F.col("d") > F.expr("INTERVAL '30' MINUTE")).groupBy("d").count() \
        .orderBy("d")


def c_interval_mixed_kinds_error(spark, F):
    return spark.sql("SELECT INTERVAL 1 YEAR + INTERVAL 1 DAY AS x")


def c_make_interval_in_sql(spark, F):
    return _shown(spark.sql("SELECT make_interval(1, 2, 3, 4, 5, 6, 7.25) AS a, "
                            "make_interval(0, 0, 0, 0, 0, 0, -0.5) AS b, "
                            "make_ym_interval(-1, 13) AS c"), False)


# --- time_bucket -------------------------------------------------------------------------------
def _stamps(spark):
    import datetime
    return spark.createDataFrame([(datetime.datetime(2024, 1, 1, 11, 27, 0),),
                                  (datetime.datetime(2024, 3, 31, 23, 59, 59, 999999),),
                                  (datetime.datetime(1969, 12, 31, 23, 50),), (None,)], ["ts"])


def c_time_bucket_day_time(spark, F):
    return _stamps(spark).select(
        F.time_bucket(F.expr("INTERVAL '15' MINUTE"), "ts").alias("m15"),
        F.time_bucket(F.expr("INTERVAL '15' MINUTE"), "ts",
                      F.expr("TIMESTAMP '1970-01-01 00:05:00'")).alias("shifted"),
        F.time_bucket(F.expr("INTERVAL '1 12:00:00' DAY TO SECOND"), "ts").alias("d15"))


def c_time_bucket_year_month_and_ntz(spark, F):
    df = _stamps(spark).select(F.col("ts").cast("timestamp_ntz").alias("ntz"), "ts")
    return df.select(F.time_bucket(F.expr("INTERVAL '3' MONTH"), "ts").alias("q"),
                     F.time_bucket(F.expr("INTERVAL 1 YEAR"), "ntz").alias("y"),
                     F.time_bucket(F.expr("INTERVAL '2' HOUR"), "ntz").alias("h2"))


def c_time_bucket_in_session_zone(spark, F):
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        return spark.sql("SELECT time_bucket(INTERVAL '1' DAY, "
                         "TIMESTAMP'2024-01-01 05:00:00') AS d, time_bucket(INTERVAL '1' MONTH, "
                         "TIMESTAMP'2024-03-01 05:00:00') AS m").select(
            F.col("d").cast("string"), F.col("m").cast("string"))
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")


def c_time_bucket_zero_width_error(spark, F):
    return _stamps(spark).select(F.time_bucket(F.expr("INTERVAL '0' MINUTE"), "ts"))


def c_time_bucket_not_interval_error(spark, F):
    return _stamps(spark).select(F.time_bucket(F.lit(5), "ts"))


# --- literals from Python, schemas, data sources -----------------------------------------------
def c_lit_timedelta(spark, F):
    import datetime
    return spark.range(2).select(F.lit(datetime.timedelta(hours=-1, seconds=1.5)).alias("d"),
                                 (F.col("id") * F.lit(datetime.timedelta(days=2))).alias("e"))


def c_interval_schema_json_round_trip(spark, F):
    df = spark.sql("SELECT INTERVAL '1' HOUR AS h, INTERVAL '1-1' YEAR TO MONTH AS ym, "
                   "make_interval(1) AS c")
    back = type(df.schema).fromJson(df.schema.jsonValue())
    return repr(back), df.schema.json()


def c_intervals_kept_in_parquet(spark, F):
    import tempfile
    path = tempfile.mkdtemp(prefix="intervals-") + "/p"
    spark.sql("SELECT id, INTERVAL '1' HOUR * id AS h, make_dt_interval(CAST(id AS INT)) AS d, "
              "CAST(NULL AS INTERVAL MINUTE) AS n FROM range(3)").write.parquet(path)
    return spark.read.parquet(path).orderBy("id")


def c_year_month_kept_in_parquet(spark, F):
    import tempfile
    path = tempfile.mkdtemp(prefix="intervals-") + "/p"
    spark.sql("SELECT id, make_ym_interval(CAST(id AS INT), -5) AS ym, "
              "INTERVAL '7' MONTH AS m FROM range(2)").write.parquet(path)
    return _shown(spark.read.parquet(path).orderBy("id"))


def c_calendar_interval_written_error(spark, F):
    import tempfile
    path = tempfile.mkdtemp(prefix="intervals-") + "/p"
    spark.range(1).select(F.make_interval(F.lit(1)).alias("c")).write.parquet(path)
    return spark.read.parquet(path)


# --- signs, fields -----------------------------------------------------------------------------
def c_interval_negation(spark, F):
    return spark.sql("SELECT -INTERVAL '1 02:00:00' DAY TO SECOND AS a, "
                     "abs(INTERVAL '-3' HOUR) AS b, +INTERVAL '5' MINUTE AS c")


def c_interval_fields(spark, F):
    return spark.sql("SELECT extract(DAY FROM INTERVAL '3 04:05:06.5' DAY TO SECOND) AS d, "
                     "extract(HOUR FROM INTERVAL '3 04:05:06.5' DAY TO SECOND) AS h, "
                     "extract(SECOND FROM INTERVAL '3 04:05:06.5' DAY TO SECOND) AS s, "
                     "extract(YEAR FROM INTERVAL '5-7' YEAR TO MONTH) AS y, "
                     "extract(MONTH FROM INTERVAL '5-7' YEAR TO MONTH) AS m")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
