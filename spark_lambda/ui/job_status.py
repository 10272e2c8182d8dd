"""The status of recent jobs and stages, kept from the scheduler's events.

A listener the ``SparkContext`` keeps (``sc.job_status``); ``sc.statusTracker()``
(``spark_lambda.status``) reads it, as Spark's status tracker reads its status
store. Events arrive from every thread that runs a job, so changes and reads
take one lock.

* ``job_start`` files the job under its group and tags with every stage of its
  graph (stages whose outputs exist already included, as Spark lists skipped
  stages), status ``RUNNING``;
* ``job_end`` makes it ``SUCCEEDED`` or ``FAILED`` (a cancelled job failed),
  and the stages it still had running stop being active;
* ``stage_submitted`` starts a stage attempt: its counters start from zero,
  since a stage's info is its latest attempt's;
* ``task_start`` / ``task_end`` count the attempt's active, completed and
  failed tasks (a task of an older attempt changes nothing);
* ``stage_completed`` ends the attempt.

Only the most recent ``RETAINED_JOBS`` jobs and ``RETAINED_STAGES`` stages are
kept (Spark's ``spark.ui.retainedJobs`` and ``spark.ui.retainedStages`` defaults).
"""

from __future__ import annotations

import threading

RETAINED_JOBS = 1000
RETAINED_STAGES = 1000


class JobStatus:
    """``listener(event, fields)`` holding the status of recent jobs and stages."""

    def __init__(self):
        self._lock = threading.Lock()
        self.jobs: dict[int, dict] = {}     # job id -> {stages, status, group, tags, active_stages}
        self.stages: dict[int, dict] = {}   # stage id -> its latest attempt

    events = frozenset({"job_start", "job_end", "stage_submitted", "stage_completed",
                        "task_start", "task_end"})   # its ``_on_`` handlers

    def __call__(self, event: str, fields: dict) -> None:
        handler = getattr(self, "_on_" + event, None)
        if handler is not None:
            with self._lock:
                handler(fields)

    # --- events ---------------------------------------------------------------------------
    def _on_job_start(self, f: dict) -> None:
        self.jobs[f["job"]] = {"stages": sorted(s["stage"] for s in f.get("stages") or [{"stage": f["final_stage"]}]), "status": "RUNNING",
                               "group": f.get("group"), "tags": set(f.get("tags") or ()),
                               "active_stages": set()}
        _trim(self.jobs, RETAINED_JOBS, lambda j: j["status"] != "RUNNING")

    def _on_job_end(self, f: dict) -> None:
        job = self.jobs.get(f["job"])
        if job is None:
            return
        job["status"] = "SUCCEEDED" if f.get("ok") else "FAILED"
        for stage_id in job["active_stages"]:
            stage = self.stages.get(stage_id)
            if stage is not None:
                stage["active"] = False
                stage["running_tasks"].clear()
        job["active_stages"].clear()

    def _on_stage_submitted(self, f: dict) -> None:
        self.stages[f["stage"]] = {"attempt": f["attempt"], "name": f.get("name", ""), "tasks": f["tasks"],
                                   "running_tasks": set(), "completed": 0, "failed": 0, "active": True}
        job = self.jobs.get(f["job"])
        if job is not None:
            job["active_stages"].add(f["stage"])
            if f["stage"] not in job["stages"]:
                job["stages"].append(f["stage"])
        _trim(self.stages, RETAINED_STAGES, lambda s: not s["active"])

    def _on_stage_completed(self, f: dict) -> None:
        stage = self._attempt(f["stage"], f["attempt"])
        if stage is not None:
            stage["active"] = False
        job = self.jobs.get(f["job"])
        if job is not None:
            job["active_stages"].discard(f["stage"])

    def _on_task_start(self, f: dict) -> None:
        stage = self._attempt(f["stage"], f["stage_attempt"])
        if stage is not None:
            stage["running_tasks"].add(f["task_id"])

    def _on_task_end(self, f: dict) -> None:
        stage = self._attempt(f["stage"], f["stage_attempt"])
        if stage is None or f["task_id"] not in stage["running_tasks"]:
            return
        stage["running_tasks"].discard(f["task_id"])
        if f.get("status") == "success":
            stage["completed"] += 1
        else:
            stage["failed"] += 1

    def _attempt(self, stage_id: int, attempt: int) -> dict | None:
        stage = self.stages.get(stage_id)
        return stage if stage is not None and stage["attempt"] == attempt else None

    # --- queries (spark_lambda.status.StatusTracker) ----------------------------------------
    def job_ids(self, group: str | None = None, tag: str | None = None) -> list[int]:
        """Known jobs of ``group`` (None: jobs in no group), or carrying ``tag`` when given."""
        with self._lock:
            if tag is not None:
                return [i for i, j in self.jobs.items() if tag in j["tags"]]
            return [i for i, j in self.jobs.items() if j["group"] == group]

    def active_job_ids(self) -> list[int]:
        """The jobs running now, sorted."""
        with self._lock:
            return sorted(i for i, j in self.jobs.items() if j["status"] == "RUNNING")

    def active_stage_ids(self) -> list[int]:
        """The stages running now, sorted."""
        with self._lock:
            return sorted(i for i, s in self.stages.items() if s["active"])

    def job(self, job_id: int) -> tuple[list[int], str] | None:
        """(stage ids, status) of a known job."""
        with self._lock:
            job = self.jobs.get(job_id)
            return None if job is None else (list(job["stages"]), job["status"])

    def stage(self, stage_id: int) -> tuple | None:
        """(attempt, name, tasks, active tasks, completed tasks, failed tasks) of a known stage."""
        with self._lock:
            s = self.stages.get(stage_id)
            if s is None:
                return None
            return (s["attempt"], s["name"], s["tasks"], len(s["running_tasks"]), s["completed"], s["failed"])


def _trim(entries: dict, limit: int, finished) -> None:
    """Drop the oldest finished entries beyond ``limit``."""
    excess = len(entries) - limit
    if excess <= 0:
        return
    for key in [k for k, v in entries.items() if finished(v)][:excess]:
        del entries[key]
