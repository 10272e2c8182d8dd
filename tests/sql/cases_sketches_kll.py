"""KLL quantile sketches, bitmaps and count-min sketches, part of the ``sketches`` case group
(``cases_sketches.py`` gathers them; ``python -m tests.sql.record_pyspark --cases sketches``
records them). The bitmaps' and count-min sketches' bytes are Spark's."""

from __future__ import annotations

from .sketch_data import groups, ints


def c_kll_bigint(spark, F):
    df = ints(spark, [5, 1, 4, 2, 3, None, 3])
    s = df.agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_n_bigint("s"),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.5)),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.0)),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(1.0)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(3)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(0)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(10)))


def c_kll_double(spark, F):
    df = groups(spark)
    s = F.kll_sketch_agg_double("d")
    return df.groupBy("g").agg(F.kll_sketch_get_n_double(s).alias("n"),
                               F.kll_sketch_get_quantile_double(s, F.lit(0.5)).alias("q"),
                               F.kll_sketch_get_rank_double(s, F.lit(2.5)).alias("r")
                               ).orderBy("g")


def c_kll_float(spark, F):
    df = spark.createDataFrame([(1.5,), (2.25,), (0.5,), (8.0,)], "f FLOAT")
    s = df.agg(F.kll_sketch_agg_float("f", 100).alias("s"))
    return s.select(F.kll_sketch_get_n_float("s"),
                    F.kll_sketch_get_quantile_float("s", F.lit(0.5)),
                    F.kll_sketch_get_rank_float("s", F.lit(2.0)))


def c_kll_quantile_array(spark, F):
    s = ints(spark, [1, 2, 3, 4, 5]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_quantile_bigint("s", F.array(F.lit(0.2), F.lit(0.9))),
                    F.kll_sketch_get_rank_bigint("s", F.array(F.lit(1), F.lit(4))))


def c_kll_merge(spark, F):
    s1 = ints(spark, [1, 2, 3]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    s2 = ints(spark, [4, 5, 6, 7]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    m = s1.union(s2).agg(F.kll_merge_agg_bigint("s").alias("m"))
    both = s1.crossJoin(s2.withColumnRenamed("s", "t"))
    return m.crossJoin(both).select(
        F.kll_sketch_get_n_bigint("m"), F.kll_sketch_get_quantile_bigint("m", F.lit(0.5)),
        F.kll_sketch_get_n_bigint(F.kll_sketch_merge_bigint("s", "t")).alias("n2"))


def c_kll_many(spark, F):
    df = spark.range(0, 100000, numPartitions=4)
    s = df.agg(F.kll_sketch_agg_bigint("id").alias("s"))
    return s.select(F.kll_sketch_get_n_bigint("s"),
                    F.abs(F.kll_sketch_get_quantile_bigint("s", F.lit(0.5)) - 50000)
                    .between(0, 2000).alias("median_ok"))


def c_kll_rank_out_of_range(spark, F):
    s = ints(spark, [1, 2]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_quantile_bigint("s", F.lit(1.5)))


def c_kll_invalid_k(spark, F):
    return ints(spark, [1, 2]).agg(F.kll_sketch_agg_bigint("v", 3))


def c_kll_empty(spark, F):
    s = ints(spark, []).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_n_bigint("s"),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.5)))


def c_kll_to_string(spark, F):
    s = ints(spark, [1, 2, 3]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.lower(F.kll_sketch_to_string_bigint("s")).contains("kll").alias("k"))


def c_kll_wrong_type(spark, F):
    return ints(spark, [1]).select(F.col("v").cast("double").alias("v")).agg(
        F.kll_sketch_agg_bigint("v"))


def c_bitmap_positions(spark, F):
    df = spark.createDataFrame([(x,) for x in (1, 123, 32768, 32769, 0, -1, -32768, -32769,
                                               None, 9223372036854775807)], "a BIGINT")
    return df.select("a", F.bitmap_bit_position("a"), F.bitmap_bucket_number("a"))


def c_bitmap_construct(spark, F):
    df = spark.createDataFrame([(g, x) for g, x in [("a", 1), ("a", 2), ("a", 3), ("b", 0),
                                                    ("b", 32767), ("b", None), ("a", 2)]],
                               "g STRING, a INT").repartition(3)
    b = F.bitmap_construct_agg("a")
    return df.groupBy("g").agg(F.bitmap_count(b).alias("n"),
                               F.substring(F.hex(b), 1, 8).alias("start"),
                               F.length(F.hex(b)).alias("len")).orderBy("g")


def c_bitmap_construct_show(spark, F):
    df = spark.createDataFrame([(1,), (2,), (3,)], ["a"])
    return df.select(F.bitmap_construct_agg(F.bitmap_bit_position("a")))


def c_bitmap_or_and(spark, F):
    df = spark.createDataFrame([("F0",), ("70",), ("30",), ("31",)], ["a"]).repartition(2)
    b = F.to_binary("a", F.lit("hex"))
    return df.agg(F.hex(F.bitmap_or_agg(b)).alias("o"), F.hex(F.bitmap_and_agg(b)).alias("x"),
                  F.bitmap_count(F.bitmap_or_agg(b)).alias("n"))


def c_bitmap_count(spark, F):
    df = spark.createDataFrame([("FFFF",), ("0103",), ("",), (None,)], ["a"])
    return df.select(F.bitmap_count(F.to_binary("a", F.lit("hex"))))


def c_bitmap_construct_out_of_range(spark, F):
    return spark.createDataFrame([(40000,)], ["a"]).select(F.bitmap_construct_agg("a"))


def c_bitmap_types(spark, F):
    df = spark.createDataFrame([(1, "00")], "a INT, b STRING")
    b = F.to_binary("b", F.lit("hex"))
    return df.select(F.bitmap_bit_position("a"), F.bitmap_bucket_number("a"),
                     F.typeof(F.bitmap_count(b)))


def c_bitmap_count_of_string(spark, F):
    return spark.createDataFrame([("a",)], ["a"]).select(F.bitmap_count("a"))


def c_cms_longs(spark, F):
    df = spark.range(100, numPartitions=3)
    return df.select(F.hex(F.count_min_sketch(F.col("id"), F.lit(3.0), F.lit(0.1), F.lit(1))),
                     F.hex(F.count_min_sketch("id", 1.0, 0.3, 2)),
                     F.hex(F.count_min_sketch("id", F.lit(1.5), 0.2, 1111111111111111111)))


def c_cms_strings(spark, F):
    df = spark.createDataFrame([(s,) for s in ["a", "bb", "a", "ccc", None, "dddd", "a"]],
                               ["s"]).repartition(2)
    return df.select(F.hex(F.count_min_sketch("s", 0.5, 0.9, 7)),
                     F.hex(F.count_min_sketch(F.col("s").cast("binary"), 0.5, 0.9, 7))
                     .alias("of_bytes"))


def c_cms_ints_grouped(spark, F):
    df = groups(spark)
    return df.groupBy("g").agg(F.hex(F.count_min_sketch("v", 0.4, 0.7, 3)).alias("h")
                               ).orderBy("g")


def c_cms_invalid_eps(spark, F):
    return spark.range(3).select(F.count_min_sketch("id", -1.0, 0.5, 1))


def c_cms_invalid_type(spark, F):
    return spark.range(3).select(F.count_min_sketch(F.col("id").cast("double"), 0.1, 0.5, 1))


def c_cms_decimal_eps(spark, F):
    return spark.range(3).selectExpr("count_min_sketch(id, 0.5, 0.5, 1)")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
