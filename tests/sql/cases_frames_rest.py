"""DataFrame and Column methods beyond the first rounds (bitwise operators, repartitionByRange
and repartitionById, zip, createDataFrame's type merging, current_database after USE, toArrow
chunks, window_time and session_window; the joins and file formats from ``cases_frames_joins``
and ``cases_frames_io``), run by PySpark
(``record_pyspark --cases frames_rest`` records them) and by spark-lambda
(``test_frames_rest.py`` compares)."""

from __future__ import annotations


def _ab(spark):
    return spark.createDataFrame([(170, 75), (-6, 3), (None, 1)], "a INT, b BIGINT")


def _people(spark):
    return spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])


def _ids(spark, F):
    return spark.range(10).withColumn("p", (F.col("id") % 3).cast("int"))


# --- bitwise operators -----------------------------------------------------------------------
def c_bitwise_methods(spark, F):
    df = _ab(spark)
    return df.select(df.a.bitwiseAND(df.b), df.a.bitwiseOR(df.b), df.a.bitwiseXOR(df.b),
                     df.a.bitwiseAND(F.lit(12)), df.b.bitwiseOR(1))


def c_bitwise_sql(spark, F):
    return spark.sql("SELECT 5 & 3, 5 | 3, 5 ^ 3, ~5, 6 & 3 ^ 1, 12 | 3 & 5")


def c_bitwise_small_types(spark, F):
    df = spark.createDataFrame([(7, 2, 300)], "x TINYINT, y TINYINT, z SMALLINT")
    return df.select(df.x.bitwiseAND(df.y), df.x.bitwiseXOR(df.z), df.z.bitwiseOR(df.y))


def c_bitwise_double_error(spark, F):
    df = _ab(spark)
    return df.select(df.a.bitwiseAND(1.5))


def c_bitwise_string_error(spark, F):
    df = _ab(spark)
    return df.select(df.a.bitwiseOR(F.lit("x")))


# --- repartitionByRange, repartitionById -----------------------------------------------------
def c_range_two(spark, F):
    return _people(spark).repartitionByRange(2, "age").select("age", "name",
                                                              F.spark_partition_id())


def c_range_desc(spark, F):
    return _people(spark).repartitionByRange(2, F.col("age").desc()) \
        .select("age", "name", F.spark_partition_id())


def c_range_bounds(spark, F):
    return spark.range(0, 100, 1, 4).repartitionByRange(3, "id") \
        .groupBy(F.spark_partition_id().alias("p")) \
        .agg(F.min("id"), F.max("id"), F.count("*")).orderBy("p")


def c_range_two_keys(spark, F):
    df = spark.createDataFrame([(1, "b"), (1, "a"), (2, "c"), (None, "d"), (2, None)],
                               "k INT, s STRING")
    return df.repartitionByRange(3, "k", "s").select("k", "s", F.spark_partition_id()) \
        .orderBy("k", "s")


def c_range_no_count(spark, F):
    return _people(spark).repartitionByRange("age").select("age", F.spark_partition_id())


def c_range_no_columns_error(spark, F):
    return _people(spark).repartitionByRange(2)


def c_range_bad_count_error(spark, F):
    return _people(spark).repartitionByRange(2.5, "age")


def c_by_id(spark, F):
    return _ids(spark, F).repartitionById(3, "p").select("id", "p", F.spark_partition_id()) \
        .orderBy("id")


def c_by_id_modulo(spark, F):
    return _ids(spark, F).repartitionById(2, "p").select("id", "p", F.spark_partition_id()) \
        .orderBy("id")


def c_by_id_negative(spark, F):
    return _ids(spark, F).repartitionById(3, -F.col("p")) \
        .select("id", "p", F.spark_partition_id()).orderBy("id")


def c_by_id_null(spark, F):
    pid = F.when(F.col("p") == 1, None).otherwise(F.col("p"))
    return _ids(spark, F).repartitionById(3, pid).select("id", "p", F.spark_partition_id()) \
        .orderBy("id")


def c_by_id_long_error(spark, F):
    return _ids(spark, F).repartitionById(3, F.col("id") % 3)


def c_by_id_string_error(spark, F):
    return _ids(spark, F).repartitionById(3, F.lit("a"))


def c_by_id_zero_error(spark, F):
    return _ids(spark, F).repartitionById(0, "p")


def c_by_id_partitions(spark, F):
    return _ids(spark, F).repartitionById(4, "p").rdd.getNumPartitions()


# --- zip -------------------------------------------------------------------------------------
def _abc(spark):
    return spark.createDataFrame([(1, 2, 3), (4, 5, 6)], ["a", "b", "c"])


def c_zip(spark, F):
    df = _abc(spark)
    return df.select("a").zip(df.select("b"))


def c_zip_expressions(spark, F):
    df = _abc(spark)
    return df.select("a").zip(df.select(F.col("b") + 1, "c"))


