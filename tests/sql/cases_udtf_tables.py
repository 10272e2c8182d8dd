"""Python UDTFs over tables: SQL ``FROM f(...)``, ``LATERAL`` and ``TABLE(t)`` arguments,
``asTable()`` with partitioning and ordering, ``analyze`` of partitioned input and
``arrow_udtf`` over tables; part of the ``udtfs`` case group (``cases_udtfs.py`` gathers them,
``record_pyspark.py --cases udtfs`` records them)."""

from __future__ import annotations

from .case_helpers import sql_types
from .udtf_helpers import counter, kw, squares, udtf_module, view


def c_sql_registered(spark, F):
    spark.udtf.register("udtf_squares", squares(F))
    return spark.sql("SELECT * FROM udtf_squares(2, 3)")


def c_sql_keyword_arguments(spark, F):
    spark.udtf.register("udtf_kw", kw(F))
    return spark.sql("SELECT * FROM udtf_kw(1, x => 'x', b => 'b')")


def c_sql_column_aliases(spark, F):
    spark.udtf.register("udtf_squares", squares(F))
    return spark.sql("SELECT s.n, s.sq FROM udtf_squares(1, 2) AS s(n, sq) ORDER BY s.n DESC")


def c_sql_lateral(spark, F):
    spark.udtf.register("udtf_squares", squares(F))
    t = view(spark)
    return spark.sql(f"SELECT t.k, t.v, u.num, u.squared FROM {t} AS t, "
                     "LATERAL udtf_squares(t.k, 2) u ORDER BY t.k, t.v, u.num")


def c_sql_lateral_star(spark, F):
    spark.udtf.register("udtf_squares", squares(F))
    spark.range(1, 4).createOrReplaceTempView("udtf_ids")
    return spark.sql("SELECT * FROM udtf_ids, LATERAL udtf_squares(id, id + 1) "
                     "ORDER BY id, num")


def c_sql_view_of_udtf_joined_with_itself(spark, F):
    squares(F)(F.lit(1), F.lit(3)).createOrReplaceTempView("udtf_sq_view")
    return spark.sql("SELECT x.num, y.num AS other FROM udtf_sq_view x JOIN udtf_sq_view y "
                     "ON x.squared + 5 = y.squared ORDER BY x.num")


def c_sql_table_argument(spark, F):
    @F.udtf(returnType="k: int, v: string")
    class Upper:
        def eval(self, row):
            yield row["k"], (row["v"] or "").upper()
    spark.udtf.register("udtf_upper", Upper)
    t = view(spark)
    return spark.sql(f"SELECT * FROM udtf_upper(TABLE({t})) ORDER BY k, v")


def c_sql_table_subquery_argument(spark, F):
    @F.udtf(returnType="k: int, v: string")
    class Upper:
        def eval(self, row):
            yield row["k"] * 10, row["v"]
    spark.udtf.register("udtf_upper", Upper)
    t = view(spark)
    return spark.sql(f"SELECT * FROM udtf_upper(TABLE(SELECT * FROM {t} WHERE k > 1)) "
                     "ORDER BY k, v")


def c_sql_table_partition_by_order_by(spark, F):
    spark.udtf.register("udtf_counter", counter(F))
    t = view(spark)
    return spark.sql(f"SELECT * FROM udtf_counter(TABLE({t}) PARTITION BY k ORDER BY v DESC) "
                     "ORDER BY k")


def c_sql_table_partition_by_list(spark, F):
    spark.udtf.register("udtf_counter", counter(F))
    t = view(spark)
    return spark.sql(f"SELECT c.k, c.vs FROM udtf_counter(TABLE(SELECT k, v FROM {t}) "
                     "PARTITION BY (k, k + 1) ORDER BY (v DESC NULLS FIRST, k)) AS c "
                     "ORDER BY c.k")


