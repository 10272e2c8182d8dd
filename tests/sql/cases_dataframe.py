"""Cases: DataFrame transformations and actions, ``show``/``printSchema``/``toPandas`` text."""

from __future__ import annotations

import datetime
import decimal

from .case_helpers import caught, people, printed


def c_select_forms(spark, F):
    df = people(spark)
    return df.select(df.id, df["name"], F.col("age"), "city", F.expr("score * 2 AS s2")) \
        .orderBy("id")


def c_select_expr(spark, F):
    return people(spark).selectExpr("id * 2 AS x", "upper(name)", "age + 1",
                                    "CASE WHEN age > 30 THEN 'y' ELSE 'n' END AS old")


def c_filter_column_and_where(spark, F):
    df = people(spark)
    return df.filter(df.age > 30).where("city IS NOT NULL").select("id", "name")


def c_with_columns(spark, F):
    return people(spark).withColumns({"a2": F.col("age") * 2, "age": F.lit(0)}) \
        .withColumn("ID", F.col("id") + 100).select("id", "age", "a2")


def c_rename_drop_column(spark, F):
    df = people(spark)
    return df.withColumnRenamed("name", "who").withColumnRenamed("nope", "x") \
        .drop(df.score).drop("nope", "city")


def c_alias_self_join(spark, F):
    df = people(spark)
    a, b = df.alias("a"), df.alias("b")
    return a.join(b, F.col("a.age") == F.col("b.age")).where("a.id < b.id") \
        .select(F.col("a.id"), F.col("b.id").alias("other"), "a.age")


def c_group_dict_agg(spark, F):
    return people(spark).groupBy("city").agg({"age": "max", "score": "avg", "*": "count"}) \
        .orderBy("city")


def c_group_shortcuts(spark, F):
    g = people(spark).groupBy("city")
    return g.count().join(g.sum("age", "score"), "city", "left") \
        .join(g.avg("age"), "city").join(g.min("score"), "city").join(g.max(), "city") \
        .orderBy("city")


def c_groupby_column_exprs(spark, F):
    df = people(spark)
    return df.groupBy((df.age % 2).alias("odd")).agg(F.count("*").alias("n")).orderBy("odd")


def c_drop_duplicates(spark, F):
    df = people(spark)
    return df.dropDuplicates(["city"]).select("city").crossJoin(
        df.select("age").dropDuplicates().agg(F.count("*").alias("n"))).orderBy("city")


def c_order_variants(spark, F):
    df = people(spark)
    return df.select("id", "age", "city").orderBy(
        F.col("city").asc_nulls_last(), F.col("age").desc_nulls_first())


def c_order_ascending_list(spark, F):
    return people(spark).select("city", "age").sort(["city", "age"], ascending=[False, True])


def c_order_desc_function(spark, F):
    return people(spark).orderBy(F.desc("score"), F.asc("id")).select("id", "score").limit(3)


def c_order_asc_nulls_first_desc_last(spark, F):
    return people(spark).orderBy(F.col("age").asc_nulls_first(), F.col("score").desc_nulls_last(),
                                 "id").select("id", "age", "score")


def c_join_right(spark, F):
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["k", "a"])
    b = spark.createDataFrame([(2, "p"), (3, "q")], ["k", "b"])
    return a.join(b, "k", "right").orderBy("k")


def c_join_outer_condition_dupe_names(spark, F):
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["k", "v"])
    b = spark.createDataFrame([(2, "p"), (3, "q")], ["k", "v"])
    return a.join(b, a.k == b.k, "outer").orderBy(a.k, b.k)


def c_join_cross(spark, F):
    a = spark.createDataFrame([(1,), (2,)], ["x"])
    b = spark.createDataFrame([("p",), ("q",)], ["y"])
    return a.crossJoin(b).orderBy("x", "y").union(a.join(b, how="cross").orderBy("x", "y"))


def c_join_column_list(spark, F):
    a = spark.createDataFrame([(1, 1, "x"), (1, 2, "y")], ["k1", "k2", "a"])
    b = spark.createDataFrame([(1, 2, "p"), (1, 1, "q")], ["j1", "j2", "b"])
    return a.join(b, [a.k1 == b.j1, a.k2 == b.j2]).orderBy("k2")


def c_join_name_list(spark, F):
    a = spark.createDataFrame([(1, 1, "x"), (1, 2, "y")], ["k1", "k2", "a"])
    b = spark.createDataFrame([(1, 2, "p"), (1, 1, "q")], ["k2", "k1", "b"])
    return a.join(b, ["k1", "k2"], "left_outer").orderBy("k2")


def c_join_ambiguous(spark, F):
    a = spark.createDataFrame([(1,)], ["k"])
    b = spark.createDataFrame([(1,)], ["k"])
    return a.join(b, a.k == b.k).select("k")


