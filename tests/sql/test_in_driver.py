"""One-task queries on the driver's threads (``spark.lambda.sql.inDriver``, ``backends/driver_tasks.py``):
which jobs run there, that their answers are the workers' answers, and that the workers then
import the SQL stack only on a task of their own."""

import os

import pytest

from spark_lambda.sql import SparkSession
from spark_lambda.sql import functions as F


def _session(new_context, **settings):
    sc = new_context(spark_task_maxFailures="1", **settings)
    ran = []

    def listener(name, fields):
        if name == "task_end":
            ran.append(fields["metrics"]["executor"]["id"].rsplit(":", 1)[1])
    sc.add_listener(listener)
    return sc, SparkSession(sc, {"spark.sql.shuffle.partitions": "3"}), ran


def _query(spark):
    df = spark.createDataFrame([(i % 7, i, f"s{i}") for i in range(500)], "k int, v int, s string")
    return df.groupBy("k").agg(F.sum("v").alias("t"), F.max("s").alias("m")).orderBy("k")


DRIVER = str(os.getpid())


def test_a_one_task_query_runs_on_a_driver_thread_with_the_workers_answer(new_context):
    sc, spark, ran = _session(new_context)
    got = [tuple(r) for r in _query(spark).collect()]
    assert ran == [DRIVER]
    ran.clear()
    spark.conf.set("spark.lambda.sql.inDriver", "false")
    assert [tuple(r) for r in _query(spark).collect()] == got
    assert ran and DRIVER not in ran
    expected = sorted((k, sum(i for i in range(500) if i % 7 == k),
                       max(f"s{i}" for i in range(500) if i % 7 == k)) for k in range(7))
    assert got == expected


def test_a_query_calling_a_python_function_runs_on_a_worker(new_context):
    sc, spark, ran = _session(new_context)
    plus = F.udf(lambda v: v + 1, "int")
    got = spark.range(5).select(plus(F.col("id").cast("int")).alias("x")).collect()
    assert [r.x for r in got] == [1, 2, 3, 4, 5]
    assert ran and DRIVER not in ran


def test_a_query_of_several_tasks_runs_on_the_workers(new_context):
    sc, spark, ran = _session(new_context, spark_lambda_sql_inDriver="true")
    spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "0")   # never one task
    got = [tuple(r) for r in _query(spark).collect()]
    assert len(got) == 7
    assert len(ran) > 1 and DRIVER not in ran


def test_the_setting_given_to_the_context_holds(new_context):
    sc, spark, ran = _session(new_context, spark_lambda_sql_inDriver="false")
    _query(spark).collect()
    assert ran and DRIVER not in ran


def test_a_failing_one_task_query_fails_as_on_a_worker(new_context):
    from spark_lambda.sql.errors import ArithmeticException
    sc, spark, ran = _session(new_context)
    df = spark.createDataFrame([(1, 0)], "a int, b int")
    with pytest.raises(ArithmeticException, match="REMAINDER_BY_ZERO"):
        df.select((F.col("a") % F.col("b")).alias("x")).collect()
    assert DRIVER in ran
    assert [tuple(r) for r in _query(spark).collect()][0][0] == 0   # the driver goes on


def test_workers_import_the_sql_stack_on_their_own_first_task(new_context):
    """The driver imported the task modules for its own tasks: an RDD task finds none in its
    worker, which was not asked to import them."""
    from spark_lambda.sql.execution.engine_bridge import TASK_MODULES
    sc, spark, ran = _session(new_context)
    names = [m.partition(":")[0] for m in TASK_MODULES]

    def loaded(_):
        import sys
        return [m for m in names if m.startswith("spark_lambda.sql") and m in sys.modules]
    assert sc.parallelize(range(2), 2).mapPartitions(lambda it: [loaded(list(it))]).collect() == [[], []]


def test_a_program_that_ends_right_after_its_session_exits_cleanly():
    """The driver imported the task modules (DuckDB among them) while the session was
    created: a program ending at once does not stop an import inside DuckDB's C++ code,
    which would abort the process."""
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    program = ("import sys\n"
               "from spark_lambda import SparkContext\n"
               "from spark_lambda.sql import SparkSession\n"
               "spark = SparkSession(SparkContext('local[1]', 'ends-at-once'))\n"
               "assert 'duckdb' in sys.modules\n"
               "spark.stop()\n")
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": root}, timeout=120)
        assert out.returncode == 0, out.stderr
