"""The status store behind sc.statusTracker(), fed events directly: a stage's info is its
latest attempt's, tasks of an older attempt change nothing, a job's end ends its stages,
and only the most recent jobs and stages are kept."""

from __future__ import annotations

from spark_lambda.ui import job_status
from spark_lambda.ui.job_status import JobStatus


def _start(store, job, stages, group=None, tags=()):
    store("job_start", {"job": job, "final_stage": stages[-1], "stages": [{"stage": s} for s in stages],
                        "group": group, "tags": list(tags)})


def _task(store, event, stage, attempt, task_id, status="success"):
    store(event, {"job": 0, "stage": stage, "stage_attempt": attempt, "task_id": task_id, "status": status})


def test_a_resubmitted_stage_reports_its_latest_attempt():
    store = JobStatus()
    _start(store, 0, [5], group="g", tags=["a", "b"])
    store("stage_submitted", {"job": 0, "stage": 5, "attempt": 0, "tasks": 3, "name": "collect at x.py:1"})
    _task(store, "task_start", 5, 0, 1)
    _task(store, "task_start", 5, 0, 2)
    _task(store, "task_end", 5, 0, 1, "fetch_failed")
    assert store.stage(5) == (0, "collect at x.py:1", 3, 1, 0, 1)
    store("stage_submitted", {"job": 0, "stage": 5, "attempt": 1, "tasks": 2, "name": "collect at x.py:1"})
    _task(store, "task_end", 5, 0, 2)                 # the old attempt's task: ignored
    _task(store, "task_start", 5, 1, 3)
    _task(store, "task_end", 5, 1, 3)
    assert store.stage(5) == (1, "collect at x.py:1", 2, 0, 1, 0)
    assert store.job_ids(group="g") == [0] and store.job_ids(tag="b") == [0] and store.job_ids() == []
    assert store.active_stage_ids() == [5] and store.active_job_ids() == [0]
    store("job_end", {"job": 0, "ok": False})
    assert store.job(0) == ([5], "FAILED")
    assert store.active_stage_ids() == [] and store.active_job_ids() == []


def test_only_recent_finished_jobs_and_stages_are_kept(monkeypatch):
    monkeypatch.setattr(job_status, "RETAINED_JOBS", 3)
    monkeypatch.setattr(job_status, "RETAINED_STAGES", 3)
    store = JobStatus()
    _start(store, 0, [0])                             # runs throughout: never dropped
    store("stage_submitted", {"job": 0, "stage": 0, "attempt": 0, "tasks": 1})
    for j in range(1, 6):
        _start(store, j, [j])
        store("stage_submitted", {"job": j, "stage": j, "attempt": 0, "tasks": 1})
        store("stage_completed", {"job": j, "stage": j, "attempt": 0})
        store("job_end", {"job": j, "ok": True})
    assert sorted(store.jobs) == [0, 4, 5]
    assert sorted(store.stages) == [0, 4, 5]
    assert store.job(1) is None and store.job(5) == ([5], "SUCCEEDED")
