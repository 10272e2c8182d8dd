"""Python user-defined table functions (``F.udtf``, ``spark.udtf.register``, ``asTable``,
SQL ``FROM f(...)``, ``LATERAL``, ``TABLE(t)``) and ``call_udf``/``call_function``, run by
PySpark (``record_pyspark.py --cases udtfs`` records them) and by spark-lambda
(``test_udtfs.py`` compares). The cases over tables are in ``cases_udtf_tables.py``."""

from __future__ import annotations

from .case_helpers import sql_types
from .cases_udtf_tables import CASES as TABLE_CASES
from .udtf_helpers import kw, squares, yields


def c_call_form_no_args(spark, F):
    class Hello:
        def eval(self):
            yield "hello", "world"
            yield "bye", None
    return F.udtf(Hello, returnType="c1: string, c2: string")()


def c_decorator_lit_args(spark, F):
    return squares(F)(F.lit(1), F.lit(4))


def c_struct_return_type(spark, F):
    T = sql_types(F)
    schema = T.StructType([T.StructField("word", T.StringType()),
                           T.StructField("len", T.LongType())])

    class Words:
        def eval(self, text: str):
            for w in text.split():
                yield w, len(w)
    return F.udtf(Words, returnType=schema)(F.lit("a bb ccc"))


def c_analyze_types(spark, F):
    T = sql_types(F)

    @F.udtf
    class Echo:
        @staticmethod
        def analyze(a, b):
            return F.AnalyzeResult(T.StructType().add("a", a.dataType).add("b", b.dataType))

        def eval(self, a, b):
            yield a, b
    return Echo(F.lit(1), F.lit("x"))


def c_analyze_sees_constant_values(spark, F):
    T = sql_types(F)

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
    return kw(F)(F.lit(1), x=F.lit("x"), b=F.lit("b"))


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
    return yields(F, "a: int, b: string", [1, "x"], [None, None], (3, None))


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


def c_call_udf(spark, F):
    T = sql_types(F)
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
    T = sql_types(F)
    spark.udf.register("strX2", lambda s: s * 2, T.StringType())
    df = spark.createDataFrame([(1, "a"), (2, "b")], ["id", "name"])
    return df.select(F.call_function("strX2", F.col("name")))


def c_call_function_unknown(spark, F):
    return spark.range(1).select(F.call_function("no_such_function_xyz", F.col("id")))


def c_err_wrong_column_count(spark, F):
    return yields(F, "a: int, b: int", (1,))


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
    return yields(F, "a: int", 1)


def c_err_scalar_row_two_columns(spark, F):
    return yields(F, "a: int, b: int", 1)


def c_err_wrong_value_type(spark, F):
    return yields(F, "a: int, b: int", ("x", 1.5))


def c_pickled_wrong_value_type_is_null(spark, F):
    return yields(F, "a: int, b: int, c: string", ("x", 1.5, 7), (1, 2, "s"),
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
CASES.update(TABLE_CASES)
