"""DataFrame, Column, types and reader API beyond the core: column ordinals, grouping sets,
offsets and indexes, ``to(schema)``, storage levels, explain modes, struct inference from
tuples, ``toNullable`` and CHAR/VARCHAR types, ``isNaN``/``transform``/``isin`` of a
DataFrame (one column or a struct of several), JSON from a dataset, Parquet schema merging,
seeded sampling (the rows Spark's XORShift sampler keeps), column metadata, struct field
updates, correlated subqueries from the DataFrame API. Run by PySpark (``record_pyspark.py
--cases frame_api`` records them) and by spark-lambda (``test_frame_api.py`` compares)."""

from __future__ import annotations

import os
import tempfile

from .case_helpers import caught, printed, sql_package, sql_types


def _pairs(spark):
    return spark.createDataFrame([(2, "Alice"), (2, "Bob"), (5, "Bob")], ["age", "name"])


def c_ordinal_sort(spark, F):
    df = _pairs(spark)
    return [[tuple(r) for r in d.collect()] for d in (
        df.sort(-1, 2), df.orderBy([1, "name"], ascending=[False, False]),
        df.coalesce(1).sortWithinPartitions(-2, 1))]


def c_ordinal_group(spark, F):
    return _pairs(spark).groupBy(2).agg(F.max("age").alias("m")).sort(1)


def c_ordinal_rollup(spark, F):
    return _pairs(spark).rollup(2, 1).count().orderBy(1, 2)


def c_ordinal_out_of_range(spark, F):
    return caught(lambda: _pairs(spark).sort(3).collect())[0]


def c_grouping_sets(spark, F):
    return _pairs(spark).groupingSets([("name", "age"), ("name",), ()], "name", "age") \
        .agg(F.count("*").alias("n"), F.sum("age").alias("s")).orderBy("name", "age")


def c_offset(spark, F):
    df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
    return [[tuple(r) for r in df.offset(n).collect()] for n in (0, 1, 3, 10)]


def c_zip_with_index(spark, F):
    df = spark.createDataFrame([("a", 1), ("b", 2), ("c", 3)], ["letter", "number"])
    return df.zipWithIndex("row_id")


def c_to_schema(spark, F):
    T = sql_types(F)
    df = spark.createDataFrame([("a", 1)], ["i", "j"])
    return df.to(T.StructType([T.StructField("j", T.StringType()),
                               T.StructField("i", T.StringType())]))


def c_to_schema_missing_column(spark, F):
    T = sql_types(F)
    df = spark.createDataFrame([("a", 1)], ["i", "j"])
    return caught(lambda: df.to(T.StructType([T.StructField("k", T.StringType())])).collect())


def c_storage_levels(spark, F):
    from_pkg = sql_package(F).__name__.split(".")[0]
    level = __import__(from_pkg).StorageLevel
    a, b = spark.range(3), spark.range(4)
    out = [repr(a.storageLevel), repr(a.cache().storageLevel),
           repr(b.persist(level.DISK_ONLY_2).storageLevel)]
    a.unpersist()
    b.unpersist()
    return out + [repr(a.storageLevel)]


def c_explain_modes(spark, F):
    df = _pairs(spark)
    ext = printed(lambda: df.explain(True))
    cost = printed(lambda: df.explain(mode="cost"))
    return [[h in ext for h in ("== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
                                "== Optimized Logical Plan ==", "== Physical Plan ==")],
            cost.startswith("== Optimized Logical Plan =="), "Statistics(" in cost,
            caught(lambda: df.explain(mode="nope"))[0]]


def c_tuple_is_struct(spark, F):
    return spark.createDataFrame([(1, (2, "x"), [3, 4])], ["a", "b", "c"])


def c_types_to_nullable_and_char(spark, F):
    T = sql_types(F)
    nested = T.StructType([T.StructField("a", T.ArrayType(T.MapType(
        T.StringType(), T.IntegerType(), False), False), False)])
    return [repr(nested.toNullable()),
            repr(T.MapType(T.StringType(), T.IntegerType(), False).toNullable()),
            repr(T.DataType.fromDDL("a CHAR(5), b VARCHAR(3)")),
            T.CharType(4).simpleString(), T.VarcharType(4).jsonValue(),
            caught(lambda: T.DataType.fromDDL("a: int,"))[0]]


def c_column_isnan_transform(spark, F):
    df = spark.createDataFrame([(1.0,), (float("nan"),), (None,)], "v DOUBLE")
    return df.select(df.v.isNaN(), df.v.transform(lambda c: c * 2).alias("t"),
                     df.v.eqNullSafe(float("nan")), F.lit(float("-inf")))


def c_isin_dataframe(spark, F):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (8, "Mike")], ["age", "name"])
    return df.where(df.age.isin(spark.range(6))).orderBy("age")


