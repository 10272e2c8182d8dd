"""sc.statusTracker(): PySpark's StatusTracker over the scheduler's events; expected values
recorded from PySpark 4.3 on the same program (tests/data/pyspark_job_control.json)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from spark_lambda import JobFailedError, SparkJobInfo, SparkStageInfo

from ..scheduler.cancel_scenario import markers, sleeper, wait_for

RECORDED = json.loads((Path(__file__).parent.parent / "data" / "pyspark_job_control.json").read_text())


def test_groups_jobs_and_stages_as_pyspark_reports_them(new_context):
    sc = new_context()
    sc.setJobGroup("g1", "first group")
    sc.parallelize(range(10), 2).map(lambda x: (x % 3, x)).reduceByKey(lambda a, b: a + b).collect()
    sc.clearJobGroup()
    sc.parallelize(range(4), 2).count()
    st = sc.statusTracker()
    assert st.getJobIdsForGroup("g1") == RECORDED["ids_g1"] == [0]
    assert st.getJobIdsForGroup() == RECORDED["ids_none"] == [1]
    assert st.getJobIdsForGroup("nope") == RECORDED["ids_missing"] == []
    info = st.getJobInfo(0)
    assert isinstance(info, SparkJobInfo)
    job_id, stage_ids, status = RECORDED["job_info_g1"]
    assert (info.jobId, len(info.stageIds), info.status) == (job_id, len(stage_ids), status)
    stages = [st.getStageInfo(s) for s in info.stageIds]
    assert all(isinstance(s, SparkStageInfo) for s in stages)
    # (attempt, tasks, active, completed, failed) of both stages, as recorded
    assert sorted(tuple(s[1:2] + s[3:]) for s in stages) == \
        sorted(tuple(r[1:2] + r[3:]) for r in RECORDED["stage_infos_g1"].values())
    assert any(s.name.startswith("collect at test_status_tracker.py:") for s in stages)
    assert st.getJobInfo(999) is RECORDED["job_info_missing"] is None
    assert st.getStageInfo(999) is RECORDED["stage_info_missing"] is None
    assert st.getActiveJobsIds() == RECORDED["active_jobs_idle"] == []
    assert st.getActiveStageIds() == RECORDED["active_stages_idle"] == []


def test_a_failed_job_and_its_failed_tasks(new_context):
    sc = new_context(spark_task_maxFailures="2")
    with pytest.raises(JobFailedError):
        sc.parallelize([1], 1).map(lambda x: 1 / 0).collect()
    st = sc.statusTracker()
    last = max(st.getJobIdsForGroup())
    info = st.getJobInfo(last)
    assert info.status == RECORDED["failed_job_status"] == "FAILED"
    stage = st.getStageInfo(info.stageIds[0])
    assert (stage.numTasks, stage.numActiveTasks, stage.numCompletedTasks, stage.numFailedTasks) == (1, 0, 0, 2)


def test_running_job_is_active_with_its_running_tasks(sc, tmp_path):
    st = sc.statusTracker()
    sc.addJobTag("watched")
    box = {}

    def run():
        box["r"] = sc.parallelize(range(3), 3).map(sleeper(str(tmp_path), 2.0)).collect()
    t = threading.Thread(target=run)   # a plain thread: no tag
    t.start()
    try:
        wait_for(lambda: len(markers(tmp_path, "start-")) == 2)
        [job] = st.getActiveJobsIds()
        [stage_id] = st.getActiveStageIds()
        assert st.getJobInfo(job) == SparkJobInfo(job, [stage_id], "RUNNING")
        stage = st.getStageInfo(stage_id)
        assert (stage.stageId, stage.currentAttemptId, stage.numTasks, stage.numFailedTasks) == (stage_id, 0, 3, 0)
        assert stage.numActiveTasks + stage.numCompletedTasks <= 3 and stage.numActiveTasks >= 1
        assert job not in st.getJobIdsForTag("watched")
        t.join(60)
        assert box["r"] == [0, 1, 2]
        assert st.getActiveJobsIds() == [] and st.getActiveStageIds() == []
        assert st.getJobInfo(job).status == "SUCCEEDED"
        assert st.getStageInfo(stage_id)[3:] == (3, 0, 3, 0)
        sc.parallelize([1], 1).count()
        assert st.getJobIdsForTag("watched") == [max(st.getJobIdsForGroup())]
    finally:
        sc.clearJobTags()
