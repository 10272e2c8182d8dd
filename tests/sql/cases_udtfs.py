"""Python user-defined table functions (``F.udtf``, ``spark.udtf.register``, ``asTable``,
SQL ``FROM f(...)``, ``LATERAL``, ``TABLE(t)``) and ``call_udf``/``call_function``, run by
PySpark (``record_pyspark.py --cases udtfs`` records them) and by spark-lambda
(``test_udtfs.py`` compares)."""

from __future__ import annotations

import importlib


def _types(F):
    """The ``types`` module beside ``F`` (PySpark's or spark-lambda's)."""
    return importlib.import_module(F.__name__.rsplit(".", 1)[0] + ".types")


def _udtf_module(F):
    return importlib.import_module(F.__name__.rsplit(".", 1)[0] + ".udtf")


def _squares(F):
    @F.udtf(returnType="num: int, squared: int")
    class Squares:
        def eval(self, start: int, end: int):
            for n in range(start, end + 1):
                yield n, n * n
    return Squares


def _yields(F, return_type, *rows, use_arrow=None):
    """The call of a UDTF without arguments yielding ``rows``."""
    class Fixed:
        def eval(self):
            yield from rows
    return F.udtf(Fixed, returnType=return_type, useArrow=use_arrow)()


def _kw(F):
    T = _types(F)

    @F.udtf
    class Kw:
        @staticmethod
        def analyze(a, b, **kwargs):
            return F.AnalyzeResult(T.StructType().add("a", a.dataType).add("b", b.dataType)
                                   .add("x", kwargs["x"].dataType))

        def eval(self, a, b, **kwargs):
            yield a, b, kwargs["x"]
    return Kw


def _view(spark, name="udtf_t"):
    spark.createDataFrame([(1, "a"), (1, "b"), (2, "c"), (2, "d"), (3, None)],
                          "k INT, v STRING").createOrReplaceTempView(name)
    return name


def _counter(F):
    @F.udtf(returnType="k: int, n: int, vs: string")
    class Counter:
        def __init__(self):
            self.key, self.n, self.vs = None, 0, []

        def eval(self, row):
            self.key = row["k"]
            self.n += 1
            self.vs.append(row["v"] or "-")

        def terminate(self):
            yield self.key, self.n, ",".join(self.vs)
    return Counter


def c_call_form_no_args(spark, F):
    class Hello:
        def eval(self):
            yield "hello", "world"
            yield "bye", None
    return F.udtf(Hello, returnType="c1: string, c2: string")()


def c_decorator_lit_args(spark, F):
    return _squares(F)(F.lit(1), F.lit(4))


def c_struct_return_type(spark, F):
    T = _types(F)
    schema = T.StructType([T.StructField("word", T.StringType()),
                           T.StructField("len", T.LongType())])

    class Words:
        def eval(self, text: str):
            for w in text.split():
                yield w, len(w)
    return F.udtf(Words, returnType=schema)(F.lit("a bb ccc"))


def c_analyze_types(spark, F):
    T = _types(F)

    @F.udtf
    class Echo:
        @staticmethod
        def analyze(a, b):
            return F.AnalyzeResult(T.StructType().add("a", a.dataType).add("b", b.dataType))

        def eval(self, a, b):
            yield a, b
    return Echo(F.lit(1), F.lit("x"))


def c_analyze_sees_constant_values(spark, F):
    T = _types(F)

    @F.udtf
    class Columns:
        @staticmethod
        def analyze(n):
            schema = T.StructType()
            for i in range(n.value):
                schema = schema.add(f"c{i}", T.IntegerType())
            return F.AnalyzeResult(schema)

        def eval(self, n):
            yield tuple(range(n))
    return Columns(F.lit(3))


def c_keyword_arguments(spark, F):
    return _kw(F)(F.lit(1), x=F.lit("x"), b=F.lit("b"))


def c_terminate_after_eval(spark, F):
    @F.udtf(returnType="v: int")
    class Sum:
        def __init__(self):
            self.total = 0

        def eval(self, a: int, b: int):
            self.total += a + b
            yield a
            yield b

        def terminate(self):
            yield self.total,
    return Sum(F.lit(2), F.lit(5))


def c_eval_without_rows(spark, F):
    @F.udtf(returnType="v: int")
    class Nothing:
        def eval(self, a):
            pass
    return Nothing(F.lit(1))


def c_rows_as_lists_and_nulls(spark, F):
    return _yields(F, "a: int, b: string", [1, "x"], [None, None], (3, None))


def c_use_arrow(spark, F):
    @F.udtf(returnType="c1: int, c2: int", useArrow=True)
    class ArrowPlusOne:
        def eval(self, x: int):
            yield x, x + 1
    return ArrowPlusOne(F.lit(1))


def c_as_deterministic(spark, F):
    class PlusOne:
        def eval(self, a: int):
            yield a + 1,
    return F.udtf(PlusOne, returnType="r: int").asDeterministic()(F.lit(41))


