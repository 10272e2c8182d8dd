"""A query of small input runs as one DuckDB query in one task (adaptive execution,
``spark.sql.adaptive.singleTask.maxInputBytes``): DuckDB's answers, one job of one stage of one
task, no exchange or broadcast in its plan; over the threshold, or when the answer depends on
partitioning, the query runs distributed as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_exchange import _record
from .test_tpch import _same

TPCH = Path(__file__).parent / "tpch"
KEY = "spark.sql.adaptive.singleTask.maxInputBytes"
# joins, aggregates, sorts with limits, scalar subqueries (q11, q15, q22), EXISTS (q04, q21)
QUERIES = ["q02", "q04", "q09", "q11", "q15", "q21", "q22"]


@pytest.fixture(autouse=True)
def _default_threshold(spark):
    yield
    spark.conf.unset(KEY)


def _run(spark, df):
    """``df``'s rows, and the jobs, stages and tasks of the action."""
    sc = spark.sparkContext
    events, kinds = _record(sc)
    listener = sc._listeners[-1]   # the one ``_record`` added
    try:
        rows = [tuple(r) for r in df.collect()]
    finally:
        sc.remove_listener(listener)
    jobs = sum(1 for n, _ in events if n == "job_start")
    tasks = sum(1 for n, _ in events if n == "task_end")
    return rows, jobs, len(kinds), tasks


def _assert_same(rows, expected):
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert all(_same(a, b) for a, b in zip(got, want)), (got, want)


@pytest.mark.parametrize("query", QUERIES)
def test_a_small_query_is_one_duckdb_query_in_one_task(tpch, query):
    spark, con = tpch
    spark.conf.set(KEY, "256m")
    text = (TPCH / f"{query}.sql").read_text()
    rows, jobs, stages, tasks = _run(spark, spark.sql(text))
    _assert_same(rows, con.execute(text).fetchall())
    assert (jobs, stages, tasks) == (1, 1, 1)   # no broadcast, subquery or map-stage job


def test_over_the_threshold_the_query_runs_distributed(tpch):
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.one_task import input_bytes
    spark, con = tpch
    text = (TPCH / "q22.sql").read_text()
    size = input_bytes(optimize(spark.sql(text)._plan))
    assert 0 < size
    spark.conf.set(KEY, str(size))          # at the threshold: one task
    assert _run(spark, spark.sql(text))[1:] == (1, 1, 1)
    spark.conf.set(KEY, str(size - 1))      # a byte over: subquery job, exchanges
    rows, jobs, stages, tasks = _run(spark, spark.sql(text))
    _assert_same(rows, con.execute(text).fetchall())
    assert jobs > 1 and stages > 1 and tasks > 1


def test_parquet_input_is_the_needed_columns_compressed_bytes(tpch, tpch_data):
    import pyarrow.parquet as pq
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.one_task import input_bytes
    spark, _ = tpch
    meta = pq.ParquetFile(str(tpch_data / "orders.parquet")).metadata
    want = sum(meta.row_group(g).column(c).total_compressed_size
               for g in range(meta.num_row_groups) for c in range(meta.num_columns)
               if meta.row_group(g).column(c).path_in_schema in ("o_orderkey", "o_totalprice"))
    df = spark.sql("SELECT o_orderkey FROM orders WHERE o_totalprice > 1000")
    assert input_bytes(optimize(df._plan)) == want
    # a column of another type than the file's is read into an Arrow table first: it counts
    # the uncompressed bytes, about the memory the table takes
    raw = sum(meta.row_group(g).column(c).total_uncompressed_size
              for g in range(meta.num_row_groups) for c in range(meta.num_columns)
              if meta.row_group(g).column(c).path_in_schema in ("o_orderkey", "o_totalprice"))
    typed = spark.read.schema("o_orderkey LONG, o_totalprice DOUBLE").parquet(
        str(tpch_data / "orders.parquet")).where("o_totalprice > 1000").select("o_orderkey")
    assert input_bytes(optimize(typed._plan)) == raw > want


