"""sc.setLocalProperty / getLocalProperty, job groups and tags as local properties, and
InheritableThread; expected values recorded from PySpark 4.3 (tests/data/pyspark_job_control.json)."""

from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path

import pytest

import spark_lambda
from spark_lambda import InheritableThread, TaskContext

RECORDED = json.loads((Path(__file__).parent.parent / "data" / "pyspark_job_control.json").read_text())
GROUP_KEYS = ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")


def _group_props(sc) -> dict:
    return {k: sc.getLocalProperty(k) for k in GROUP_KEYS}


def _task_properties(sc) -> list:
    """The local properties each task of a job received."""
    return sc.parallelize(range(2), 2).map(lambda _: TaskContext.get().task.local_properties).collect()


def test_set_get_and_remove(sc):
    sc.setLocalProperty("k", "v")
    assert sc.getLocalProperty("k") == "v"
    sc.setLocalProperty("k", None)
    assert sc.getLocalProperty("k") == RECORDED["after_remove"] is None
    assert sc.getLocalProperty("never set") is None
    assert RECORDED["set_int"][0] == "error"
    with pytest.raises(TypeError):
        sc.setLocalProperty("n", 5)


def test_threads_inherit_only_through_inheritable_thread(sc):
    sc.setLocalProperty("k", "v")
    seen = {}

    def look(name):
        seen[name] = sc.getLocalProperty("k")
        sc.setLocalProperty("k", "changed by " + name)   # never reaches the parent
    try:
        for name, cls in (("inheritable", InheritableThread), ("plain", threading.Thread)):
            t = cls(target=look, args=(name,))
            t.start()
            t.join()
        assert seen == RECORDED["thread_inheritance"] == {"inheritable": "v", "plain": None}
        assert sc.getLocalProperty("k") == "v"
    finally:
        sc.setLocalProperty("k", None)


def test_inheritable_thread_copies_when_started(sc):
    sc.setLocalProperty("k", "before")
    t = InheritableThread(target=lambda: box.append(sc.getLocalProperty("k")))
    box: list = []
    sc.setLocalProperty("k", "at start")
    t.start()
    t.join()
    sc.setLocalProperty("k", None)
    assert box == ["at start"]
    assert spark_lambda.InheritableThread is InheritableThread and "InheritableThread" in spark_lambda.__all__


def test_job_group_properties(sc):
    sc.setJobGroup("g1", "first group")
    assert _group_props(sc) == RECORDED["props_after_setJobGroup"]
    sc.clearJobGroup()
    assert _group_props(sc) == RECORDED["props_after_clearJobGroup"]
    sc.setInterruptOnCancel(True)
    sc.setJobDescription("described")
    assert _group_props(sc) == RECORDED["props_interrupt_description"]
    sc.setJobDescription(None)
    assert sc.getLocalProperty("spark.job.description") == RECORDED["description_after_none"]
    sc.clearJobGroup()


def test_job_tags(sc):
    sc.addJobTag("t1")
    sc.addJobTag("t2")
    try:
        assert sorted(sc.getJobTags()) == RECORDED["tags"]
        assert isinstance(sc.getJobTags(), set)
        assert sc.getLocalProperty("spark.job.tags") == RECORDED["tags_prop"]
        sc.removeJobTag("t1")
        sc.removeJobTag("never added")
        assert sorted(sc.getJobTags()) == RECORDED["tags_after_remove"]
        for bad in ("", "a,b"):
            assert RECORDED["addJobTag_" + repr(bad)][0] == "Py4JJavaError"
            with pytest.raises(ValueError):
                sc.addJobTag(bad)
    finally:
        sc.clearJobTags()
    assert sorted(sc.getJobTags()) == RECORDED["tags_after_clear"] == []


def test_tasks_carry_their_threads_properties(sc):
    sc.setLocalProperty("user.key", "main")
    sc.setJobGroup("main-group", "d")
    try:
        found = {}

        def child(name):
            sc.setLocalProperty("user.key", name)
            found[name] = _task_properties(sc)
        threads = [InheritableThread(target=child, args=(f"t{i}",)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        main = _task_properties(sc)
    finally:
        sc.setLocalProperty("user.key", None)
        sc.clearJobGroup()
    assert main == [{"user.key": "main", "spark.jobGroup.id": "main-group", "spark.job.description": "d",
                     "spark.job.interruptOnCancel": "false"}] * 2
    for name, props in found.items():
        assert [p["user.key"] for p in props] == [name, name]
        assert all(p["spark.jobGroup.id"] == "main-group" for p in props)
    assert _task_properties(sc) == [{}, {}]


def test_collect_with_job_group_joins_the_group(sc):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert sc.parallelize([1, 2], 2).collectWithJobGroup("cg", "d") == RECORDED["collectWithJobGroup"]
    try:
        assert [type(w.message).__name__ for w in caught] == RECORDED["collectWithJobGroup_warnings"]
        assert sc.getLocalProperty("spark.jobGroup.id") == RECORDED["group_after_collectWithJobGroup"]
        assert len(sc.statusTracker().getJobIdsForGroup("cg")) == len(RECORDED["ids_cg"]) == 1
    finally:
        sc.clearJobGroup()
