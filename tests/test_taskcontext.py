"""TaskContext inside a task, as PySpark's (values checked against a PySpark 4 local run:
``TaskContext() is TaskContext.get()``, stage and partition ids, attempt 0, distinct
attempt ids, local properties from the submitting thread, no resources, one cpu)."""

from __future__ import annotations

import os
import threading

import pytest

from spark_lambda.taskcontext import TaskContext


def describe(it):
    tc = TaskContext()
    yield {"same": tc is TaskContext.get(), "stage": tc.stageId(), "partition": tc.partitionId(),
           "attempt": tc.attemptNumber(), "task": tc.taskAttemptId(), "k": tc.getLocalProperty("k"),
           "missing": tc.getLocalProperty("missing"), "resources": tc.resources(), "cpus": tc.cpus()}


def test_task_context_in_a_task(sc):
    sc.setLocalProperty("k", "v")
    try:
        rows = sc.parallelize(range(4), 2).mapPartitions(describe).collect()
    finally:
        sc.setLocalProperty("k", None)
    assert [r["partition"] for r in rows] == [0, 1]
    assert all(r["same"] for r in rows)
    assert len({r["stage"] for r in rows}) == 1
    assert len({r["task"] for r in rows}) == 2 and all(isinstance(r["task"], int) for r in rows)
    assert [(r["attempt"], r["k"], r["missing"], r["resources"], r["cpus"]) for r in rows] == \
        [(0, "v", None, {}, 1)] * 2


def test_a_shuffle_stage_has_its_own_stage_id(sc):
    first = sc.parallelize(range(4), 2).mapPartitions(describe).collect()[0]["stage"]
    after = (sc.parallelize(range(4), 2).map(lambda x: (x, 1)).reduceByKey(lambda a, b: a)
             .mapPartitions(describe).collect())
    assert len({r["stage"] for r in after}) == 1 and after[0]["stage"] != first
    assert {r["partition"] for r in after} == {0, 1}


def test_local_properties_follow_the_submitting_thread(sc):
    sc.setLocalProperty("k", "main")
    seen = {}

    def other():
        sc.setLocalProperty("k", "other")
        seen["other"] = sc.parallelize([0], 1).mapPartitions(describe).collect()[0]["k"]
    t = threading.Thread(target=other)
    t.start()
    t.join()
    try:
        assert sc.getLocalProperty("k") == "main"
        assert sc.parallelize([0], 1).mapPartitions(describe).collect()[0]["k"] == "main"
        assert seen["other"] == "other"
    finally:
        sc.setLocalProperty("k", None)
    assert sc.getLocalProperty("k") is None
    assert sc.parallelize([0], 1).mapPartitions(describe).collect()[0]["k"] is None


def test_outside_a_task():
    assert TaskContext.get() is None
    empty = TaskContext()
    assert (empty.stageId(), empty.partitionId(), empty.getLocalProperty("k"), empty.resources()) == \
        (None, None, None, None)
    assert TaskContext.get() is None