def c_join_broadcast(spark, F):
    df = people(spark)
    small = spark.createDataFrame([("NY", 1)], ["city", "flag"])
    return df.join(F.broadcast(small), "city", "left_anti").orderBy("id").select("id")


def c_union_widens(spark, F):
    a = spark.createDataFrame([(1, 2.5)], "x INT, y FLOAT")
    b = spark.createDataFrame([(2, decimal.Decimal("1.5"))], "x BIGINT, y DECIMAL(4,2)")
    return a.union(b).orderBy("x")


def c_union_by_name_missing(spark, F):
    a = spark.createDataFrame([(1, "a")], ["x", "y"])
    b = spark.createDataFrame([("b", 2.0)], ["y", "z"])
    return a.unionByName(b, allowMissingColumns=True).union(
        b.unionByName(a, allowMissingColumns=True).select("x", "y", "z")).orderBy("y")


def c_union_by_name_error(spark, F):
    a = spark.createDataFrame([(1, "a")], ["x", "y"])
    b = spark.createDataFrame([("b", 2.0)], ["y", "z"])
    return a.unionByName(b)


def c_repartition_coalesce(spark, F):
    df = people(spark)
    return (df.repartition(4).rdd.getNumPartitions(),
            df.repartition(2, "city").rdd.getNumPartitions(),
            df.repartition(4).coalesce(1).rdd.getNumPartitions(),
            sorted(df.repartition(3, F.col("city")).select("id").collect()))


def c_cache_computes_once(spark, F):
    acc = spark.sparkContext.accumulator(0)

    def seen(x):
        acc.add(1)
        return (x, x * 2)
    df = spark.createDataFrame(spark.sparkContext.parallelize(range(6), 2).map(seen),
                               "a BIGINT, b BIGINT").cache()
    first = df.count()
    second = df.filter("a > 2").count()
    once = acc.value
    cached = df.is_cached
    df.unpersist()
    df.count()
    return first, second, once, cached, df.is_cached, acc.value


def c_persist_returns_df(spark, F):
    df = people(spark)
    p = df.persist()
    out = p is df, sorted(p.select("id").collect())
    df.unpersist()
    return out


def c_actions(spark, F):
    df = people(spark).orderBy("id")
    empty = df.filter("id > 100")
    return [df.count(), df.first(), df.head(), df.head(2), df.take(2), df.limit(1).collect(),
            empty.first(), empty.head(3), empty.count(), df.isEmpty(), empty.isEmpty(),
            df.columns, df.dtypes, repr(df)]


def c_show_variants(spark, F):
    df = spark.createDataFrame(
        [(1, "a rather long string that goes on", 1.0e10, None),
         (22, "short", -0.5, decimal.Decimal("1.10")),
         (333, "ünïcode", 1.0e-5, decimal.Decimal("-2.00"))], "n INT, s STRING, d DOUBLE, "
        "m DECIMAL(5,2)").orderBy("n")
    return {
        "default": printed(df.show),
        "n2": printed(lambda: df.show(2)),
        "n1": printed(lambda: df.show(1)),
        "false": printed(lambda: df.show(truncate=False)),
        "int5": printed(lambda: df.show(truncate=5)),
        "int2": printed(lambda: df.show(truncate=2)),
        "vertical": printed(lambda: df.show(vertical=True)),
        "vertical_n1": printed(lambda: df.show(n=1, vertical=True, truncate=3)),
        "empty": printed(lambda: df.filter("n < 0").show()),
        "empty_vertical": printed(lambda: df.filter("n < 0").show(vertical=True)),
    }


def c_show_types(spark, F):
    df = spark.createDataFrame(
        [([1, None], {"a": 1}, (1, "x"), True, b"\x00\xff", datetime.date(2020, 1, 1),
          datetime.datetime(2020, 1, 1, 12, 30, 0, 120000))],
        "a ARRAY<INT>, m MAP<STRING,INT>, s STRUCT<x: INT, y: STRING>, b BOOLEAN, bin BINARY, "
        "d DATE, t TIMESTAMP")
    return printed(df.show)


def c_print_schema(spark, F):
    df = spark.createDataFrame(
        [(1, [1], {"a": [1.0]}, (1, (2, "z")), decimal.Decimal("1.0"))],
        "id BIGINT NOT NULL, a ARRAY<INT>, m MAP<STRING, ARRAY<DOUBLE>>, "
        "s STRUCT<x: INT, inner: STRUCT<y: INT, z: STRING>>, d DECIMAL(10,1)")
    return printed(df.printSchema), printed(lambda: df.printSchema(1)), \
        printed(people(spark).printSchema)


def _pandas_text(pdf):
    return [str(pdf.dtypes.to_dict()), pdf.to_string(), repr(pdf.values.tolist())]


