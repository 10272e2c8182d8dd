"""Python UDTFs (``cases_udtfs.py``) against PySpark's recorded outputs, and what the
recorded rows cannot show: the user's traceback and PySpark's error class in the message,
cleanup after an error, the rows of each partition staying in their tasks, ``SkipRest...``.
Re-record with ``python -m tests.sql.record_pyspark --cases udtfs``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.errors import PythonException, UnsupportedOperationException

from .cases_udtfs import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_udtfs.json").read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches(CASES[name], spark, RECORDED[name])


def test_exception_carries_the_users_traceback(spark):
    with pytest.raises(PythonException) as e:
        CASES["err_generator_raises"](spark, F).collect()
    text = str(e.value)
    assert "ValueError: no good" in text and "in eval" in text


def test_shape_errors_name_pysparks_error_class(spark):
    for case, cond in [("err_wrong_column_count", "UDTF_RETURN_SCHEMA_MISMATCH"),
                       ("err_not_iterable", "UDTF_RETURN_NOT_ITERABLE"),
                       ("err_eval_raises", "UDTF_EXEC_ERROR"),
                       ("err_wrong_value_type", "UDTF_ARROW_DATA_CONVERSION_ERROR"),
                       ("err_eval_arguments", "UDTF_EVAL_METHOD_ARGUMENTS_DO_NOT_MATCH")]:
        with pytest.raises(PythonException, match=cond):
            CASES[case](spark, F).collect()


def test_each_partition_of_a_table_argument_is_read_in_the_tasks(spark, tmp_path):
    marks = tmp_path / "pids"
    marks.mkdir()

    @F.udtf(returnType="k: bigint, n: int, pid: int")
    class Count:
        def __init__(self):
            self.key, self.n = None, 0

        def eval(self, row):
            self.key, self.n = row["k"], self.n + 1

        def terminate(self):
            import os
            (marks / str(os.getpid())).touch()
            yield self.key, self.n, os.getpid()
    df = spark.range(0, 1000, numPartitions=4).selectExpr("id % 7 AS k", "id")
    rows = Count(df.asTable().partitionBy("k")).orderBy("k").collect()
    assert [(r.k, r.n) for r in rows] == [(k, len(range(k, 1000, 7))) for k in range(7)]
    import os
    assert os.getpid() not in {r.pid for r in rows}


def test_cleanup_runs_after_an_error(spark, tmp_path):
    done = tmp_path / "cleaned"

    @F.udtf(returnType="a: int")
    class Failing:
        def eval(self, x):
            raise KeyError("x")

        def cleanup(self):
            done.write_text("yes")
    with pytest.raises(PythonException):
        Failing(F.lit(1)).collect()
    assert done.read_text() == "yes"


def test_skip_rest_of_input_table_still_terminates(spark):
    from spark_lambda.sql.udtf import SkipRestOfInputTableException

    @F.udtf(returnType="k: bigint, seen: int")
    class FirstTwo:
        def __init__(self):
            self.key, self.seen = None, 0

        def eval(self, row):
            self.key, self.seen = row["k"], self.seen + 1
            if self.seen == 2:
                raise SkipRestOfInputTableException()

        def terminate(self):
            yield self.key, self.seen
    df = spark.range(30).selectExpr("id % 3 AS k")
    rows = FirstTwo(df.asTable().partitionBy("k")).orderBy("k").collect()
    assert [tuple(r) for r in rows] == [(0, 2), (1, 2), (2, 2)]


def test_analyze_result_reaches_the_constructor(spark):
    from spark_lambda.sql.types import IntegerType, StructType
    from spark_lambda.sql.udtf import AnalyzeResult

    @F.udtf
    class Width:
        @staticmethod
        def analyze(n):
            return AnalyzeResult(StructType().add("w", IntegerType()))

        def __init__(self, result):
            self.width = len(result.schema.fields)

        def eval(self, n):
            yield self.width * n,
    assert Width(F.lit(5)).collect()[0].w == 5


def test_lateral_in_sql_keeps_the_left_rows_with_their_outputs(spark):
    @F.udtf(returnType="part: string")
    class Split:
        def eval(self, text):
            for p in (text or "").split(","):
                yield p,
    spark.udtf.register("udtf_split", Split)
    spark.createDataFrame([(1, "a,b"), (2, "c"), (3, None)], "id INT, s STRING") \
        .createOrReplaceTempView("udtf_lines")
    rows = spark.sql("SELECT id, part FROM udtf_lines, LATERAL udtf_split(s) "
                     "WHERE part <> 'b' ORDER BY id, part").collect()
    assert [tuple(r) for r in rows] == [(1, "a"), (2, "c"), (3, "")]


def test_register_java_function_is_a_clear_error(spark):
    with pytest.raises(UnsupportedOperationException, match="JVM"):
        spark.udf.registerJavaFunction("f", "com.example.F")
