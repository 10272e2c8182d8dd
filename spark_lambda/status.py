"""Job and stage progress for programs (``pyspark.status``): ``sc.statusTracker()``.

``StatusTracker`` answers from the status the context keeps of recent jobs and
stages (``ui/job_status.py``, fed by the scheduler's events), with PySpark's
weak consistency: a job's stage may be known before its details are, and old
jobs and stages are forgotten (the last 1000 of each are kept).
"""

from __future__ import annotations

from typing import NamedTuple


class SparkJobInfo(NamedTuple):
    """A job: its id, the ids of its stages, and ``status``: ``RUNNING``,
    ``SUCCEEDED``, ``FAILED`` or ``UNKNOWN``."""
    jobId: int
    stageIds: list
    status: str


class SparkStageInfo(NamedTuple):
    """A stage's latest attempt: its task counts so far."""
    stageId: int
    currentAttemptId: int
    name: str
    numTasks: int
    numActiveTasks: int
    numCompletedTasks: int
    numFailedTasks: int


class StatusTracker:
    """Low-level status reporting of recent jobs and stages (PySpark's ``StatusTracker``)."""

    def __init__(self, status):
        self._status = status

    def getJobIdsForGroup(self, jobGroup: str | None = None) -> list[int]:
        """The known jobs of ``jobGroup``, or those in no group when it is None (running,
        failed and finished jobs, in no particular order)."""
        return self._status.job_ids(group=jobGroup)

    def getJobIdsForTag(self, jobTag: str) -> list[int]:
        """The known jobs that carry ``jobTag`` (see ``SparkContext.addJobTag``)."""
        return self._status.job_ids(tag=jobTag)

    def getActiveStageIds(self) -> list[int]:
        """The ids of the stages running now, sorted."""
        return self._status.active_stage_ids()

    def getActiveJobsIds(self) -> list[int]:
        """The ids of the jobs running now, sorted."""
        return self._status.active_job_ids()

    def getJobInfo(self, jobId: int) -> SparkJobInfo | None:
        """A ``SparkJobInfo``, or None when the job is unknown or forgotten."""
        found = self._status.job(jobId)
        return None if found is None else SparkJobInfo(jobId, *found)

    def getStageInfo(self, stageId: int) -> SparkStageInfo | None:
        """A ``SparkStageInfo``, or None when the stage is unknown, forgotten, or not started yet."""
        found = self._status.stage(stageId)
        return None if found is None else SparkStageInfo(stageId, *found)