def _pandas_frame(spark):
    return spark.createDataFrame(
        [(1, 10, "a", 1.5, True, datetime.date(2020, 1, 1),
          datetime.datetime(2020, 1, 1, 12, 0), decimal.Decimal("1.25"), 2),
         (2, None, None, None, None, None, None, None, 3)],
        "i INT, j INT, s STRING, d DOUBLE, b BOOLEAN, dt DATE, ts TIMESTAMP, dec DECIMAL(5,2), "
        "l BIGINT").orderBy("i")


def c_to_pandas_default(spark, F):
    return _pandas_text(_pandas_frame(spark).toPandas())


def c_to_pandas_arrow(spark, F):
    key = "spark.sql.execution.arrow.pyspark.enabled"
    old = spark.conf.get(key, "false")
    spark.conf.set(key, "true")
    try:
        return _pandas_text(_pandas_frame(spark).toPandas())
    finally:
        spark.conf.set(key, old)


def c_explain_prints_plan(spark, F):
    text = printed(people(spark).filter("age > 1").groupBy("city").count().explain)
    return "== Physical Plan ==" in text, len(text) > 40


def c_temp_view_sql(spark, F):
    people(spark).createOrReplaceTempView("pv")
    spark.createDataFrame([("NY", "east")], ["city", "side"]).createOrReplaceTempView("sides")
    return spark.sql("SELECT p.name, s.side FROM pv p LEFT JOIN sides s ON p.city = s.city "
                     "WHERE p.id IN (SELECT id FROM pv WHERE age IS NOT NULL) ORDER BY p.name")


def c_getitem_and_attr_errors(spark, F):
    df = people(spark)
    return [caught(lambda: df.nope), caught(lambda: df.select("nope")),
            caught(lambda: df.filter("nope > 1")), caught(lambda: df["nope"])]


def c_missing_column_message(spark, F):
    df = spark.createDataFrame([(1, "a")], ["id", "name"])
    try:
        df.select("nmae")
    except Exception as e:  # noqa: BLE001
        return str(e).splitlines()[0].rstrip(";")


def c_parse_error_messages(spark, F):
    out = []
    for text in ("SELECT * FROM t\nWHERE a >", "SELECT a,, b FROM t", "SELEC 1",
                 "SELECT (1 + 2 FROM t"):
        try:
            spark.sql(text)
        except Exception as e:  # noqa: BLE001
            out.append((type(e).__name__, e.getCondition(), str(e).strip().splitlines()[0]))
    return out


# --- self-joins of a union with a frame derived from it ----------------------------------------
def _keyed_union(spark, F):
    base = spark.range(100).withColumn("k", F.col("id") % 7)
    return base.select("k", "id").union(base.where("id > 3").select("k", "id"))


def _per_key(df, F, *cols):
    return df.groupBy("k").agg(F.count("*").alias("n"), *[F.sum(c).alias(c) for c in cols]) \
        .orderBy("k")


def c_union_self_join_group_count(spark, F):
    u = _keyed_union(spark, F)
    return _per_key(u.join(u.groupBy("k").count(), "k"), F, "id", "count")


def c_union_self_join_distinct(spark, F):
    u = _keyed_union(spark, F)
    return _per_key(u.join(u.select("k").distinct(), "k"), F, "id")


def c_union_self_join_derived_left(spark, F):
    u = _keyed_union(spark, F)
    return _per_key(u.groupBy("k").count().join(u, "k", "left"), F, "id", "count")


def c_union_self_join_counts(spark, F):
    u = _keyed_union(spark, F)
    return [u.join(u.groupBy("k").count(), "k").count(),
            u.join(u.select("k").distinct(), "k").count(), u.join(u, "k").count()]


def c_union_of_aggregates_self_join(spark, F):
    base = spark.range(100).withColumn("k", F.col("id") % 7)
    parts = [base.where(F.col("id") > i).groupBy("k").agg(F.sum("id").alias("s"))
             for i in (0, 20, 50)]
    u = parts[0].union(parts[1]).union(parts[2])
    return u.join(u.groupBy("k").agg(F.max("s").alias("m")), "k").orderBy("k", "s")


def c_union_self_join_sql(spark, F):
    spark.range(100).withColumn("k", F.col("id") % 7).createOrReplaceTempView("sj_base")
    return spark.sql(
        "WITH u AS (SELECT k, id FROM sj_base UNION ALL SELECT k, id FROM sj_base WHERE id > 3) "
        "SELECT k, count(*) AS n, sum(id) AS s, max(c) AS c FROM u "
        "JOIN (SELECT k, count(*) AS c FROM u GROUP BY k) USING (k) GROUP BY k ORDER BY k")


def c_df_column_replaced_by_with_column(spark, F):
    df = spark.createDataFrame([(1, 2)], "x INT, y INT")
    return df.withColumn("x", df.x + 1).select(df.x)


def c_df_column_dropped_then_selected(spark, F):
    df = spark.createDataFrame([(1, 2)], "x INT, y INT")
    return df.select("y").select(df.x)
