"""SQL exchanges through the engine's shuffle: Arrow blocks, one object per map task attempt,
ranged reads of non-empty blocks only, lost map outputs recomputed, small reduce partitions
coalesced from the map statuses."""

from __future__ import annotations

import glob
import os

import pytest

ROWS = [(i % 5, i) for i in range(400)]
EXPECTED = sorted((k, sum(v for kk, v in ROWS if kk == k)) for k in range(5))


def _session(new_context, partitions="200", **settings):
    from spark_lambda.sql import SparkSession
    sc = new_context(spark_task_maxFailures="1", **settings)
    return sc, SparkSession(sc, {"spark.sql.shuffle.partitions": partitions})


def _grouped(spark, n_map=4):
    from spark_lambda.sql import functions as F
    df = spark.createDataFrame(ROWS, "k int, v int").repartition(n_map)
    return sorted(tuple(r) for r in df.groupBy("k").agg(F.sum("v").alias("s")).collect())


def _record(sc):
    events, kinds = [], {}

    def listener(name, fields):
        events.append((name, fields))
        if name == "stage_submitted":
            kinds[fields["stage"]] = fields["kind"]
    sc.add_listener(listener)
    return events, kinds


def _shuffle_files(sc):
    work = sc.work_url[len("file://"):]
    return glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data"))


def test_one_object_per_map_task_and_only_nonempty_blocks_are_read(new_context):
    sc, spark = _session(new_context, partitions="50")
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    events, kinds = _record(sc)
    assert _grouped(spark) == EXPECTED
    map_tasks = [f for n, f in events if n == "task_end" and kinds[f["stage"]] == "map"]
    assert len(_shuffle_files(sc)) == len(map_tasks)   # one object each, not one per block
    last = max(f["stage"] for n, f in events if n == "task_end")
    reducers = [f for n, f in events if n == "task_end" and f["stage"] == last]
    assert len(reducers) == 50                         # adaptive execution off: 50 tasks
    gets = sum(f["metrics"]["requests"].get("GET", 0) for f in reducers)
    # 5 keys: at most 5 non-empty partitions × 4 map outputs, plus the stage's code
    assert gets <= 5 * 4 + len(reducers)
    assert sum(f["metrics"]["records_read"] for f in reducers) > 0


def test_small_reduce_partitions_are_coalesced(new_context):
    sc, spark = _session(new_context)
    events, kinds = _record(sc)
    assert _grouped(spark) == EXPECTED
    last = max(f["stage"] for n, f in events if n == "task_end")
    reducers = [f for n, f in events if n == "task_end" and f["stage"] == last]
    assert 1 <= len(reducers) < 10
    assert sum(f["metrics"]["records_read"] for f in reducers) > 0


def test_shuffled_join_coalesces_both_sides_alike(new_context):
    sc, spark = _session(new_context)
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    a = spark.createDataFrame([(i, i * 2) for i in range(300)], "k int, a int").repartition(3)
    b = spark.createDataFrame([(i, i * 3) for i in range(0, 300, 2)], "k int, b int")
    got = sorted(tuple(r) for r in a.join(b, "k").collect())
    assert got == [(i, i * 2, i * 3) for i in range(0, 300, 2)]


def test_empty_exchange_keeps_the_schema(new_context):
    from spark_lambda.sql import functions as F
    sc, spark = _session(new_context, partitions="7")
    df = spark.createDataFrame(ROWS, "k int, v int").where("v < 0")
    out = df.groupBy("k").agg(F.sum("v").alias("s"))
    assert out.collect() == []
    assert df.agg(F.count("v").alias("c")).collect()[0].c == 0


