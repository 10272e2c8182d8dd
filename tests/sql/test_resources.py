"""DuckDB's threads and memory per task: the Lambda function's vCPUs, or one per local worker."""

from __future__ import annotations

from spark_lambda.sql.execution.resources import ALLOCATOR, duckdb_config, lambda_vcpus


def test_lambda_vcpus_follow_memory():
    assert [lambda_vcpus(m) for m in (128, 1769, 3538, 3539, 10240)] == [1, 1, 2, 2, 5]


def test_in_a_function_duckdb_gets_its_vcpus_and_half_its_memory():
    env = {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "10240"}
    assert duckdb_config(None, 512 << 20, "/tmp/x", env) == \
        {"threads": 5, "memory_limit": "5120MiB", "temp_directory": "/tmp/x",
         **ALLOCATOR}


def test_locally_one_thread_and_the_worker_memory_less_the_arrow_share_and_an_eighth():
    assert duckdb_config(None, 768 << 20, None, {}) == \
        {"threads": 1, "memory_limit": "480MiB", **ALLOCATOR}
    assert duckdb_config(3, 768 << 20, None, {})["threads"] == 3   # spark.sql.duckdb.threads
    # broadcast tables held besides the quarter come out of DuckDB's share, down to its minimum
    assert duckdb_config(None, 768 << 20, None, {}, held=300 << 20)["memory_limit"] == "180MiB"
    assert duckdb_config(None, 256 << 20, None, {}, held=1 << 30)["memory_limit"] == "64MiB"
    # what the process holds beyond its baseline too, in a worker and in a function alike
    assert duckdb_config(None, 768 << 20, None, {}, held=300 << 20,
                         resident=100 << 20)["memory_limit"] == "80MiB"
    env = {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "2048"}
    assert duckdb_config(None, 0, None, env, resident=200 << 20)["memory_limit"] == "824MiB"
    assert duckdb_config(None, 256 << 20, None, {}, resident=150 << 20)["memory_limit"] == "64MiB"


def test_a_local_sql_task_spills_to_its_local_directory(spark):
    def settings(_):
        import duckdb
        from spark_lambda.sql.execution.task import _config
        con = duckdb.connect(config=_config(None))
        return [con.execute("SELECT current_setting('threads'), current_setting('memory_limit'), "
                            "current_setting('temp_directory')").fetchone()]
    threads, limit, temp = spark.sparkContext.parallelize([0], 1).mapPartitions(settings).collect()[0]
    assert threads == 1 and limit == "320.0 MiB" and "spark-lambda-spill" in temp


def _settings(con):
    return con.execute("SELECT current_setting('threads'), current_setting('memory_limit'), "
                       "current_setting('temp_directory')").fetchone()


def test_the_kept_database_opened_ahead_takes_each_tasks_settings(tmp_path, monkeypatch):
    import os
    from spark_lambda.sql.execution import connection
    monkeypatch.setattr(connection, "_kept", {})
    connection.open_database()   # what a worker does while idle, before its first task
    opened = connection._kept["db"]
    a = {"threads": 1, "memory_limit": "32MiB", "temp_directory": str(tmp_path / "a")}
    with connection.task_connection(a, "SELECT 1", {}) as con:
        assert _settings(con) == (1, "32.0 MiB", a["temp_directory"])
        con.execute("PRAGMA disable_progress_bar")
        con.execute("SELECT max(x) FROM (SELECT range * 7 % 1000003 AS x FROM range(4000000) "
                    "ORDER BY x DESC LIMIT 3500000)").fetchall()   # spills
    assert connection._kept["db"] is opened and os.path.isdir(a["temp_directory"])
    b = dict(a, threads=2, temp_directory=str(tmp_path / "b"))
    try:
        with connection.task_connection(b, "SELECT 1", {}) as con:
            assert _settings(con) == (2, "32.0 MiB", b["temp_directory"])
        # DuckDB keeps a spill directory it has used: another one needs a new database
        assert connection._kept["db"] is not opened
    finally:
        connection._kept["db"].close()