def c_sql_registered(spark, F):
    spark.udtf.register("udtf_squares", _squares(F))
    return spark.sql("SELECT * FROM udtf_squares(2, 3)")


def c_sql_keyword_arguments(spark, F):
    spark.udtf.register("udtf_kw", _kw(F))
    return spark.sql("SELECT * FROM udtf_kw(1, x => 'x', b => 'b')")


def c_sql_column_aliases(spark, F):
    spark.udtf.register("udtf_squares", _squares(F))
    return spark.sql("SELECT s.n, s.sq FROM udtf_squares(1, 2) AS s(n, sq) ORDER BY s.n DESC")


def c_sql_lateral(spark, F):
    spark.udtf.register("udtf_squares", _squares(F))
    t = _view(spark)
    return spark.sql(f"SELECT t.k, t.v, u.num, u.squared FROM {t} AS t, "
                     "LATERAL udtf_squares(t.k, 2) u ORDER BY t.k, t.v, u.num")


def c_sql_lateral_star(spark, F):
    spark.udtf.register("udtf_squares", _squares(F))
    spark.range(1, 4).createOrReplaceTempView("udtf_ids")
    return spark.sql("SELECT * FROM udtf_ids, LATERAL udtf_squares(id, id + 1) "
                     "ORDER BY id, num")


def c_sql_view_of_udtf_joined_with_itself(spark, F):
    _squares(F)(F.lit(1), F.lit(3)).createOrReplaceTempView("udtf_sq_view")
    return spark.sql("SELECT x.num, y.num AS other FROM udtf_sq_view x JOIN udtf_sq_view y "
                     "ON x.squared + 5 = y.squared ORDER BY x.num")


def c_sql_table_argument(spark, F):
    @F.udtf(returnType="k: int, v: string")
    class Upper:
        def eval(self, row):
            yield row["k"], (row["v"] or "").upper()
    spark.udtf.register("udtf_upper", Upper)
    t = _view(spark)
    return spark.sql(f"SELECT * FROM udtf_upper(TABLE({t})) ORDER BY k, v")


def c_sql_table_subquery_argument(spark, F):
    @F.udtf(returnType="k: int, v: string")
    class Upper:
        def eval(self, row):
            yield row["k"] * 10, row["v"]
    spark.udtf.register("udtf_upper", Upper)
    t = _view(spark)
    return spark.sql(f"SELECT * FROM udtf_upper(TABLE(SELECT * FROM {t} WHERE k > 1)) "
                     "ORDER BY k, v")


def c_sql_table_partition_by_order_by(spark, F):
    spark.udtf.register("udtf_counter", _counter(F))
    t = _view(spark)
    return spark.sql(f"SELECT * FROM udtf_counter(TABLE({t}) PARTITION BY k ORDER BY v DESC) "
                     "ORDER BY k")


def c_sql_table_partition_by_list(spark, F):
    spark.udtf.register("udtf_counter", _counter(F))
    t = _view(spark)
    return spark.sql(f"SELECT c.k, c.vs FROM udtf_counter(TABLE(SELECT k, v FROM {t}) "
                     "PARTITION BY (k, k + 1) ORDER BY (v DESC NULLS FIRST, k)) AS c "
                     "ORDER BY c.k")


def c_sql_table_single_partition(spark, F):
    spark.udtf.register("udtf_counter", _counter(F))
    t = _view(spark)
    return spark.sql(f"SELECT n, vs FROM udtf_counter(TABLE({t}) WITH SINGLE PARTITION "
                     "ORDER BY v NULLS LAST)")


def c_as_table(spark, F):
    @F.udtf(returnType="id: int, doubled: int")
    class Double:
        def eval(self, row):
            yield row["id"], row["id"] * 2
    return Double(spark.createDataFrame([(1,), (2,), (3,)], ["id"]).asTable()).orderBy("id")


def c_as_table_partition_by_terminate(spark, F):
    t = spark.table(_view(spark))
    return _counter(F)(t.asTable().partitionBy("k").orderBy("v")).orderBy("k")


def c_as_table_partition_by_order_desc(spark, F):
    t = spark.table(_view(spark))
    return _counter(F)(t.asTable().partitionBy(F.col("k")).orderBy(F.col("v").desc())) \
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
    t = spark.table(_view(spark))
    return All(t.asTable().withSinglePartition().orderBy(F.col("v").desc_nulls_first()))


def c_as_table_with_scalar_argument(spark, F):
    @F.udtf(returnType="k: int, scaled: int")
    class Scale:
        def eval(self, row, factor: int):
            yield row["k"], row["k"] * factor
    return Scale(spark.table(_view(spark)).asTable(), F.lit(100)).orderBy("k")


def c_analyze_partition_by(spark, F):
    T = _types(F)
    U = _udtf_module(F)

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
    return Count(spark.table(_view(spark)).asTable()).orderBy("k")


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
    return Count(spark.table(_view(spark)).asTable().partitionBy("k")).orderBy("k")


