"""What a worker process already holds when a SQL task starts comes out of its DuckDB's share:
its resident memory beyond its baseline (recorded once, with the SQL stack loaded), counted at
each task's start and reported in the task's metrics; the driver counts nothing."""

from __future__ import annotations

ROWS = [(i % 7, i) for i in range(3000)]
EXPECTED = sorted((k, sum(v for kk, v in ROWS if kk == k)) for k in range(7))
HOLD = 160 << 20   # bytes a plain task leaves referenced in the worker


def _session(new_context, **settings):
    from spark_lambda.sql import SparkSession
    sc = new_context(spark_task_maxFailures="1", **settings)
    tasks = []
    sc.add_listener(lambda name, fields: tasks.append(fields["metrics"])
                    if name == "task_end" else None)
    return sc, SparkSession(sc, {"spark.sql.shuffle.partitions": "2"}), tasks


def _grouped(spark):
    from spark_lambda.sql import functions as F
    df = spark.createDataFrame(ROWS, "k int, v int").repartition(2)
    return sorted(tuple(r) for r in df.groupBy("k").agg(F.sum("v").alias("s")).collect())


def _hold(_):
    """Keep ``HOLD`` bytes written (so resident) in the worker, as an earlier task's leftovers."""
    import sys
    sys.spark_lambda_test_held = b"\x01" * (160 << 20)
    return [len(sys.spark_lambda_test_held)]


def _sql_tasks(tasks: list) -> list:
    return [m for m in tasks if "duckdb_limit_kb" in m]


def test_memory_an_earlier_task_left_in_the_worker_shrinks_duckdbs_limit(new_context):
    sc, spark, tasks = _session(new_context, master="local[1]",
                                spark_python_worker_memory="512m")
    assert _grouped(spark) == EXPECTED
    before = _sql_tasks(tasks)
    assert before and all(m["memory_baseline_kb"] > 0 for m in before)
    # a fresh worker holds little beyond its baseline: DuckDB gets about its whole share
    share_kb = (512 - 512 // 4 - 512 // 8) << 10
    assert all(m["memory_counted_kb"] < (100 << 10) for m in before)
    assert all(m["duckdb_limit_kb"] > share_kb - (100 << 10) for m in before)

    assert sc.parallelize([0], 1).mapPartitions(_hold).collect() == [HOLD]
    tasks.clear()
    assert _grouped(spark) == EXPECTED   # the same answer with less memory for DuckDB
    after = _sql_tasks(tasks)
    assert after and {m["executor"]["id"] for m in after} == {before[0]["executor"]["id"]}
    assert {m["memory_baseline_kb"] for m in after} == {before[0]["memory_baseline_kb"]}
    for m in after:
        assert m["memory_counted_kb"] >= HOLD >> 10
        # the share less what was counted, in whole MiB, as DuckDB is told
        assert m["duckdb_limit_kb"] == (((share_kb - m["memory_counted_kb"]) << 10) >> 20) << 10
        assert m["duckdb_limit_kb"] <= share_kb - (HOLD >> 10)


def test_the_limit_stops_at_its_floor_and_the_answer_holds(new_context):
    sc, spark, tasks = _session(new_context, master="local[1]",
                                spark_python_worker_memory="256m")
    assert _grouped(spark) == EXPECTED   # the worker's baseline: the SQL stack, no data
    assert sc.parallelize([0], 1).mapPartitions(_hold).collect() == [HOLD]
    tasks.clear()
    assert _grouped(spark) == EXPECTED
    sql = _sql_tasks(tasks)
    assert sql and all(m["memory_counted_kb"] >= HOLD >> 10 for m in sql)
    assert {m["duckdb_limit_kb"] for m in sql} == {64 << 10}   # 160 MiB less 160+: the floor


def test_the_driver_counts_nothing_against_its_one_task_queries(new_context):
    from spark_lambda.sql import SparkSession
    sc = new_context()
    tasks = []
    sc.add_listener(lambda name, fields: tasks.append(fields["metrics"])
                    if name == "task_end" else None)
    spark = SparkSession(sc, {})
    assert spark.range(0, 1000, numPartitions=1).selectExpr("sum(id)").collect()[0][0] == 499500
    sql = _sql_tasks(tasks)
    assert sql and all(m["executor"]["id"].endswith(f":{__import__('os').getpid()}") for m in sql)
    assert all(m["memory_counted_kb"] == 0 and m["memory_baseline_kb"] == 0 for m in sql)
