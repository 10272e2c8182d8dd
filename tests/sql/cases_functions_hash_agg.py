"""Hash functions and aggregates (``hash``, ``xxhash64``, digests, statistics, percentiles,
counting, named aggregates), part of the ``cases_functions.py`` group: run by PySpark
(``record_pyspark_functions.py`` records them) and by spark-lambda
(``test_pyspark_function_cases.py`` compares)."""

from __future__ import annotations

import datetime
import decimal



def hashes_df(spark):
    return spark.createDataFrame(
        [(1, 1, "a", 1.5, datetime.date(2024, 1, 1), True),
         (-7, 123456789012, "hello world", -0.0, datetime.date(1970, 1, 1), False),
         (None, None, None, None, None, None),
         (0, -1, "", float("nan"), datetime.date(1900, 3, 4), True)],
        "i INT, l BIGINT, s STRING, x DOUBLE, d DATE, b BOOLEAN")


def c_hash_each(spark, F):
    df = hashes_df(spark)
    return df.select(F.hash("i"), F.hash("l"), F.hash("s"), F.hash("x"), F.hash("d"),
                     F.hash("b"))


def c_hash_multi(spark, F):
    df = hashes_df(spark)
    return df.select(F.hash("i", "s"), F.hash("l", "x", "d"), F.hash(F.lit(None)))


def c_xxhash64_each(spark, F):
    df = hashes_df(spark)
    return df.select(F.xxhash64("i"), F.xxhash64("l"), F.xxhash64("s"), F.xxhash64("x"),
                     F.xxhash64("d"), F.xxhash64("b"))


def c_xxhash64_multi(spark, F):
    df = hashes_df(spark)
    return df.select(F.xxhash64("i", "s"), F.xxhash64("l", "x", "d"))


def c_digests(spark, F):
    df = hashes_df(spark)
    return df.select(F.md5("s"), F.sha1("s"), F.sha2("s", 256), F.sha2("s", 512), F.crc32("s"))


def c_hash_sql(spark, F):
    hashes_df(spark).createOrReplaceTempView("hash_t")
    return spark.sql("SELECT hash(i, s) AS h, xxhash64(s) AS x, md5(s) AS m, crc32(s) AS c "
                     "FROM hash_t")


def aggs_df(spark):
    return spark.createDataFrame(
        [("a", 1, 2.0, True), ("a", 2, 4.5, True), ("a", 3, 5.0, False), ("b", 10, 1.0, True),
         ("b", 20, 3.0, None), ("b", None, 8.0, True), ("c", 5, None, False)],
        "k STRING, v INT, y DOUBLE, f BOOLEAN")


def c_agg_stats(spark, F):
    return aggs_df(spark).groupBy("k").agg(
        F.corr("v", "y"), F.covar_samp("v", "y"), F.covar_pop("v", "y"),
        F.stddev_pop("v"), F.var_pop("v")).orderBy("k")


def c_agg_moments(spark, F):
    return aggs_df(spark).groupBy("k").agg(F.skewness("y"), F.kurtosis("y")).orderBy("k")


def c_agg_counting(spark, F):
    return aggs_df(spark).groupBy("k").agg(
        F.count_if(F.col("v") > 1), F.approx_count_distinct("v"), F.sum_distinct("v"),
        F.bool_and("f"), F.bool_or("f")).orderBy("k")


def c_agg_by(spark, F):
    return aggs_df(spark).groupBy("k").agg(F.max_by("v", "y"), F.min_by("v", "y")).orderBy("k")


def c_agg_percentile(spark, F):
    return aggs_df(spark).groupBy("k").agg(
        F.percentile_approx("v", 0.5), F.percentile_approx("y", [0.25, 0.75])).orderBy("k")


def c_agg_global(spark, F):
    return aggs_df(spark).agg(F.corr("v", "y"), F.skewness("v"), F.count_if(F.col("f")),
                              F.approx_count_distinct("k"), F.max_by("k", "v"))


def c_agg_sql(spark, F):
    aggs_df(spark).createOrReplaceTempView("aggs_t")
    return spark.sql("SELECT k, count_if(v > 2) AS c, bool_or(f) AS b, max_by(v, y) AS m, "
                     "covar_pop(v, y) AS cp, kurtosis(v) AS ku FROM aggs_t GROUP BY k ORDER BY k")


def c_hash_more_types(spark, F):
    df = spark.createDataFrame(
        [(1, 1.5, decimal.Decimal("12.34"), datetime.datetime(2024, 1, 15, 10, 30), bytearray(b"ab")),
         (-3, -0.0, decimal.Decimal("-0.01"), datetime.datetime(1969, 12, 31, 23, 59, 59), bytearray(b"")),
         (None, None, None, None, None)],
        "h SHORT, f FLOAT, m DECIMAL(10,2), t TIMESTAMP, y BINARY")
    return df.select(F.hash("h"), F.hash("f"), F.hash("m"), F.hash("t"), F.hash("y"),
                     F.xxhash64("h"), F.xxhash64("f"), F.xxhash64("m"), F.xxhash64("t"),
                     F.xxhash64("y"))


def c_hash_long_strings(spark, F):
    df = spark.createDataFrame([("x" * 31,), ("héllo wörld, a longer string of 40+ bytes",),
                                ("abcdefgh" * 9,)], "s STRING")
    return df.select(F.hash("s"), F.xxhash64("s"), F.crc32("s"), F.sha2("s", 224),
                     F.sha2("s", 384), F.sha2("s", 0))


def c_agg_many_partitions(spark, F):
    df = spark.range(0, 200, 1, 4).select((F.col("id") % 3).alias("k"),
                                          (F.col("id") * 7 % 101).alias("v"))
    return df.groupBy("k").agg(F.percentile_approx("v", 0.5), F.max_by("v", "v"),
                               F.min_by("v", "v"), F.approx_count_distinct("v"),
                               F.count_if(F.col("v") > 50)).orderBy("k")


def c_agg_extra(spark, F):
    df = spark.range(0, 12, 1, 3).select((F.col("id") % 2).alias("k"),
                                         ((F.col("id") * 5) % 7).alias("v"))
    return df.groupBy("k").agg(F.median("v"), F.percentile("v", 0.25), F.bit_and("v"),
                               F.bit_or("v"), F.bit_xor("v"), F.product(F.col("v") + 1),
                               F.max_by("v", "v", 2), F.regr_count("v", "k"),
                               F.regr_avgx("v", "k"), F.regr_sxx("v", "k"),
                               F.sort_array(F.array_agg("v"))).orderBy("k")


def c_named_aggregates_and_star(spark, F):
    df = spark.createDataFrame([(None, 1, True), ("a", 2, False), ("b", 3, True)],
                               "a STRING, b INT, f BOOLEAN")
    return df.select(F.any_value("a"), F.any_value("a", True), F.first_value("a"),
                     F.last_value("b"), F.every("f"), F.some("f"), F.bool_or("f"),
                     F.max(F.hash("*")), F.max(F.named_struct(F.lit("x"), "b", F.lit("y"),
                                                              F.lit(2))))


def c_binary_mode_percentiles(spark, F):
    df = spark.createDataFrame([(1, "4a4B", 3), (2, "616263", 3), (3, "0f", 1), (4, None, 1)],
                               "id INT, h STRING, v INT")
    return df.select(F.max(F.hex(F.to_binary("h"))), F.max(F.to_binary("h", F.lit("utf-8"))),
                     F.mode("v", True), F.percentile("v", [0.25, 0.5]),
                     F.count(F.try_to_binary(F.lit("zz"))))


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
