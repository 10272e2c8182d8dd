"""DataFrame and Column methods beyond the first rounds (bitwise operators, repartitionByRange
and repartitionById, zip, createDataFrame's type merging, current_database after USE, toArrow
chunks, window_time and session_window, lateralJoin), run by PySpark
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


# --- lateralJoin and spark.tvf ---------------------------------------------------------------
def _customers(spark):
    return spark.createDataFrame([(1, "Alice"), (2, "Bob"), (3, "Charlie"), (4, "Diana")],
                                 "customer_id INT, name STRING")


def _orders(spark):
    return spark.createDataFrame(
        [(101, 1, "2024-01-10", [("laptop", 5), ("mouse", 12)]),
         (102, 1, "2024-02-15", [("phone", 2), ("charger", 15)]),
         (105, 1, "2024-03-20", [("tablet", 4)]),
         (103, 2, "2024-01-12", []), (104, 2, "2024-03-05", None),
         (106, 3, "2024-04-05", [("monitor", 1)])],
        "order_id INT, customer_id INT, order_date STRING, "
        "items ARRAY<STRUCT<product: STRING, quantity: INT>>")


def c_lateral_explode(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.explode(F.col("items").outer())) \
        .select("order_id", "col.product").orderBy("order_id", "product")


def c_lateral_explode_fields(spark, F):
    return _orders(spark).lateralJoin(
        spark.tvf.explode(F.col("items").outer()).select("col.*")) \
        .drop("items").orderBy("order_id", "product")


def c_lateral_explode_left(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.explode(F.col("items").outer()),
                                      how="left").select("order_id", "col") \
        .orderBy("order_id", "col")


def c_lateral_posexplode(spark, F):
    return _orders(spark).lateralJoin(spark.tvf.posexplode(F.col("items").outer())) \
        .select("order_id", "pos", "col.quantity").orderBy("order_id", "pos")


def c_lateral_explode_filtered(spark, F):
    return _orders(spark).lateralJoin(
        spark.tvf.explode(F.col("items").outer()).where(F.col("col.quantity") > 4)) \
        .select("order_id", "col.product").orderBy("order_id", "product")


def c_lateral_correlated(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where(F.col("o.customer_id") == F.col("c.customer_id").outer())
        .select("order_id", "order_date")).orderBy("customer_id", "order_id")


def c_lateral_correlated_left_limit(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where(F.col("o.customer_id") == F.col("c.customer_id").outer())
        .select("order_id", "order_date").orderBy(F.col("order_date").desc()).limit(2),
        how="left").orderBy("customer_id", "order_id")


def c_lateral_correlated_range(spark, F):
    o = _orders(spark).alias("o")
    return _customers(spark).alias("c").lateralJoin(
        o.where((F.col("c.customer_id").outer() < F.col("o.customer_id")) &
                (F.col("o.order_id") > 103)).select("order_id")) \
        .orderBy("customer_id", "order_id")


def c_lateral_with_condition(spark, F):
    c = _customers(spark)
    return c.lateralJoin(spark.tvf.explode(F.array(F.lit(1), F.lit(2), F.lit(3))),
                         on=F.col("col") < F.col("customer_id")).orderBy("customer_id", "col")


def c_lateral_uncorrelated(spark, F):
    return _customers(spark).lateralJoin(spark.range(2)).orderBy("customer_id", "id")


def c_lateral_uncorrelated_left(spark, F):
    return _customers(spark).lateralJoin(spark.range(0), how="left").orderBy("customer_id")


def c_lateral_bad_how_error(spark, F):
    return _customers(spark).lateralJoin(spark.range(2), how="full")


def c_tvf_explode(spark, F):
    return spark.tvf.explode(F.array(F.lit(1), F.lit(2)))


def c_tvf_posexplode_outer_map(spark, F):
    return spark.tvf.posexplode_outer(F.create_map(F.lit("a"), F.lit(1)))


# --- bucketBy / sortBy with saveAsTable ------------------------------------------------------
def _bucketed(spark, F, name, *modes):
    from .case_helpers import caught
    spark.sql(f"DROP TABLE IF EXISTS {name}")
    df = spark.createDataFrame([(100, "Hyukjin Kwon"), (120, "Hyukjin Kwon"),
                                (140, "Haejoon Lee"), (7, "x"), (None, "y")], ["age", "name"])
    df.write.bucketBy(3, "name").sortBy("age").saveAsTable(name)
    try:
        out = [[tuple(c) for c in spark.catalog.listColumns(name)]]
        out += [caught(lambda m=m: m(df, name)) for m in modes]
        out.append([tuple(r) for r in spark.table(name).orderBy("age", "name").collect()])
        return out
    finally:
        spark.sql(f"DROP TABLE IF EXISTS {name}")


def c_bucketed_table(spark, F):
    return _bucketed(spark, F, "frames_bucketed")


def c_bucketed_append(spark, F):
    return _bucketed(
        spark, F, "frames_bucketed_append",
        lambda df, n: df.write.bucketBy(3, "name").sortBy("age").mode("append").saveAsTable(n),
        lambda df, n: df.write.mode("append").saveAsTable(n),
        lambda df, n: df.write.bucketBy(2, "name").mode("append").saveAsTable(n),
        lambda df, n: df.select("age", "name").write.insertInto(n))


def c_bucket_errors(spark, F):
    from .case_helpers import caught
    df = spark.createDataFrame([(1, "a")], ["age", "name"])
    return [caught(lambda: df.write.bucketBy(2, "name").save("frames_bucket_path")),
            caught(lambda: df.write.bucketBy(2, "name").insertInto("frames_bucket_none")),
            caught(lambda: df.write.sortBy("age").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(0, "name").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(2, "nope").saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy(2, "name").sortBy("nope")
                   .saveAsTable("frames_bucket_none")),
            caught(lambda: df.write.bucketBy("2", "name"))]


# --- _joinAsOf -------------------------------------------------------------------------------
def _asof_sides(spark):
    left = spark.createDataFrame([(1, "a", "x"), (5, "b", "x"), (10, "c", "y"), (4, "d", "z")],
                                 ["a", "left_val", "g"])
    right = spark.createDataFrame([(1, 1, "x"), (2, 2, "y"), (3, 3, "x"), (6, 6, "x"),
                                   (7, 7, "y"), (5, 55, "x")], ["a", "right_val", "g"])
    return left, right


def c_asof_backward(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a").select(left.a, "left_val", "right_val").sort("a")


def c_asof_forward_no_exact(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", allowExactMatches=False, direction="forward") \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_tolerance_left(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", how="left", tolerance=F.lit(1)) \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_on_key(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, left.a, right.a, on="g", how="left") \
        .select(left.a, "left_val", "right_val").sort("a")


def c_asof_on_key_shuffled(spark, F):
    left, right = _asof_sides(spark)
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        return left._joinAsOf(right, "a", "a", on=left.g == right.g, tolerance=F.lit(2)) \
            .select(left.a, "left_val", "right_val").sort("a")
    finally:
        spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10485760")


def c_asof_bad_how_error(spark, F):
    left, right = _asof_sides(spark)
    return left._joinAsOf(right, "a", "a", how="full")


# --- nearestByJoin ---------------------------------------------------------------------------
def _users_products(spark):
    users = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0), (4, None)],
                                  ["user_id", "score"])
    products = spark.createDataFrame([("A", 11.0), ("B", 22.5), ("C", 5.0), ("D", 40.0)],
                                     ["product", "pscore"])
    return users, products


def c_nearest_similarity(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, -F.abs(u.score - p.pscore), 1, "exact", "similarity") \
        .select("user_id", "product").orderBy("user_id")


def c_nearest_distance_two(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 2, "approx", "distance") \
        .orderBy("user_id", "product")


def c_nearest_left_outer(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p.where("pscore > 100"), F.abs(u.score - p.pscore), 1, "exact",
                           "distance", joinType="leftouter").orderBy("user_id")


def c_nearest_zero_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 0, "exact", "distance")


def c_nearest_mode_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "fast", "distance")


def c_nearest_direction_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "exact", "closest")


def c_nearest_join_type_error(spark, F):
    u, p = _users_products(spark)
    return u.nearestByJoin(p, F.abs(u.score - p.pscore), 1, "exact", "distance",
                           joinType="full")


# --- XML --------------------------------------------------------------------------------------
_XML = """<?xml version="1.0"?>
<root>
  <item id="7" kind="x">
    <name>Alice</name>
    <age>25</age>
    <score>1.5</score>
    <ok>true</ok>
    <tag>a</tag><tag>b</tag>
    <addr><city>Paris</city><zip>75001</zip></addr>
    <note lang="en">hello</note>
    <empty/>
    <when>2024-01-02T03:04:05</when>
    <day>2024-01-02</day>
  </item>
  <item id="8">
    <name>Bob</name>
    <age>x30</age>
    <tag>c</tag>
    <empty></empty>
  </item>
