"""Spark's own History Server reads the event logs our jobs write, and its REST API reports
what we ran. Runs where Java and pyspark's distribution are (pyspark is not imported: its
History Server runs as a subprocess); skipped with the reason otherwise.

Three applications, one server: the shared ``logged_run`` (a shuffle job whose map task
for partition 1 fails once, then a count; plain JSON lines), one here with the same
jobs whose log is lz4-compressed as Spark compresses it, and a DataFrame aggregate (its SQL
execution: the plan, the jobs it ran).
"""

from __future__ import annotations

import os
import shutil
from operator import add

import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.ui.eventlog import read_event_log

from ..servers import HistoryServer, spark_distribution
from .conftest import fail_first_attempt

SPARK_HOME = spark_distribution()
pytestmark = pytest.mark.skipif(SPARK_HOME is None, reason="needs Java on the PATH and pyspark installed "
                                "(its distribution holds the History Server)")


def _compressed_run(base) -> str:
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(base / "local"))
            .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", str(base / "events"))
            .set("spark.eventLog.compress", "true").set("spark.eventLog.compression.codec", "lz4"))
    with SparkContext("local[2]", "history-lz4", conf=conf) as sc:
        pairs = (sc.parallelize(range(200), 4)
                 .mapPartitionsWithIndex(fail_first_attempt(str(base / "failed-once")))
                 .map(lambda x: (x % 7, x)))
        assert len(pairs.reduceByKey(add, 3).collect()) == 7
        assert sc.parallelize(range(10), 2).count() == 10
        app_id = sc.app_id
    assert os.listdir(base / "events") == [app_id + ".lz4"]   # named as Spark names it
    return app_id


@pytest.fixture(scope="module")
def history(logged_run, sql_logged_run, tmp_path_factory):
    """(server, {app id: our events}) for the two RDD applications; the DataFrame
    application's id is ``server.sql_app``."""
    base = tmp_path_factory.mktemp("history")
    lz4_app = _compressed_run(base)
    plain_app = os.path.basename(logged_run[0])
    shutil.copy(logged_run[0], base / "events" / plain_app)
    sql_app = sql_logged_run[1]
    shutil.copy(sql_logged_run[0], base / "events" / os.path.basename(sql_logged_run[0]))
    server = HistoryServer(SPARK_HOME, str(base / "events"), str(base / "history-server.log"))
    server.sql_app = sql_app
    try:
        server.wait_for([lz4_app, plain_app, sql_app])
        ours = {app: read_event_log(str(base / "events" / name))
                for app, name in [(plain_app, plain_app), (lz4_app, lz4_app + ".lz4")]}
        yield server, ours
    finally:
        server.stop()


def test_both_applications_are_listed_complete(history):
    server, ours = history
    apps = {a["id"]: a for a in server.get("applications")}
    for app_id, events in ours.items():
        attempt = apps[app_id]["attempts"][0]
        assert attempt["completed"] is True
        assert apps[app_id]["name"] == events[0]["app_name"]
        assert attempt["duration"] > 0


def test_jobs_are_the_ones_we_ran(history):
    server, ours = history
    for app_id in ours:
        jobs = sorted(server.get(f"applications/{app_id}/jobs"), key=lambda j: j["jobId"])
        assert [j["status"] for j in jobs] == ["SUCCEEDED", "SUCCEEDED"]
        assert jobs[0]["name"].startswith("collect at ") and jobs[1]["name"].startswith("count at ")
        # 4 map + 3 reduce tasks (plus the one failed attempt), then 2
        assert [(j["numTasks"], j["numCompletedTasks"], j["numFailedTasks"]) for j in jobs] == \
            [(7, 7, 1), (2, 2, 0)]
        assert [len(j["stageIds"]) for j in jobs] == [2, 1]
        assert [(j["numCompletedStages"], j["numSkippedStages"]) for j in jobs] == [(2, 0), (1, 0)]


