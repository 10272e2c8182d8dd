"""Programs over the sketch and bitmap functions (``hll_*``, ``theta_*``, ``tuple_*``,
``kll_*``, ``bitmap_*``, ``count_min_sketch``), run by PySpark
(``python -m tests.sql.record_pyspark --cases sketches``) and by spark-lambda
(``test_sketches.py``). Sketches are compared by what they estimate (exact on inputs this
small), except the bitmaps and count-min sketches, whose bytes are Spark's."""

from __future__ import annotations


def _ints(spark, values, parts=3):
    """A one-column (``v``) INT DataFrame spread over ``parts`` partitions."""
    return spark.createDataFrame([(x,) for x in values], "v INT").repartition(parts)


def _groups(spark):
    rows = [("a", 1, 1.5), ("a", 2, 2.5), ("a", 2, 2.5), ("b", 3, -1.0), ("b", None, None),
            ("b", 4, 7.0), ("b", 5, 0.0), ("c", None, None)]
    return spark.createDataFrame(rows, "g STRING, v INT, d DOUBLE").repartition(3)


def _estimates(spark, estimate, sketch):
    """A sketch's estimate of 5 distinct INT values (a NULL among them), at the default size
    and at 2^5."""
    df = _ints(spark, [1, 2, 2, 3, None, 7, 7, 9])
    return df.agg(estimate(sketch("v")), estimate(sketch("v", 5)))


# --- HyperLogLog -------------------------------------------------------------------------------
def c_hll_estimate(spark, F):
    return _estimates(spark, F.hll_sketch_estimate, F.hll_sketch_agg)


def _grouped_estimates(spark, estimate, sketch):
    """Per group, a sketch's estimate of its STRING key's and its INT values' distinct count."""
    return _groups(spark).groupBy("g").agg(estimate(sketch("g")).alias("n_g"),
                                           estimate(sketch("v")).alias("n_v")).orderBy("g")


def c_hll_grouped_strings(spark, F):
    return _grouped_estimates(spark, F.hll_sketch_estimate, F.hll_sketch_agg)


def c_hll_of_double(spark, F):
    return _groups(spark).agg(F.hll_sketch_agg("d"))


def c_hll_many(spark, F):
    df = spark.range(0, 5000, numPartitions=4)
    return df.agg(F.hll_sketch_estimate(F.hll_sketch_agg("id")).between(4750, 5250).alias("ok"),
                  F.hll_sketch_estimate(F.hll_sketch_agg(F.col("id") % 100)).alias("small"))


def c_hll_sketch_type(spark, F):
    return _ints(spark, [1, 2]).agg(F.hll_sketch_agg("v").isNotNull().alias("x"),
                                    F.typeof(F.hll_sketch_agg("v")).alias("t"))


def c_hll_union(spark, F):
    df = spark.createDataFrame([(1, 4), (2, 5), (2, 5), (3, 6), (4, 6)], "a INT, b INT")
    df = df.agg(F.hll_sketch_agg("a").alias("s1"), F.hll_sketch_agg("b", 10).alias("s2"),
                F.hll_sketch_agg("b").alias("s3"))
    return df.select(F.hll_sketch_estimate(F.hll_union("s1", "s3")),
                     F.hll_sketch_estimate(F.hll_union("s1", "s2", True)))


def c_hll_union_different_k_error(spark, F):
    df = spark.createDataFrame([(1, 4)], "a INT, b INT")
    df = df.agg(F.hll_sketch_agg("a").alias("s1"), F.hll_sketch_agg("b", 10).alias("s2"))
    return df.select(F.hll_sketch_estimate(F.hll_union("s1", "s2")))


def c_hll_union_agg(spark, F):
    df1 = _ints(spark, [1, 2, 2, 3]).agg(F.hll_sketch_agg("v").alias("s"))
    df2 = _ints(spark, [3, 4, 5, 5]).agg(F.hll_sketch_agg("v").alias("s"))
    df3 = _ints(spark, []).agg(F.hll_sketch_agg("v").alias("s"))
    return df1.union(df2).union(df3).agg(F.hll_sketch_estimate(F.hll_union_agg("s")))


def c_hll_invalid_k(spark, F):
    return _ints(spark, [1]).agg(F.hll_sketch_agg("v", 2))


def c_hll_estimate_of_garbage(spark, F):
    df = spark.createDataFrame([(bytearray(b"\x01\x02\x03"),)], "b BINARY")
    return df.select(F.hll_sketch_estimate("b"))


