"""A job on the driver: what it computes, what it has so far, and what it runs with.

Plain data that ``dag.DAGScheduler`` changes as results arrive: the results
by partition, the stages waiting for their parents, the task sets running,
the futures in flight. A job keeps a copy of the local properties of the
thread that started it (``context/local_properties.py``): its job group,
tags and ``interruptOnCancel`` decide which cancellations reach it, and every
task of the job carries the copy.
"""

from __future__ import annotations

import os
import queue
import sys

from .stages import ResultStage
from .taskset import TaskSet

WAKE_UP = object()   # put in a job's completions to wake its thread without a result

JOB_GROUP_ID = "spark.jobGroup.id"
JOB_DESCRIPTION = "spark.job.description"
SQL_EXECUTION_ID = "spark.sql.execution.id"   # set by a DataFrame action for its jobs
JOB_INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel"
JOB_TAGS = "spark.job.tags"
CALL_SITE = "callSite.short"   # a job's name when set (Spark's ``setCallSite``)
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def call_site() -> str:
    """Spark's job name: "<action> at <file>:<line>" of the user code that ran the action."""
    action, where = "runJob", "<unknown>"
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if not os.path.abspath(code.co_filename).startswith(_PACKAGE_DIR):
            where = f"{os.path.basename(code.co_filename)}:{frame.f_lineno}"
            break
        action = code.co_name   # the outermost engine frame is the action the user called
        frame = frame.f_back
    return f"{action} at {where}"


def stage_name(job, stage) -> str:
    """A stage's name in events: the job's call site for its result stage, and for every
    stage of a DataFrame action (``collect at app.py:12``, as Spark names a query's stages)."""
    if stage.kind == "result" or job.properties.get(SQL_EXECUTION_ID) is not None:
        return job.name
    return f"shuffle write of {stage.rdd!r}"


class Job:
    """One job: its final stage, its results so far, its stages in flight, its properties."""

    def __init__(self, job_id: int, final: ResultStage, n: int, name: str, properties: dict,
                 map_only: bool = False):
        self.id = job_id
        self.name = name
        self.properties = dict(properties)
        self.group = properties.get(JOB_GROUP_ID)
        self.tags = {t for t in (properties.get(JOB_TAGS) or "").split(",") if t}
        self.interrupt = str(properties.get(JOB_INTERRUPT_ON_CANCEL, "false")).lower() == "true"
        self.cancelled: str | None = None   # the cancellation message, once cancelled
        # futures as they finish (their done callbacks put them here), and ``WAKE_UP`` when the
        # job is cancelled: its thread takes them one at a time, whatever is in flight
        self.completions: queue.SimpleQueue = queue.SimpleQueue()
        self.final = final
        self.results: list = [None] * n
        self.results_done: list = [False] * n
        self.remaining = n                  # results still missing
        self.index = {p: i for i, p in enumerate(final.partitions)}
        self.waiting: set = set()
        self.running: list[TaskSet] = []
        self.inflight: dict = {}
        self.map_only = map_only            # run_map_stages: done when the final stage's parents are

    @property
    def finished(self) -> bool:
        if self.map_only:
            return not self.waiting and not self.running
        return self.remaining == 0

    def set_result(self, i: int, value) -> None:
        """The result of the job's ``i``-th partition (the first one that arrives counts)."""
        if not self.results_done[i]:
            self.results[i] = value
            self.results_done[i] = True
            self.remaining -= 1
