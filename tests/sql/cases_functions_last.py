"""Programs over Python UDFs called with keyword arguments (and UDFs made vectorized by their
type hints), ``collect_union`` and ``counter_diff``, run by PySpark
(``TZ=UTC python -m tests.sql.record_pyspark --cases functions_last``) and by spark-lambda
(``test_functions_last.py``)."""

from __future__ import annotations

import datetime


# --- UDFs with keyword arguments ---------------------------------------------------------------
def c_udf_keyword_arguments(spark, F):
    @F.udf(returnType="int")
    def calc(a, b):
        return a + 10 * b

    return spark.range(3).select(calc(b=F.col("id") * 10, a=F.col("id")),
                                 calc(F.col("id"), b=F.lit(2)).alias("mixed"))


def c_udf_keyword_argument_nulls(spark, F):
    @F.udf(returnType="string")
    def joined(x, sep="-", y=None):
        return None if x is None else f"{x}{sep}{y}"

    df = spark.createDataFrame([("a", "b"), (None, "c"), ("d", None)], "x STRING, y STRING")
    return df.select(joined(y=F.col("y"), x=F.col("x")).alias("j"),
                     joined("x", sep=F.lit("+"), y="y").alias("k"))


def c_udf_unknown_keyword_error(spark, F):
    @F.udf(returnType="int")
    def one(a):
        return a

    return spark.range(1).select(one(z=F.col("id")))


def c_udf_pandas_hints_keyword(spark, F):
    import pandas as pd

    @F.udf(returnType="long")
    def pd_calc(a: pd.Series, b: pd.Series) -> pd.Series:
        return a + 10 * b

    return spark.range(3).select(pd_calc(b=F.col("id") * 10, a="id"))


def c_udf_arrow_hints_keyword(spark, F):
    import pyarrow as pa
    import pyarrow.compute as pc

    @F.udf(returnType="long")
    def pa_calc(a: pa.Array, b: pa.Array) -> pa.Array:
        return pc.add(a, pc.multiply(b, 10))

    return spark.range(3).select(pa_calc(b=F.col("id") * 10, a="id"))


# --- collect_union -----------------------------------------------------------------------------
def c_collect_union_all_rows(spark, F):
    df = spark.createDataFrame([([1, 2],), ([2, 3],), ([1, None],), (None,), ([],)],
                               "value ARRAY<INT>")
    return df.select(F.sort_array(F.collect_union("value")).alias("u"))


def c_collect_union_grouped(spark, F):
    df = spark.createDataFrame([("a", ["x", "y"]), ("a", ["y", "z"]), ("b", ["w"]),
                                ("c", None)], "k STRING, value ARRAY<STRING>")
    return df.groupBy("k").agg(F.sort_array(F.collect_union("value")).alias("u")).orderBy("k")


def c_collect_union_name(spark, F):
    df = spark.createDataFrame([([1],)], "value ARRAY<INT>")
    return df.select(F.collect_union("value"))


def c_collect_union_respect_nulls(spark, F):
    return spark.sql("SELECT k, size(collect_union(v) RESPECT NULLS) AS n, "
                     "size(collect_union(v)) AS m, "
                     "array_sort(collect_union(v) RESPECT NULLS) AS s "
                     "FROM VALUES (1, array(1, NULL)), (1, array(2, NULL)), (2, array(3)), "
                     "(2, NULL) AS t(k, v) GROUP BY k ORDER BY k")


def c_collect_union_respect_nulls_name(spark, F):
    return spark.sql("SELECT collect_union(v) RESPECT NULLS FROM VALUES (array(1)) AS t(v)")


def c_collect_union_over_window(spark, F):
    df = spark.createDataFrame([("a", 1, [1, 2]), ("a", 2, [2, 3]), ("b", 1, [4]),
                                ("b", 2, None)], "k STRING, i INT, value ARRAY<INT>")
    w = _window(F).partitionBy("k")
    return df.select("k", "i", F.sort_array(F.collect_union("value").over(w)).alias("u"),
                     F.sort_array(F.collect_union("value").over(w.orderBy("i"))).alias("r")) \
        .orderBy("k", "i")


def c_collect_union_not_array_error(spark, F):
    return spark.range(2).select(F.collect_union("id"))


# --- counter_diff ------------------------------------------------------------------------------
def _window(F):
    """``Window`` of the package ``F`` belongs to (PySpark's or spark-lambda's)."""
    import importlib
    return importlib.import_module(F.__name__.rsplit(".functions", 1)[0]).Window