def test_the_plan_shows_one_stage_without_exchanges(tpch):
    from spark_lambda.sql.explain import explain_string
    spark, _ = tpch
    spark.conf.set(KEY, "256m")
    text = explain_string(spark.sql((TPCH / "q22.sql").read_text()), "simple")
    assert "Exchange" not in text and "AdaptiveSparkPlan" not in text
    assert "partial_" not in text                # each aggregate is complete where it is
    assert "ShuffledHashJoin" in text and "Subquery subquery#" in text
    assert "*(2)" not in text.split("Subquery")[0]   # the main query: one stage
    spark.conf.set(KEY, "0")
    assert "Exchange" in explain_string(spark.sql((TPCH / "q22.sql").read_text()), "simple")


def test_a_scalar_subquery_of_many_rows_fails_as_in_spark(tpch):
    from spark_lambda.sql.errors import SparkRuntimeException
    spark, _ = tpch
    spark.conf.set(KEY, "256m")
    q = "SELECT n_name FROM nation WHERE n_regionkey = (SELECT r_regionkey FROM region{})"
    with pytest.raises(SparkRuntimeException) as e:
        spark.sql(q.format("")).collect()
    assert e.value.getErrorClass() == "SCALAR_SUBQUERY_TOO_MANY_ROWS"
    none = spark.sql("SELECT (SELECT r_regionkey FROM region WHERE r_regionkey > 9) AS k")
    assert _run(spark, none)[0] == [(None,)]
    one = spark.sql(q.format(" WHERE r_name = 'ASIA'")).orderBy("n_name")
    rows, jobs, stages, tasks = _run(spark, one)
    assert [r[0] for r in rows] == ["CHINA", "INDIA", "INDONESIA", "JAPAN", "VIETNAM"]
    assert (jobs, stages, tasks) == (1, 1, 1)


def test_answers_that_depend_on_partitions_keep_them(tpch):
    from spark_lambda.sql import functions as F
    spark, _ = tpch
    spark.conf.set(KEY, "256m")
    ids = spark.range(0, 8, 1, 4).select(F.spark_partition_id().alias("p"))
    assert sorted({r.p for r in ids.collect()}) == [0, 1, 2, 3]
    within = spark.range(0, 6, 1, 2).sortWithinPartitions(F.col("id").desc())
    assert [r.id for r in within.collect()] == [2, 1, 0, 5, 4, 3]
    by_key = spark.table("nation").repartition(3, "n_regionkey").groupBy("n_regionkey").count()
    rows, jobs, stages, tasks = _run(spark, by_key)
    assert sorted(rows) == [(k, 5) for k in range(5)] and stages > 1


@pytest.mark.parametrize("query", sorted(p.stem for p in TPCH.glob("q*.sql")))
def test_one_task_plans_use_sparks_operators(tpch, query):
    from spark_lambda.sql.explain import explain_string
    from .test_explain import SPARKS, _names
    spark, _ = tpch
    spark.conf.set(KEY, "256m")
    for mode in ("extended", "formatted"):
        text = explain_string(spark.sql((TPCH / f"{query}.sql").read_text()), mode)
        assert _names(text) <= SPARKS, (mode, _names(text) - SPARKS)
        assert "Exchange" not in text, mode


def test_a_one_task_query_of_little_input_runs_on_one_duckdb_thread(spark):
    # a second thread has nothing to share there, and with one the groups of an aggregate come
    # out in the same order on every run; larger one-task queries get every idle core
    from spark_lambda.sql.execution.planner import _SERIAL_BYTES
    planner = spark._planner()
    base = spark.sparkContext.parallelize([1], 1)
    planner.one_task, planner.one_task_bytes = True, 1000
    assert planner._threads(base, "SELECT 1") == 1
    planner.one_task_bytes = _SERIAL_BYTES
    assert planner._threads(base, "SELECT 1") == spark.sparkContext.defaultParallelism
    df = spark.createDataFrame([(k % 7, k) for k in range(200)], ["g", "v"]).groupBy("g").count()
    assert len({tuple(tuple(r) for r in df.collect()) for _ in range(5)}) == 1