def c_err_arrow_udtf_not_a_table(spark, F):
    @F.arrow_udtf(returnType="x int")
    class Rows:
        def eval(self, x):
            yield (1,)
    return Rows(F.lit(1))


def c_call_udf(spark, F):
    T = _types(F)
    spark.udf.register("intX2", lambda i: i * 2, T.IntegerType())
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], ["id", "name"])
    return df.select(F.call_udf("intX2", "id"), F.call_udf("intX2", F.col("id")).alias("y"))


def c_call_function_builtin(spark, F):
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], ["id", "name"])
    return df.select(F.call_function("avg", F.col("id")))


def c_call_function_scalar_builtin(spark, F):
    df = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "name"])
    return df.select(F.call_function("upper", "name"), F.call_function("abs", F.lit(-3)))


def c_call_function_udf(spark, F):
    T = _types(F)
    spark.udf.register("strX2", lambda s: s * 2, T.StringType())
    df = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "name"])
    return df.select(F.call_function("strX2", F.col("name")))


def c_call_function_unknown(spark, F):
    return spark.range(1).select(F.call_function("no_such_function_xyz", F.col("id")))


# --- errors ---------------------------------------------------------------------------------
def c_err_wrong_column_count(spark, F):
    return _yields(F, "a: int, b: int", (1,))


def c_err_eval_raises(spark, F):
    @F.udtf(returnType="a: int")
    class Boom:
        def eval(self, x):
            raise ValueError("no good")
    return Boom(F.lit(1))


def c_err_generator_raises(spark, F):
    @F.udtf(returnType="a: int")
    class Boom:
        def eval(self, x):
            yield x,
            raise ValueError("no good")
    return Boom(F.lit(1))


def c_err_not_iterable(spark, F):
    @F.udtf(returnType="a: int")
    class NotIterable:
        def eval(self):
            return 1
    return NotIterable()


def c_scalar_row_one_column(spark, F):
    return _yields(F, "a: int", 1)


def c_err_scalar_row_two_columns(spark, F):
    return _yields(F, "a: int, b: int", 1)


def c_err_wrong_value_type(spark, F):
    return _yields(F, "a: int, b: int", ("x", 1.5))


def c_pickled_wrong_value_type_is_null(spark, F):
    return _yields(F, "a: int, b: int, c: string", ("x", 1.5, 7), (1, 2, "s"),
                   use_arrow=False)


def c_arrow_disabled_by_setting(spark, F):
    spark.conf.set("spark.sql.execution.pythonUDTF.arrow.enabled", "false")
    try:
        udtf = F.udtf(type("Wrong", (), {"eval": lambda self: iter([("x", 2)])}),
                      returnType="a: int, b: int")
    finally:
        spark.conf.unset("spark.sql.execution.pythonUDTF.arrow.enabled")
    return udtf()


def c_err_eval_arguments(spark, F):
    @F.udtf(returnType="a: int")
    class OneArg:
        def eval(self, x):
            yield x,
    return OneArg(F.lit(1), F.lit(2))


def c_err_terminate_raises(spark, F):
    @F.udtf(returnType="a: int")
    class Late:
        def eval(self):
            yield 1,

        def terminate(self):
            raise RuntimeError("late")
    return Late()


def c_err_no_return_type(spark, F):
    class NoType:
        def eval(self):
            yield 1,
    return F.udtf(NoType)


def c_err_both_return_type_and_analyze(spark, F):
    class Both:
        @staticmethod
        def analyze():
            return None

        def eval(self):
            yield 1,
    return F.udtf(Both, returnType="a: int")


def c_err_not_a_class(spark, F):
    return F.udtf(lambda: 1, returnType="a: int")


def c_err_no_eval(spark, F):
    class NoEval:
        pass
    return F.udtf(NoEval, returnType="a: int")


def c_err_return_type_not_struct(spark, F):
    class Plain:
        def eval(self):
            yield 1,
    return F.udtf(Plain, returnType="int")()


def c_err_register_not_udtf(spark, F):
    class Plain:
        def eval(self):
            yield 1,
    return spark.udtf.register("udtf_plain", Plain)


def c_err_sql_unknown_function(spark, F):
    return spark.sql("SELECT * FROM udtf_no_such_function(1)")


def c_err_analyze_raises(spark, F):
    @F.udtf
    class BadAnalyze:
        @staticmethod
        def analyze(a):
            raise ValueError("cannot")

        def eval(self, a):
            yield a,
    return BadAnalyze(F.lit(1))


def c_err_analyze_wrong_result(spark, F):
    @F.udtf
    class BadAnalyze:
        @staticmethod
        def analyze(a):
            return "a: int"

        def eval(self, a):
            yield a,
    return BadAnalyze(F.lit(1))


def c_err_partition_by_twice(spark, F):
    df = spark.range(2)
    return df.asTable().partitionBy("id").withSinglePartition()


def c_err_order_by_first(spark, F):
    return spark.range(2).asTable().orderBy("id")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