@pytest.mark.parametrize("how", ["delete", "corrupt"])
def test_lost_sql_map_output_is_recomputed(new_context, how):
    sc, spark = _session(new_context, partitions="4")
    events, kinds = _record(sc)
    damaged = []

    def damage(name, fields):
        if name == "stage_completed" and kinds.get(fields["stage"]) == "map" and not damaged:
            for path in _shuffle_files(sc):
                if how == "delete":
                    os.remove(path)
                else:
                    with open(path, "r+b") as f:
                        f.seek(os.path.getsize(path) // 2)
                        byte = f.read(1)
                        f.seek(-1, 1)
                        f.write(bytes([byte[0] ^ 0xFF]))
                damaged.append(path)
    sc.add_listener(damage)
    assert _grouped(spark) == EXPECTED
    assert damaged
    fetch_failed = [f for n, f in events if n == "task_end" and f["status"] == "fetch_failed"]
    assert fetch_failed and all(f["error"]["kind"] == "fetch" for f in fetch_failed)
    assert [f for n, f in events if n == "stage_resubmitted"]
    map_runs = [f for n, f in events if n == "stage_submitted" and f["kind"] == "map"]
    assert len(map_runs) >= 2
    assert [f for n, f in events if n == "task_end" and f["status"] == "failed"] == []


def test_sql_exchange_survives_speculation(new_context):
    sc, spark = _session(new_context, partitions="4", spark_speculation="true",
                         spark_speculation_quantile="0.1", spark_speculation_multiplier="1.0")
    assert _grouped(spark) == EXPECTED


def test_rdd_tasks_do_not_import_the_sql_stack(new_context):
    import sys as _sys  # noqa: F401
    sc = new_context()

    def loaded(_):
        import sys
        return sorted(m for m in sys.modules
                      if m.split(".")[0] in ("duckdb", "pyarrow", "sqlglot")
                      or m.startswith("spark_lambda.sql"))
    got = sc.parallelize([(i % 3, i) for i in range(30)], 2).reduceByKey(lambda a, b: a + b) \
        .mapPartitions(lambda it: [loaded(list(it))]).collect()
    assert got == [[], []]


def test_a_session_has_its_local_workers_import_the_sql_stack_ahead(new_context):
    import time
    from spark_lambda.sql import SparkSession
    from spark_lambda.sql.execution.engine_bridge import TASK_MODULES
    modules = sorted(m.partition(":")[0] for m in TASK_MODULES)
    sc = new_context(spark_lambda_sql_inDriver="false")   # else the driver imports them
    SparkSession(sc)

    def loaded(_):
        import os
        import sys
        return os.getpid(), sorted(m for m in modules if m in sys.modules)
    # an RDD task imports none of them itself: the first task runs on the worker that
    # imported them first, and the other worker imports them after it, with no task asking
    first = sc.parallelize(range(1), 1).mapPartitions(lambda it: [loaded(list(it))]).collect()
    assert first[0][1] == modules

    def database_open(_):
        from spark_lambda.sql.execution import connection
        return ["db" in connection._kept]
    # the worker's DuckDB database was opened ahead too (``connection.open_database``)
    assert sc.parallelize(range(1), 1).mapPartitions(database_open).collect() == [True]
    deadline = time.monotonic() + 60
    while True:
        time.sleep(0.2)
        got = sc.parallelize(range(2), 2).mapPartitions(lambda it: [loaded(list(it))]).collect()
        if len({pid for pid, _ in got}) == 2 and all(m == modules for _, m in got):
            break
        assert time.monotonic() < deadline, got


def test_tasks_over_their_memory_share_spill_output_and_move_inputs_into_duckdb(new_context):
    """With 4 MiB per worker (a quarter, 1 MiB, for Arrow data outside DuckDB) a map task's
    output of several MiB goes to a local file before it is put, and a reduce task's input
    tables move into DuckDB as they arrive; the answer is the same."""
    from spark_lambda.sql import functions as F
    sc, spark = _session(new_context, partitions="3", spark_python_worker_memory="4m")
    events, kinds = _record(sc)
    rows = [(i % 1000, i, f"row-{i:012d}") for i in range(120_000)]
    df = spark.createDataFrame(rows, "k int, v bigint, s string").repartition(2)
    got = sorted(tuple(r) for r in df.repartition(3, "k").groupBy("k").agg(
        F.sum("v").alias("total"), F.count("s").alias("n"), F.max("s").alias("last")).collect())
    expected = {}
    for k, v, s in rows:
        total, n, last = expected.get(k, (0, 0, ""))
        expected[k] = (total + v, n + 1, max(last, s))
    assert got == sorted((k, *t) for k, t in expected.items())
    ended = [f for n, f in events if n == "task_end"]
    assert any(f["metrics"].get("spill_bytes", 0) > (1 << 20) for f in ended
               if kinds[f["stage"]] == "map")
    assert any(f["metrics"].get("inputs_moved_bytes", 0) > (1 << 20) for f in ended)


def test_an_error_while_rows_stream_out_of_duckdb_is_sparks(new_context):
    """A division by zero at row 150,000 of a task's query (past its first 64 Ki-row batches,
    so while its rows stream to the shuffle or the driver) raises Spark's error, in a map task
    and in a result task alike."""
    from spark_lambda.sql.errors import ArithmeticException
    sc, spark = _session(new_context, partitions="4")
    df = spark.range(0, 200_000, numPartitions=1).selectExpr("id", "10 / (id - 150000) AS x")
    for action in (lambda: df.groupBy("x").count().collect(), df.collect):
        with pytest.raises(ArithmeticException) as e:
            action()
        assert "DIVIDE_BY_ZERO" in str(e.value)
