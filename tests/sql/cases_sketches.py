"""Programs over the sketch and bitmap functions (``hll_*``, ``theta_*``, ``tuple_*``,
``kll_*``, ``bitmap_*``, ``count_min_sketch``), run by PySpark
(``python -m tests.sql.record_pyspark --cases sketches``) and by spark-lambda
(``test_sketches.py``). Sketches are compared by what they estimate (exact on inputs this
small), except the bitmaps and count-min sketches, whose bytes are Spark's. The KLL, bitmap
and count-min cases are in ``cases_sketches_kll.py``."""

from __future__ import annotations

from .cases_sketches_kll import CASES as _KLL_BITMAP_CMS
from .sketch_data import groups, ints


def _estimates(spark, estimate, sketch):
    """A sketch's estimate of 5 distinct INT values (a NULL among them), at the default size
    and at 2^5."""
    df = ints(spark, [1, 2, 2, 3, None, 7, 7, 9])
    return df.agg(estimate(sketch("v")), estimate(sketch("v", 5)))


def c_hll_estimate(spark, F):
    return _estimates(spark, F.hll_sketch_estimate, F.hll_sketch_agg)


def _grouped_estimates(spark, estimate, sketch):
    """Per group, a sketch's estimate of its STRING key's and its INT values' distinct count."""
    return groups(spark).groupBy("g").agg(estimate(sketch("g")).alias("n_g"),
                                           estimate(sketch("v")).alias("n_v")).orderBy("g")


def c_hll_grouped_strings(spark, F):
    return _grouped_estimates(spark, F.hll_sketch_estimate, F.hll_sketch_agg)


def c_hll_of_double(spark, F):
    return groups(spark).agg(F.hll_sketch_agg("d"))


def c_hll_many(spark, F):
    df = spark.range(0, 5000, numPartitions=4)
    return df.agg(F.hll_sketch_estimate(F.hll_sketch_agg("id")).between(4750, 5250).alias("ok"),
                  F.hll_sketch_estimate(F.hll_sketch_agg(F.col("id") % 100)).alias("small"))


def c_hll_sketch_type(spark, F):
    return ints(spark, [1, 2]).agg(F.hll_sketch_agg("v").isNotNull().alias("x"),
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
    df1 = ints(spark, [1, 2, 2, 3]).agg(F.hll_sketch_agg("v").alias("s"))
    df2 = ints(spark, [3, 4, 5, 5]).agg(F.hll_sketch_agg("v").alias("s"))
    df3 = ints(spark, []).agg(F.hll_sketch_agg("v").alias("s"))
    return df1.union(df2).union(df3).agg(F.hll_sketch_estimate(F.hll_union_agg("s")))


def c_hll_invalid_k(spark, F):
    return ints(spark, [1]).agg(F.hll_sketch_agg("v", 2))


def c_hll_estimate_of_garbage(spark, F):
    df = spark.createDataFrame([(bytearray(b"\x01\x02\x03"),)], "b BINARY")
    return df.select(F.hll_sketch_estimate("b"))


def c_hll_sql(spark, F):
    groups(spark).createOrReplaceTempView("sketch_groups")
    return spark.sql("SELECT g, hll_sketch_estimate(hll_sketch_agg(v, 8)) AS n "
                     "FROM sketch_groups GROUP BY g ORDER BY g")


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
    df1 = ints(spark, [1, 2, 2, 3]).agg(F.theta_sketch_agg("v").alias("s"))
    df2 = ints(spark, [2, 3, 3, 4]).agg(F.theta_sketch_agg("v").alias("s"))
    df3 = ints(spark, [3, 2, 9]).agg(F.theta_sketch_agg("v").alias("s"))
    u = df1.union(df2).union(df3)
    return u.agg(F.theta_sketch_estimate(F.theta_union_agg("s")),
                 F.theta_sketch_estimate(F.theta_intersection_agg("s")),
                 F.theta_sketch_estimate(F.theta_union_agg("s", 16)))


def c_theta_invalid_entries(spark, F):
    return ints(spark, [1]).agg(F.theta_sketch_agg("v", 30))


def c_theta_sketch_type(spark, F):
    return ints(spark, [1, 2]).agg(F.typeof(F.theta_sketch_agg("v")).alias("t"))


def c_theta_arrays(spark, F):
    rows = [([1, None], [1, 2], 1), ([1], [1, 2], 1), ([1, 2], [3], 2), ([], [], 3)]
    df = spark.createDataFrame(rows, "a ARRAY<INT>, b ARRAY<BIGINT>, i INT")
    s = df.agg(F.theta_sketch_agg("a").alias("a"), F.theta_sketch_agg("b").alias("b"),
               F.theta_sketch_agg("i").alias("i"))
    return s.select(F.theta_sketch_estimate("a"), F.theta_sketch_estimate("b"),
                    F.theta_sketch_estimate(F.theta_union("a", "b")).alias("ab"),
                    F.theta_sketch_estimate(F.theta_union("a", "i")).alias("ai"))


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
    df = groups(spark)
    s = F.tuple_sketch_agg_double("v", "d")
    return df.groupBy("g").agg(F.tuple_sketch_estimate_double(s).alias("n"),
                               F.tuple_sketch_summary_double(s).alias("total")).orderBy("g")


def c_argument_types_in_sql(spark, F):
    return spark.sql("SELECT bitmap_bit_position(1.5D) AS a, "
                     "bitmap_bucket_number(40000.9D) AS c")


def c_size_must_be_int(spark, F):
    return spark.range(3).selectExpr("hll_sketch_agg(id, 12L)")


def c_sketches_over_windows(spark, F):
    import importlib
    Window = importlib.import_module(F.__name__.rsplit(".", 1)[0]).Window  # PySpark's or ours
    df = groups(spark).filter("v IS NOT NULL")
    whole = Window.partitionBy("g")
    running = Window.partitionBy("g").orderBy("v", "d").rowsBetween(Window.unboundedPreceding,
                                                                   Window.currentRow)
    return df.select("g", "v",
                     F.hll_sketch_estimate(F.hll_sketch_agg("v").over(whole)).alias("h"),
                     F.kll_sketch_get_n_bigint(F.kll_sketch_agg_bigint("v").over(running))
                     .alias("n"),
                     F.bitmap_count(F.bitmap_construct_agg("v").over(running)).alias("b")
                     ).orderBy("g", "v", "n")


def c_sketches_in_sql(spark, F):
    groups(spark).createOrReplaceTempView("sketch_rows")
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
CASES.update(_KLL_BITMAP_CMS)