</root>"""


def _xml_file(spark, F, read):
    import os
    import tempfile
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        with open(os.path.join(d, "in.xml"), "w") as f:
            f.write(_XML)
        df = read(spark.read, d)
        return df.sparkSession.createDataFrame(df.collect(), df.schema)


def c_xml_read_inferred(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item").xml(d))


def c_xml_read_prefixes(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("attributePrefix", "@").option("valueTag", "v").xml(d))


def c_xml_read_strings(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("inferSchema", "false").xml(d))


def c_xml_read_schema(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .schema("name STRING, age INT, tag ARRAY<STRING>").xml(d))


def c_xml_read_dropmalformed(spark, F):
    return _xml_file(spark, F, lambda r, d: r.option("rowTag", "item")
                     .option("mode", "DROPMALFORMED").schema("name STRING, age INT").xml(d))


def c_xml_read_no_row_tag_error(spark, F):
    return _xml_file(spark, F, lambda r, d: r.xml(d))


def c_xml_read_dataset(spark, F):
    df = spark.createDataFrame(
        [("<person><name>Alice</name><age>25</age></person>",),
         ("<person><name>Bob</name><age>30.5</age><pet>cat</pet></person>",)], "value STRING")
    return spark.read.option("rowTag", "person").xml(df).orderBy("name")


def _xml_written(spark, F, df, **options):
    import glob
    import os
    import tempfile
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        df.coalesce(1).write.options(**options).xml(os.path.join(d, "out"))
        files = sorted(glob.glob(os.path.join(d, "out", "part-*")))
        return [os.path.basename(p)[-8:] for p in files] + [open(p).read() for p in files]


def c_xml_write(spark, F):
    df = spark.createDataFrame(
        [(1, "a<b&c", [1, 2], (3.5, "x"), None, True), (2, None, [], None, "q", False)],
        "id INT, s STRING, arr ARRAY<INT>, st STRUCT<f: DOUBLE, _attr: STRING>, n STRING, "
        "b BOOLEAN")
    return _xml_written(spark, F, df, rowTag="rec")


def c_xml_write_root_tag(spark, F):
    df = spark.createDataFrame([(1, 2.5)], "a BIGINT, b DOUBLE")
    return _xml_written(spark, F, df, rowTag="r", rootTag="data")


def c_xml_write_nested(spark, F):
    import datetime
    df = spark.createDataFrame(
        [(1, [(1, "a"), (2, None)], (("deep", 2),), datetime.date(2024, 1, 2),
          datetime.datetime(2024, 1, 2, 3, 4, 5, 120000), 1e20, "  padded  ")],
        "id INT, items ARRAY<STRUCT<n: INT, s: STRING>>, outer STRUCT<inner: STRUCT<x: STRING, "
        "y: INT>>, d DATE, ts TIMESTAMP, big DOUBLE, txt STRING")
    return _xml_written(spark, F, df, rowTag="row")


def c_xml_round_trip_nested(spark, F):
    import os
    import tempfile
    df = spark.createDataFrame(
        [(1, [(1, "a"), (2, None)], ("x", 3)), (2, [(3, "c")], None)],
        "id INT, items ARRAY<STRUCT<n: INT, s: STRING>>, st STRUCT<_k: STRING, v: INT>")
    with tempfile.TemporaryDirectory(prefix="xml") as d:
        df.write.option("rowTag", "row").xml(os.path.join(d, "o"))
        back = spark.read.option("rowTag", "row").xml(os.path.join(d, "o"))
        return spark.createDataFrame(back.orderBy("id").collect(), back.schema)


def c_xml_write_no_row_tag_error(spark, F):
    return _xml_written(spark, F, spark.range(1))


CASES = {name[2:]: fn for name, fn in dict(globals()).items()
         if name.startswith("c_") and callable(fn)}