def test_stages_count_their_tasks_and_shuffle(history):
    server, ours = history
    for app_id, events in ours.items():
        stages = sorted(server.get(f"applications/{app_id}/stages"), key=lambda s: s["stageId"])
        submitted = [e for e in events if e["event"] == "stage_submitted"]
        assert [s["stageId"] for s in stages] == [e["stage"] for e in submitted]
        assert [s["status"] for s in stages] == ["COMPLETE"] * 3
        assert [(s["numTasks"], s["numCompleteTasks"], s["numFailedTasks"]) for s in stages] == \
            [(4, 4, 1), (3, 3, 0), (2, 2, 0)]
        map_stage, reduce_stage, count_stage = stages
        assert map_stage["shuffleWriteBytes"] > 0 and reduce_stage["shuffleReadBytes"] > 0
        assert map_stage["shuffleWriteRecords"] == reduce_stage["shuffleReadRecords"] == 4 * 7
        assert count_stage["shuffleReadBytes"] == count_stage["shuffleWriteBytes"] == 0
        written = sum(e["metrics"]["bytes_written"] for e in events
                      if e["event"] == "task_end" and e["stage"] == map_stage["stageId"])
        assert map_stage["shuffleWriteBytes"] == written


def test_task_attempts_keep_their_failure_and_metrics(history):
    server, ours = history
    for app_id in ours:
        stage = min(s["stageId"] for s in server.get(f"applications/{app_id}/stages"))
        tasks = server.get(f"applications/{app_id}/stages/{stage}/0/taskList?length=100")
        assert sorted((t["partitionId"], t["attempt"], t["status"]) for t in tasks) == \
            [(0, 0, "SUCCESS"), (1, 0, "FAILED"), (1, 1, "SUCCESS"), (2, 0, "SUCCESS"), (3, 0, "SUCCESS")]
        failed = next(t for t in tasks if t["status"] == "FAILED")
        assert "ValueError" in failed["errorMessage"]
        assert all(t["taskMetrics"]["shuffleWriteMetrics"]["bytesWritten"] > 0
                   for t in tasks if t["status"] == "SUCCESS")


def test_executors_are_the_worker_processes(history):
    server, ours = history
    for app_id, events in ours.items():
        executors = server.get(f"applications/{app_id}/allexecutors")
        ran_on = {e["metrics"]["executor"]["id"] for e in events if e["event"] == "task_end"}
        assert sorted(x["attributes"]["instance"] for x in executors) == sorted(ran_on)
        assert 1 <= len(executors) <= 2                     # local[2]: two worker processes
        assert sum(x["totalTasks"] for x in executors) == 10
        assert sum(x["failedTasks"] for x in executors) == 1
        assert sum(x["totalShuffleWrite"] for x in executors) > 0


def test_sql_tab_lists_the_query_with_its_plan_and_jobs(history):
    server, _ = history
    executions = server.get(f"applications/{server.sql_app}/sql?details=true&planDescription=true")
    assert len(executions) == 1
    ex = executions[0]
    assert ex["status"] == "COMPLETED"
    assert ex["description"].startswith("collect at conftest.py:")   # the action and its line
    assert ex["planDescription"].startswith("== Physical Plan ==\nAdaptiveSparkPlan (6)")
    jobs = server.get(f"applications/{server.sql_app}/jobs")
    assert sorted(ex["successJobIds"]) == sorted(j["jobId"] for j in jobs) and jobs
    names = [n["nodeName"] for n in ex["nodes"]]
    assert names.count("HashAggregate") == 2 and "Exchange" in names and "Range" in names
    assert "AdaptiveSparkPlan" in names and ex["edges"]


def test_sql_tab_shows_the_measured_rows_and_bytes(history):
    server, _ = history
    ex = server.get(f"applications/{server.sql_app}/sql?details=true")[0]
    metrics = {n["nodeName"]: {m["name"]: m["value"] for m in n["metrics"]} for n in ex["nodes"]
               if n["metrics"]}
    # 2 map tasks, each writing the partial counts of its 3 keys; 3 rows returned
    assert metrics["Exchange"]["shuffle records written"] == "6"
    assert metrics["Exchange"]["shuffle bytes written"].endswith(("B", "KiB"))
    assert metrics["HashAggregate"]["number of output rows"] == "3"