def c_hll_sql(spark, F):
    _groups(spark).createOrReplaceTempView("sketch_groups")
    return spark.sql("SELECT g, hll_sketch_estimate(hll_sketch_agg(v, 8)) AS n "
                     "FROM sketch_groups GROUP BY g ORDER BY g")


# --- theta -------------------------------------------------------------------------------------
def c_theta_estimate(spark, F):
    return _estimates(spark, F.theta_sketch_estimate, F.theta_sketch_agg)


def c_theta_grouped(spark, F):
    return _grouped_estimates(spark, F.theta_sketch_estimate, F.theta_sketch_agg)


def c_theta_set_operations(spark, F):
    df = spark.createDataFrame([(1, 2), (2, 3), (3, 4), (4, 5), (5, None)], "a INT, b INT")
    df = df.agg(F.theta_sketch_agg("a").alias("s1"), F.theta_sketch_agg("b").alias("s2"))
    return df.select(F.theta_sketch_estimate(F.theta_union("s1", "s2")),
                     F.theta_sketch_estimate(F.theta_union("s1", "s2", 8)),
                     F.theta_sketch_estimate(F.theta_intersection("s1", "s2")),
                     F.theta_sketch_estimate(F.theta_difference("s1", "s2")),
                     F.theta_sketch_estimate(F.theta_difference("s2", "s1")))


def c_theta_many(spark, F):
    df = spark.range(0, 20000, numPartitions=4)
    est = F.theta_sketch_estimate(F.theta_sketch_agg("id"))
    return df.agg(est.between(19000, 21000).alias("ok"),
                  F.theta_sketch_estimate(F.theta_sketch_agg(F.col("id") % 1000)).alias("exact"))


def c_theta_aggregates(spark, F):
    df1 = _ints(spark, [1, 2, 2, 3]).agg(F.theta_sketch_agg("v").alias("s"))
    df2 = _ints(spark, [2, 3, 3, 4]).agg(F.theta_sketch_agg("v").alias("s"))
    df3 = _ints(spark, [3, 2, 9]).agg(F.theta_sketch_agg("v").alias("s"))
    u = df1.union(df2).union(df3)
    return u.agg(F.theta_sketch_estimate(F.theta_union_agg("s")),
                 F.theta_sketch_estimate(F.theta_intersection_agg("s")),
                 F.theta_sketch_estimate(F.theta_union_agg("s", 16)))


def c_theta_invalid_entries(spark, F):
    return _ints(spark, [1]).agg(F.theta_sketch_agg("v", 30))


def c_theta_sketch_type(spark, F):
    return _ints(spark, [1, 2]).agg(F.typeof(F.theta_sketch_agg("v")).alias("t"))


def c_theta_arrays(spark, F):
    rows = [([1, None], [1, 2], 1), ([1], [1, 2], 1), ([1, 2], [3], 2), ([], [], 3)]
    df = spark.createDataFrame(rows, "a ARRAY<INT>, b ARRAY<BIGINT>, i INT")
    s = df.agg(F.theta_sketch_agg("a").alias("a"), F.theta_sketch_agg("b").alias("b"),
               F.theta_sketch_agg("i").alias("i"))
    return s.select(F.theta_sketch_estimate("a"), F.theta_sketch_estimate("b"),
                    F.theta_sketch_estimate(F.theta_union("a", "b")).alias("ab"),
                    F.theta_sketch_estimate(F.theta_union("a", "i")).alias("ai"))


# --- tuple -------------------------------------------------------------------------------------
def _pairs(spark):
    rows = [(1, 10.0, 10), (2, 20.0, 20), (2, 30.0, 30), (3, 5.0, 5), (None, 1.0, 1)]
    return spark.createDataFrame(rows, "k INT, d DOUBLE, i INT").repartition(3)


def _tuple_modes(spark, F, t: str, value: str):
    """The ``tuple_*_{t}`` sketch of ``_pairs``' keys with ``value``: its estimate, theta and
    summary in each mode."""
    agg = getattr(F, f"tuple_sketch_agg_{t}")
    summary = getattr(F, f"tuple_sketch_summary_{t}")
    aggs = [summary(agg("k", value, 12, m), m).alias(m) for m in ("sum", "min", "max",
                                                                  "alwaysone")]
    return _pairs(spark).agg(getattr(F, f"tuple_sketch_estimate_{t}")(agg("k", value)),
                             getattr(F, f"tuple_sketch_theta_{t}")(agg("k", value)), *aggs)


def c_tuple_modes_double(spark, F):
    return _tuple_modes(spark, F, "double", "d")


def c_tuple_modes_integer(spark, F):
    return _tuple_modes(spark, F, "integer", "i")