def c_sql_table_single_partition(spark, F):
    spark.udtf.register("udtf_counter", counter(F))
    t = view(spark)
    return spark.sql(f"SELECT n, vs FROM udtf_counter(TABLE({t}) WITH SINGLE PARTITION "
                     "ORDER BY v NULLS LAST)")


def c_as_table(spark, F):
    @F.udtf(returnType="id: int, doubled: int")
    class Double:
        def eval(self, row):
            yield row["id"], row["id"] * 2
    return Double(spark.createDataFrame([(1,), (2,), (3,)], ["id"]).asTable()).orderBy("id")


def c_as_table_partition_by_terminate(spark, F):
    t = spark.table(view(spark))
    return counter(F)(t.asTable().partitionBy("k").orderBy("v")).orderBy("k")


def c_as_table_partition_by_order_desc(spark, F):
    t = spark.table(view(spark))
    return counter(F)(t.asTable().partitionBy(F.col("k")).orderBy(F.col("v").desc())) \
        .orderBy("k")


def c_as_table_single_partition(spark, F):
    @F.udtf(returnType="n: int, vs: string")
    class All:
        def __init__(self):
            self.vs = []

        def eval(self, row):
            self.vs.append(row["v"] or "-")

        def terminate(self):
            yield len(self.vs), ",".join(self.vs)
    t = spark.table(view(spark))
    return All(t.asTable().withSinglePartition().orderBy(F.col("v").desc_nulls_first()))


def c_as_table_with_scalar_argument(spark, F):
    @F.udtf(returnType="k: int, scaled: int")
    class Scale:
        def eval(self, row, factor: int):
            yield row["k"], row["k"] * factor
    return Scale(spark.table(view(spark)).asTable(), F.lit(100)).orderBy("k")


def c_analyze_partition_by(spark, F):
    T = sql_types(F)
    U = udtf_module(F)

    @F.udtf
    class Count:
        @staticmethod
        def analyze(row):
            return U.AnalyzeResult(
                T.StructType().add("k", T.IntegerType()).add("n", T.IntegerType()),
                partitionBy=[U.PartitioningColumn("k")])

        def __init__(self):
            self.key, self.n = None, 0

        def eval(self, row):
            self.key, self.n = row["k"], self.n + 1

        def terminate(self):
            yield self.key, self.n
    return Count(spark.table(view(spark)).asTable()).orderBy("k")


def c_arrow_udtf_table(spark, F):
    import pyarrow as pa
    import pyarrow.compute as pc

    @F.arrow_udtf(returnType="x int, y int")
    class Sum:
        def eval(self, batch: pa.RecordBatch):
            yield pa.table({"x": batch.column("x"),
                            "y": pc.add(batch.column("x"), batch.column("y"))})
    df = spark.range(5).selectExpr("id AS x", "id * 10 AS y")
    return Sum(df.asTable()).orderBy("x")


def c_arrow_udtf_arrays(spark, F):
    import pyarrow as pa

    @F.arrow_udtf(returnType="x int, y string")
    class Pair:
        def eval(self, x: pa.Array, y: pa.Array):
            yield pa.table({"x": x, "y": y})
    return Pair(F.lit(1), F.lit("a"))


def c_arrow_udtf_partitioned_terminate(spark, F):
    import pyarrow as pa

    @F.arrow_udtf(returnType="k int, n bigint")
    class Count:
        def __init__(self):
            self.k, self.n = None, 0

        def eval(self, batch: pa.RecordBatch):
            self.k = batch.column("k")[0].as_py()
            self.n += batch.num_rows
            return iter(())

        def terminate(self):
            yield pa.table({"k": [self.k], "n": [self.n]})
    return Count(spark.table(view(spark)).asTable().partitionBy("k")).orderBy("k")


def c_err_arrow_udtf_not_a_table(spark, F):
    @F.arrow_udtf(returnType="x int")
    class Rows:
        def eval(self, x):
            yield (1,)
    return Rows(F.lit(1))


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
