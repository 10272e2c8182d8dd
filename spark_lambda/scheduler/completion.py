"""Handling a finished task: its result registered, a failed one retried or the job aborted.

Mixed into ``DAGScheduler``, under its lock, for every future the job's thread takes from its
completion queue. A success registers a map status or decodes a result value (inline, or from
the work store, deleted once read), merges accumulators, cached blocks and profiles; when a
task set finishes, the waiting stages whose parents are now all available are submitted. A
failure is retried with a new attempt number until ``spark.task.maxFailures`` failures abort
the job with the remote error; a fetch failure goes to ``map_outputs.py``.
"""

from __future__ import annotations

import pickle
import time

from ..errors import job_failed
from ..gcpause import paused_gc
from ..serializers import decode_frames, unseal
from ..wire import Task, TaskResult, unb64
from .taskset import TaskSet


class CompletionMixin:
    """Mixed into DAGScheduler: what a finished task's result does to its job."""

    def _handle(self, job, taskset: TaskSet, task: Task, result: TaskResult) -> None:
        stage = taskset.stage
        self.ctx.emit("task_end", job=job.id, stage=stage.id, stage_attempt=task.stage_attempt,
                      partition=task.partition, attempt=task.attempt, task_id=task.task_id,
                      status=result.status, metrics=result.metrics, error=result.error)
        if result.status == "success":
            if not taskset.succeeded(task.task_id, task.partition, time.monotonic()):
                return
            for rdd_id, split, key in result.cached:
                self.ctx.cached_partitions(rdd_id).setdefault(split, key)
            self.ctx.apply_accumulators(result.accumulators)
            if result.profile:
                self.ctx.add_profile(stage.rdd.id, result.profile)
            if stage.kind == "map":
                if stage.outputs[task.partition] is None:
                    stage.outputs[task.partition] = result.map_status
            else:
                i = job.index[task.partition]
                if not job.results_done[i]:
                    job.set_result(i, self._decode(result.value))
            if taskset.finished and taskset in job.running:
                self._finish_taskset(job, taskset)
        elif result.status == "fetch_failed":
            self._fetch_failed(job, taskset, task, result)
        else:
            if task.partition in taskset.done:
                taskset.running.pop(task.task_id, None)
                return   # a copy of a partition that already succeeded
            if taskset.failed(task.task_id, task.partition):
                if taskset in job.running and not taskset.copies_running(task.partition):
                    self._launch(job, taskset, task.partition)
                return
            err = result.error or {}
            raise job_failed(
                f"Job aborted: task for partition {task.partition} of stage {stage.id} failed "
                f"{taskset.failures[task.partition]} times (spark.task.maxFailures={taskset.max_failures}). "
                f"Last failure: {err.get('type')}: {err.get('message')}\n"
                f"Remote traceback:\n{err.get('traceback', '')}",
                err.get("type", ""), remote_message=err.get("message", ""),
                remote_traceback=err.get("traceback", ""), stage_id=stage.id, partition=task.partition)

    def _finish_taskset(self, job, taskset: TaskSet) -> None:
        job.running.remove(taskset)
        stage = taskset.stage
        self.ctx.emit("stage_completed", job=job.id, stage=stage.id, attempt=taskset.stage_attempt,
                      tasks=taskset.total)
        if stage.kind == "map" and not stage.available:  # outputs lost while it ran
            self._submit(job, stage)
        for waiting in list(job.waiting):
            if not self._missing_parents(waiting):
                job.waiting.discard(waiting)
                self._submit(job, waiting)

    def _decode(self, payload: dict):
        if payload.get("data") is not None:
            data = unb64(payload["data"])
        else:
            key = payload["key"]
            blob = self.ctx.work_store.get(key)
            self.ctx.work_store.delete([key])
            data = unseal(self.ctx.secret, blob, f"task result {key}")
        with paused_gc():
            if payload.get("framed"):
                return list(decode_frames(data))
            return pickle.loads(data)