def c_tuple_set_operations(spark, F):
    rows = [(1, 1.0, 2, 5.0), (2, 2.0, 3, 6.0), (3, 3.0, 4, 7.0), (3, 4.0, 2, 8.0)]
    df = spark.createDataFrame(rows, "k1 INT, v1 DOUBLE, k2 INT, v2 DOUBLE")
    df = df.agg(F.tuple_sketch_agg_double("k1", "v1").alias("s1"),
                F.tuple_sketch_agg_double("k2", "v2").alias("s2"),
                F.theta_sketch_agg("k2").alias("t2"))
    est, summ = F.tuple_sketch_estimate_double, F.tuple_sketch_summary_double
    return df.select(est(F.tuple_union_double("s1", "s2")).alias("u"),
                     summ(F.tuple_union_double("s1", "s2")).alias("u_sum"),
                     summ(F.tuple_union_double("s1", "s2", 12, "max")).alias("u_max"),
                     est(F.tuple_intersection_double("s1", "s2")).alias("i"),
                     summ(F.tuple_intersection_double("s1", "s2")).alias("i_sum"),
                     summ(F.tuple_intersection_double("s1", "s2", "min")).alias("i_min"),
                     est(F.tuple_difference_double("s1", "s2")).alias("d"),
                     summ(F.tuple_difference_double("s1", "s2")).alias("d_sum"),
                     est(F.tuple_union_theta_double("s1", "t2")).alias("ut"),
                     summ(F.tuple_union_theta_double("s1", "t2")).alias("ut_sum"),
                     est(F.tuple_intersection_theta_double("s1", "t2")).alias("it"),
                     summ(F.tuple_intersection_theta_double("s1", "t2")).alias("it_sum"),
                     est(F.tuple_difference_theta_double("s1", "t2")).alias("dt"))


def c_tuple_integer_set_operations(spark, F):
    rows = [(1, 1, 2, 5), (2, 2, 3, 6), (3, 3, 4, 7)]
    df = spark.createDataFrame(rows, "k1 INT, v1 INT, k2 INT, v2 INT")
    df = df.agg(F.tuple_sketch_agg_integer("k1", "v1").alias("s1"),
                F.tuple_sketch_agg_integer("k2", "v2").alias("s2"))
    summ = F.tuple_sketch_summary_integer
    return df.select(summ(F.tuple_union_integer("s1", "s2")).alias("u"),
                     summ(F.tuple_intersection_integer("s1", "s2")).alias("i"),
                     summ(F.tuple_difference_integer("s1", "s2")).alias("d"))


def c_tuple_aggregates(spark, F):
    df1 = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], "k INT, v DOUBLE")
    df2 = spark.createDataFrame([(2, 40.0), (3, 50.0), (4, 60.0)], "k INT, v DOUBLE")
    s1 = df1.agg(F.tuple_sketch_agg_double("k", "v").alias("s"))
    s2 = df2.agg(F.tuple_sketch_agg_double("k", "v").alias("s"))
    u = s1.union(s2)
    est, summ = F.tuple_sketch_estimate_double, F.tuple_sketch_summary_double
    return u.agg(est(F.tuple_union_agg_double("s")).alias("u"),
                 summ(F.tuple_union_agg_double("s")).alias("u_sum"),
                 summ(F.tuple_union_agg_double("s", 12, "min")).alias("u_min"),
                 est(F.tuple_intersection_agg_double("s")).alias("i"),
                 summ(F.tuple_intersection_agg_double("s")).alias("i_sum"),
                 summ(F.tuple_intersection_agg_double("s", "max")).alias("i_max"))


def c_tuple_invalid_mode(spark, F):
    return _pairs(spark).agg(F.tuple_sketch_agg_double("k", "d", 12, "avg"))


def c_tuple_grouped(spark, F):
    df = _groups(spark)
    s = F.tuple_sketch_agg_double("v", "d")
    return df.groupBy("g").agg(F.tuple_sketch_estimate_double(s).alias("n"),
                               F.tuple_sketch_summary_double(s).alias("total")).orderBy("g")


# --- KLL ---------------------------------------------------------------------------------------
def c_kll_bigint(spark, F):
    df = _ints(spark, [5, 1, 4, 2, 3, None, 3])
    s = df.agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_n_bigint("s"),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.5)),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.0)),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(1.0)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(3)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(0)),
                    F.kll_sketch_get_rank_bigint("s", F.lit(10)))


def c_kll_double(spark, F):
    df = _groups(spark)
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
    s = _ints(spark, [1, 2, 3, 4, 5]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_quantile_bigint("s", F.array(F.lit(0.2), F.lit(0.9))),
                    F.kll_sketch_get_rank_bigint("s", F.array(F.lit(1), F.lit(4))))


