"""TaskContext's attempt number after a retry, and cpus() from spark.task.cpus (own contexts)."""

from __future__ import annotations

import os

from spark_lambda.taskcontext import TaskContext


def describe(it):
    tc = TaskContext.get()
    yield {"attempt": tc.attemptNumber(), "cpus": tc.cpus()}


def test_attempt_number_counts_retries(new_context, tmp_path):
    sc = new_context(**{"spark.task.maxFailures": "2"})
    marker = str(tmp_path / "failed-once")

    def fail_first(it):
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise ValueError("first attempt fails")
        return describe(it)
    row = sc.parallelize([0], 1).mapPartitions(fail_first).collect()[0]
    assert row["attempt"] == 1


def test_cpus_is_spark_task_cpus(new_context):
    sc = new_context(**{"spark.task.cpus": "2"})
    assert sc.parallelize([0], 1).mapPartitions(describe).collect()[0]["cpus"] == 2