def c_read_json_dataframe(spark, F):
    src = spark.createDataFrame([('{"name": "Alice", "age": 25}',), ('{"name": "Bob"}',),
                                 ('{"name": "Eve", "age": 2.5, "x": [1]}',)], "value STRING")
    return spark.read.json(src).orderBy("name")


def c_read_json_rdd_with_schema(spark, F):
    rdd = spark.sparkContext.parallelize(['{"a": 1, "b": "x"}', '{"a": 2}', 'oops'], 2)
    return spark.read.json(rdd, schema="a INT, b STRING").orderBy("a")


def c_parquet_merge_schema(spark, F):
    with tempfile.TemporaryDirectory() as d:
        spark.createDataFrame([(1, "a")], ["id", "s"]).write.parquet(os.path.join(d, "p1"))
        spark.createDataFrame([(2, 2.5)], ["id", "x"]).write.parquet(os.path.join(d, "p2"))
        df = spark.read.option("mergeSchema", "true").parquet(os.path.join(d, "p1"),
                                                              os.path.join(d, "p2"))
        return df.select("id", "s", "x").orderBy("id").collect()


def c_read_empty_directory_with_schema(spark, F):
    with tempfile.TemporaryDirectory() as d:
        df = spark.read.schema("col0 INT, col1 DOUBLE").format("csv").load(d)
        return [df.count(), df.columns,
                caught(lambda: spark.read.format("csv").load(d).collect())[0]]


def c_transpose(spark, F):
    df = spark.createDataFrame([("B", 1, 2.5), ("A", 3, None), (None, 5, 6.0)],
                               "id STRING, i INT, d DOUBLE")
    return df.transpose()


def c_transpose_index_column(spark, F):
    df = spark.createDataFrame([(1, "x", "y"), (2, "z", None)], ["n", "a", "b"])
    return df.transpose(df.n)


def c_same_semantics(spark, F):
    a, b = spark.range(10), spark.range(10)
    return [a.withColumn("c", a.id * 2).sameSemantics(b.withColumn("c", b.id * 2)),
            a.withColumn("c", a.id * 2).sameSemantics(b.withColumn("d", b.id * 2)),
            a.withColumn("c", a.id * 2).sameSemantics(b.withColumn("c", b.id + 2)),
            a.sameSemantics(spark.range(11)),
            a.select("id").semanticHash() == b.select("id").semanticHash()]


def c_sql_range_function(spark, F):
    return spark.sql("SELECT r.id * 2 AS d FROM range(1, 10, 3) AS r WHERE r.id > 1 "
                     "UNION ALL SELECT id FROM range(2)")


def c_sql_inline_table(spark, F):
    return spark.sql("SELECT v2, sum(v1) AS s FROM VALUES (3, 0), (2.5, 0), (1, NULL) "
                     "tbl(v1, v2) GROUP BY v2 ORDER BY v2")


def c_sql_inline_table_default_names(spark, F):
    return spark.sql("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t")


def c_orc_round_trip(spark, F):
    with tempfile.TemporaryDirectory() as d:
        df = spark.createDataFrame(
            [(1, "a", 2.5, True, [1, 2]), (2, None, None, False, None)],
            "i INT, s STRING, d DOUBLE, b BOOLEAN, arr ARRAY<BIGINT>")
        df.write.orc(os.path.join(d, "o"), partitionBy="b")
        df.write.mode("overwrite").format("orc").save(os.path.join(d, "p"))
        a = spark.read.orc(os.path.join(d, "o"))
        b = spark.read.format("orc").load(os.path.join(d, "p"))
        return [a.dtypes, sorted(a.collect()), b.dtypes, sorted(b.select("i", "s").collect())]


def c_cluster_by_table_property(spark, F):
    spark.sql("DROP TABLE IF EXISTS fa_clustered")
    spark.createDataFrame([(1, "a")], ["id", "s"]).write.clusterBy("s") \
        .saveAsTable("fa_clustered")
    props = spark.catalog.getTableProperties("fa_clustered")
    out = [props.get("clusteringColumns"), spark.table("fa_clustered").collect()]
    spark.sql("DROP TABLE fa_clustered")
    return out


def c_attribute_access_map_and_struct(spark, F):
    Row = sql_package(F).Row
    df = spark.createDataFrame([Row(s=Row(a=1, b="x"), d={"key": "value"})])
    return df.select(df.s.a, df.s.b, df.d.key, df.d.nope)