def c_kll_merge(spark, F):
    s1 = _ints(spark, [1, 2, 3]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    s2 = _ints(spark, [4, 5, 6, 7]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
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
    s = _ints(spark, [1, 2]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_quantile_bigint("s", F.lit(1.5)))


def c_kll_invalid_k(spark, F):
    return _ints(spark, [1, 2]).agg(F.kll_sketch_agg_bigint("v", 3))


def c_kll_empty(spark, F):
    s = _ints(spark, []).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.kll_sketch_get_n_bigint("s"),
                    F.kll_sketch_get_quantile_bigint("s", F.lit(0.5)))


def c_kll_to_string(spark, F):
    s = _ints(spark, [1, 2, 3]).agg(F.kll_sketch_agg_bigint("v").alias("s"))
    return s.select(F.lower(F.kll_sketch_to_string_bigint("s")).contains("kll").alias("k"))


def c_kll_wrong_type(spark, F):
    return _ints(spark, [1]).select(F.col("v").cast("double").alias("v")).agg(
        F.kll_sketch_agg_bigint("v"))


# --- bitmaps -----------------------------------------------------------------------------------
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


# --- count-min sketch --------------------------------------------------------------------------
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
    df = _groups(spark)
    return df.groupBy("g").agg(F.hex(F.count_min_sketch("v", 0.4, 0.7, 3)).alias("h")
                               ).orderBy("g")


def c_cms_invalid_eps(spark, F):
    return spark.range(3).select(F.count_min_sketch("id", -1.0, 0.5, 1))


def c_cms_invalid_type(spark, F):
    return spark.range(3).select(F.count_min_sketch(F.col("id").cast("double"), 0.1, 0.5, 1))


def c_argument_types_in_sql(spark, F):
    return spark.sql("SELECT bitmap_bit_position(1.5D) AS a, "
                     "bitmap_bucket_number(40000.9D) AS c")


def c_size_must_be_int(spark, F):
    return spark.range(3).selectExpr("hll_sketch_agg(id, 12L)")


def c_cms_decimal_eps(spark, F):
    return spark.range(3).selectExpr("count_min_sketch(id, 0.5, 0.5, 1)")


def c_sketches_over_windows(spark, F):
    import importlib
    Window = importlib.import_module(F.__name__.rsplit(".", 1)[0]).Window  # PySpark's or ours
    df = _groups(spark).filter("v IS NOT NULL")
    whole = Window.partitionBy("g")
    running = Window.partitionBy("g").orderBy("v", "d").rowsBetween(Window.unboundedPreceding,
                                                                   Window.currentRow)
    return df.select("g", "v",
                     F.hll_sketch_estimate(F.hll_sketch_agg("v").over(whole)).alias("h"),
                     F.kll_sketch_get_n_bigint(F.kll_sketch_agg_bigint("v").over(running))
                     .alias("n"),
                     F.bitmap_count(F.bitmap_construct_agg("v").over(running)).alias("b")
                     ).orderBy("g", "v", "n")


# --- through SQL text and files ----------------------------------------------------------------
def c_sketches_in_sql(spark, F):
    _groups(spark).createOrReplaceTempView("sketch_rows")
    return spark.sql(
        "SELECT g, theta_sketch_estimate(theta_sketch_agg(v)) AS t, "
        "kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(v), 1.0) AS q, "
        "bitmap_count(bitmap_construct_agg(bitmap_bit_position(v))) AS b, "
        "hex(count_min_sketch(v, 0.5D, 0.5D, 1)) AS c, "
        "tuple_sketch_summary_double(tuple_sketch_agg_double(v, d, 12, 'max'), 'max') AS m "
        "FROM sketch_rows WHERE v IS NOT NULL GROUP BY g ORDER BY g")


def c_sketches_kept_in_parquet(spark, F):
    import tempfile
    path = tempfile.mkdtemp(prefix="sketches-") + "/s"
    df = spark.range(0, 300, numPartitions=3).selectExpr("id % 3 AS g", "id % 50 AS v")
    df.groupBy("g").agg(F.hll_sketch_agg("v").alias("h"), F.theta_sketch_agg("v").alias("t"),
                        F.kll_sketch_agg_bigint("v").alias("k")).write.parquet(path)
    kept = spark.read.parquet(path)
    return kept.agg(F.hll_sketch_estimate(F.hll_union_agg("h")).alias("h"),
                    F.theta_sketch_estimate(F.theta_union_agg("t")).alias("t"),
                    F.kll_sketch_get_n_bigint(F.kll_merge_agg_bigint("k")).alias("n"))


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