def c_zip_chains(spark, F):
    df = _abc(spark)
    left = df.withColumn("d", F.col("a") * 10).select("d")
    right = df.select((F.col("b") + 1).alias("x")).select(F.col("x") * 2)
    return left.zip(right)


def c_zip_same_column(spark, F):
    df = _abc(spark)
    return df.select("a").zip(df.select("a"))


def c_zip_filtered(spark, F):
    df = _abc(spark).filter("a > 1")
    return df.select("a").zip(df.select("c"))


def c_zip_other_rows_error(spark, F):
    df = _abc(spark)
    return df.select("a").zip(df.filter("a > 1").select("b"))


def c_zip_other_frame_error(spark, F):
    return _abc(spark).select("a").zip(spark.createDataFrame([(7,), (8,)], ["z"]))


# --- createDataFrame's type merging ----------------------------------------------------------
def c_merge_list_string_number(spark, F):
    return spark.createDataFrame([(["apple", 1, "cherry"],)])


def c_merge_list_string_double_bool(spark, F):
    return spark.createDataFrame([(["a", 1.5, True, None, 1e20],)])


def c_merge_rows_string_number(spark, F):
    return spark.createDataFrame([(1,), ("a",)])


def c_merge_map_values(spark, F):
    return spark.createDataFrame([({"a": 1, "b": "x"},)])


def c_merge_struct_fields(spark, F):
    return spark.createDataFrame([((1, None),), ((2, "x"),), ((None, 3),)])


def c_merge_list_int_double_error(spark, F):
    return spark.createDataFrame([([1, 2.5],)])


def c_merge_list_int_bool_error(spark, F):
    return spark.createDataFrame([([1, True],)])


def c_merge_rows_int_double_error(spark, F):
    return spark.createDataFrame([(1,), (2.5,)])


# --- current_database() after USE ------------------------------------------------------------
def c_current_database_after_use(spark, F):
    spark.sql("CREATE DATABASE IF NOT EXISTS frames_rest_db")
    spark.sql("USE frames_rest_db")
    try:
        return spark.createDataFrame(
            spark.sql("SELECT current_database(), current_schema(), current_catalog()")
            .union(spark.range(1).select(F.current_database(), F.current_schema(),
                                         F.current_catalog())).collect())
    finally:
        spark.sql("USE default")
        spark.sql("DROP DATABASE frames_rest_db")


# --- toArrow ---------------------------------------------------------------------------------
def c_to_arrow_chunks(spark, F):
    df = _people(spark)
    one = df.coalesce(1).toArrow()
    big = spark.range(0, 25000, 1, 1).toArrow()
    return [one.num_rows, one.column(0).num_chunks,
            [len(c) for c in big.column(0).chunks]]


# --- window_time, session_window ------------------------------------------------------------
def _events(spark):
    import datetime
    t = [datetime.datetime(2024, 1, 1, 0, 0, s) for s in (0, 3, 8, 13, 20)]
    rows = [("a", x, 1) for x in t] + [("b", datetime.datetime(2024, 1, 1, 0, 0, 1), 5),
                                       ("b", None, 7), ("b", datetime.datetime(2024, 1, 1), 2)]
    return spark.createDataFrame(rows, "k STRING, t TIMESTAMP, v INT")


def c_window_time(spark, F):
    df = _events(spark).groupBy(F.window("t", "10 seconds")).agg(F.sum("v"))
    return df.select("*", F.window_time("window")).orderBy("window")


def c_window_time_error(spark, F):
    return _events(spark).select(F.window_time("t"))


def c_session_window_text_time(spark, F):
    df = spark.createDataFrame([("2016-03-11 09:00:07", 1)], ["dt", "v"])
    return df.groupBy(F.session_window("dt", "5 seconds")).agg(F.sum("v"))


def c_session_window_keys(spark, F):
    return _events(spark).groupBy("k", F.session_window("t", "5 seconds")) \
        .agg(F.count("*").alias("n"), F.sum("v")).orderBy("k", "session_window")


def c_session_window_key_after(spark, F):
    return _events(spark).groupBy(F.session_window("t", "4 seconds"), "k").count() \
        .orderBy("k", "session_window")


def c_session_window_time(spark, F):
    df = _events(spark).groupBy(F.session_window("t", "5 seconds")).agg(F.max("v"))
    return df.select("*", F.window_time("session_window")).orderBy("session_window")


def c_session_window_bad_time_error(spark, F):
    return _events(spark).groupBy(F.session_window("v", "5 seconds")).count()


CASES = {name[2:]: fn for name, fn in dict(globals()).items()
         if name.startswith("c_") and callable(fn)}

from .cases_frames_io import CASES as _IO  # noqa: E402
from .cases_frames_joins import CASES as _JOINS  # noqa: E402

CASES.update(_JOINS)
CASES.update(_IO)