def c_sample_seeded_rows(spark, F):
    # The rows kept depend on the seed and the partition index only (Spark's generators).
    df = spark.range(0, 40, 1, 3)
    return [[r.id for r in df.sample(0.3, 11).collect()],
            [r.id for r in df.sample(fraction=0.5, seed=-5).collect()],
            df.sample(fraction=0.0, seed=1).count(), df.sample(fraction=1.0, seed=1).count(),
            # with replacement: Poisson counts from Well19937c, seeded per partition
            [r.id for r in df.sample(True, 0.7, 11).collect()],
            [r.id for r in spark.range(0, 12, 1, 2).sample(True, 3.0, -4).collect()]]


def c_sample_by_seeded_rows(spark, F):
    df = spark.range(0, 60, 1, 4).select("id", (F.col("id") % 3).alias("key"))
    return [[r.id for r in df.sampleBy("key", {0: 0.5, 1: 0.25}, seed=7).collect()],
            [r.id for r in df.stat.sampleBy(F.col("key"), {2: 1.0}, seed=1).collect()]]


def c_random_split_seeded_rows(spark, F):
    # Each partition is sorted by its columns before the split (nulls first).
    df = spark.range(0, 30, 1, 3).select(
        F.when(F.col("id") % 7 == 0, None).otherwise(29 - F.col("id")).alias("x"),
        (F.col("id") % 4).alias("y"))
    return [[tuple(r) for r in part.collect()] for part in df.randomSplit([1.0, 2.0, 1.0], 7)]


def c_column_metadata(spark, F):
    # Metadata set by withMetadata / alias(metadata=) or a schema, kept through the plan.
    T = sql_types(F)
    df = spark.createDataFrame([(1, "a")], T.StructType([
        T.StructField("n", T.IntegerType(), True, {"unit": "kg"}),
        T.StructField("s", T.StringType(), True)]))
    m = df.withMetadata("s", {"k": [1, 2]})
    out = m.where("n > 0").select("n", F.col("s").alias("t"), (F.col("n") + 1).alias("p"),
                                  F.col("n").alias("q", metadata={"max": 99}))
    return [[f.metadata for f in out.schema.fields], df.schema["s"].metadata,
            caught(lambda: df.withMetadata("n", "x"))[0]]


def c_struct_field_updates(spark, F):
    # withField replaces a field where it stands or adds it last; dropFields removes every
    # field of a name; dotted names reach nested structs; a NULL struct stays NULL.
    df = spark.createDataFrame([(1, 2, 4, 5), (None, None, None, None)],
                               "b INT, c INT, f INT, g INT").select(
        F.when(F.col("b").isNotNull(), F.struct("b", "c", F.struct("f", "g").alias("e")))
        .alias("a"))
    out = df.select(F.col("a").withField("C", F.lit("x")).alias("w"),
                    F.col("a").withField("e.h", F.col("a.b") * 10).alias("n"),
                    F.col("a").dropFields("b", "e.g").alias("d"),
                    F.col("a").dropFields("zz").alias("z"))
    return [out.schema.simpleString(), [tuple(r) for r in out.collect()],
            caught(lambda: df.select(F.col("a").dropFields("b", "c", "e")).collect())[0],
            caught(lambda: df.select(F.col("a.b").withField("x", F.lit(1))).collect())[0]]


def c_isin_dataframe_multi_column(spark, F):
    # struct(a, b).isin(df of two columns): each field against its column, types widened.
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (8, "Mike"), (None, "Bob")],
                               "age INT, name STRING")
    other = spark.range(6).select(F.col("id"), F.lit("Bob"))
    return [[tuple(r) for r in df.where(F.struct(df.age, df.name).isin(other)).collect()],
            sorted(tuple(r) for r in df.where(~F.struct(df.age, df.name).isin(other))
                   .where(df.age.isNotNull()).collect()),
            caught(lambda: df.where(df.age.isin(other)).collect())[0],
            caught(lambda: df.where(F.struct(df.age).isin(other)).collect())[0]]


def c_correlated_subqueries_dataframe_api(spark, F):
    # Column.outer() inside a DataFrame used as .exists() / .scalar() of another's expression.
    cust = spark.createDataFrame([(101, "Alice"), (102, "Bob"), (103, "Cy")], ["cid", "name"])
    orders = spark.createDataFrame([(1, 101, 5.0), (2, 102, 7.5), (3, 101, 1.0)],
                                   ["oid", "cid", "amount"])
    has = orders.alias("o").where(F.col("o.cid") == F.col("c.cid").outer())
    total = has.select(F.sum("amount"))
    return [[tuple(r) for r in cust.alias("c").where(has.exists()).orderBy("cid").collect()],
            [tuple(r) for r in cust.alias("c").where(~has.exists()).orderBy("cid").collect()],
            [tuple(r) for r in cust.alias("c").select("name", total.scalar().alias("t"))
             .orderBy("name").collect()],
            [tuple(r) for r in cust.select("cid", orders.select(F.max("oid")).scalar()
                                            .alias("m")).orderBy("cid").collect()]]


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