def _counters(spark):
    t = datetime.datetime(2026, 1, 1)
    rows = [("a", t, 100, t), ("a", t + datetime.timedelta(minutes=1), 200, t),
            ("a", t + datetime.timedelta(minutes=2), 400, t),
            ("a", t + datetime.timedelta(minutes=3), 50, t),
            ("a", t + datetime.timedelta(minutes=4), 500, t + datetime.timedelta(minutes=4)),
            ("a", t + datetime.timedelta(minutes=5), None, t + datetime.timedelta(minutes=4)),
            ("a", t + datetime.timedelta(minutes=6), 700, t + datetime.timedelta(minutes=4)),
            ("b", t, 5, t), ("b", t + datetime.timedelta(minutes=1), 5, t)]
    return spark.createDataFrame(rows, "m STRING, t TIMESTAMP_NTZ, c INT, s TIMESTAMP_NTZ")


def c_counter_diff(spark, F):
    w = _window(F).partitionBy("m").orderBy("t")
    return _counters(spark).select("m", "t", "c", F.counter_diff("c").over(w).alias("d")) \
        .orderBy("m", "t")


def c_counter_diff_start_time(spark, F):
    w = _window(F).partitionBy("m").orderBy("t")
    return _counters(spark).select("m", "t", F.counter_diff("c", "s").over(w)) \
        .orderBy("m", "t")


def c_counter_diff_double(spark, F):
    w = _window(F).orderBy("id")
    return spark.range(4).select("id", F.counter_diff(F.col("id") * 1.5).over(w).alias("d")) \
        .orderBy("id")


def c_counter_diff_not_numeric_error(spark, F):
    w = _window(F).orderBy("id")
    return spark.range(2).select(F.counter_diff(F.lit("x")).over(w))


# --- make_timestamp(date, time[, timezone]) -----------------------------------------------------
def _date_times(spark, F):
    return spark.createDataFrame(
        [(datetime.date(2014, 12, 28), datetime.time(6, 30, 45, 887000), "CET"),
         (datetime.date(2024, 2, 29), datetime.time(23, 59, 59, 999999), "America/New_York"),
         (None, datetime.time(1, 2, 3), "UTC"), (datetime.date(2020, 1, 1), None, None)],
        "d DATE, t TIME, tz STRING")


def c_make_timestamp_date_time_zone(spark, F):
    df = _date_times(spark, F)
    return df.select(F.make_timestamp(date=df.d, time=df.t, timezone=df.tz),
                     F.try_make_timestamp(date=df.d, time=df.t, timezone=df.tz).alias("t2"))


def c_make_timestamp_date_time_session_zone(spark, F):
    df = _date_times(spark, F)
    return df.select(F.make_timestamp(date=df.d, time=df.t),
                     F.try_make_timestamp(date="d", time="t").alias("t2"))


def c_make_timestamp_ntz_date_time(spark, F):
    df = _date_times(spark, F)
    return df.select(F.make_timestamp_ntz(date=df.d, time=df.t),
                     F.try_make_timestamp_ntz(date="d", time="t").alias("t2"))


def c_make_timestamp_date_time_sql(spark, F):
    return spark.sql("SELECT make_timestamp(DATE'2021-03-04', TIME'05:06:07.5') AS a, "
                     "make_timestamp_ntz(DATE'2021-03-04', TIME'05:06:07.5') AS b, "
                     "make_timestamp(DATE'2021-03-04', TIME'05:06:07.5', 'Asia/Tokyo') AS c")


def c_make_timestamp_date_time_not_time_error(spark, F):
    return spark.sql("SELECT make_timestamp_ntz(DATE'2021-03-04', 5) AS a")


# --- JSON with unquoted field names ------------------------------------------------------------
def c_from_json_unquoted_field_names(spark, F):
    df = spark.createDataFrame([('{a:123, b: "x"}',), ('{"a":456, "b":"y,c:1"}',),
                                ('{ a : 7, b_2 : "z"}',), ("{a:[1]}",), (None,)], "value STRING")
    return df.select("value", F.from_json(df.value, "a INT, b STRING"),
                     F.from_json(df.value, "a INT, b_2 STRING",
                                 {"allowUnquotedFieldNames": "true"}).alias("p"))


def c_from_json_unquoted_sql(spark, F):
    return spark.sql("SELECT from_json('{a: 1, b: {c: 2}}', 'a INT, b STRUCT<c: INT>', "
                     "map('allowUnquotedFieldNames', 'true')) AS p")


def c_schema_of_json_unquoted_field_names(spark, F):
    return spark.range(1).select(
        F.schema_of_json(F.lit('{"a": 0}')),
        F.schema_of_json("{a: 1, b: [{c: 1.5}]}", {"allowUnquotedFieldNames": "true"}))


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
