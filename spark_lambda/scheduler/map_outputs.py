"""Map outputs: reading a shuffle's map statuses, and forgetting those a reducer could not fetch.

Mixed into ``DAGScheduler`` (its ``shuffle_stages``, under its lock). On a fetch failure the
lost map output is unregistered (with every other output of that shuffle gone from the store),
the reading stage goes back to waiting and the map stage re-runs what is missing, each as a
new stage attempt; it is not counted against the reducer, but ``MAX_STAGE_ATTEMPTS`` fetch
failures of one stage abort the job.
"""

from __future__ import annotations

from ..errors import JobFailedError, StoreError
from ..shuffle import shuffle_prefixes
from ..shuffle.combine import carry_schema
from ..wire import Task, TaskResult
from .taskset import TaskSet

MAX_STAGE_ATTEMPTS = 4


class MapOutputsMixin:
    """Mixed into DAGScheduler: the map statuses of its shuffle stages."""

    def map_statuses(self, shuffle_id: int) -> list:
        """The map statuses of a computed shuffle, in map order."""
        with self._lock:
            stage = self.shuffle_stages[shuffle_id]
            outputs = list(stage.outputs)
            source = stage.dep.source   # combiners' output: the map side's schema if none saw a table
            return carry_schema(outputs, self.shuffle_stages[source.shuffle_id].outputs) if source else outputs

    def _fetch_failed(self, job, taskset: TaskSet, task: Task, result: TaskResult) -> None:
        info = result.fetch_failure
        map_stage = self.shuffle_stages[info["shuffle_id"]]
        status = map_stage.outputs[info["map_index"]]
        if status is not None and status["key"] == info["key"]:
            map_stage.outputs[info["map_index"]] = None
            self._unregister_missing(map_stage)
        stage = taskset.stage
        taskset.running.pop(task.task_id, None)
        if taskset not in job.running:
            return  # this stage attempt was already failed by another fetch failure
        stage.fetch_failures += 1
        if stage.fetch_failures >= MAX_STAGE_ATTEMPTS:
            raise JobFailedError(f"Job aborted: stage {stage.id} kept failing to fetch shuffle "
                                 f"{info['shuffle_id']} ({MAX_STAGE_ATTEMPTS} stage attempts): "
                                 f"{result.error.get('message')}. Map outputs are rewritten when lost, so "
                                 "something keeps deleting or changing the application's objects: check "
                                 "the bucket's lifecycle rules and who else writes to its shuffle prefix.")
        job.running.remove(taskset)
        self.ctx.emit("stage_resubmitted", job=job.id, stage=stage.id, attempt=stage.attempt + 1,
                      reason=result.error.get("message"))
        self._submit(job, stage)

    def _unregister_missing(self, map_stage) -> None:
        """Forget every output of the shuffle that is gone from the store, so one re-run of
        the map stage writes them all again (as Spark forgets every output of a lost
        executor), rather than a reduce-stage attempt finding one lost output at a time."""
        try:
            present = {info.key for prefix in shuffle_prefixes(self.ctx.app_id, map_stage.dep.shuffle_id)
                       for info in self.ctx.work_store.list(prefix)}
        except StoreError:
            return  # a store that cannot list: the lost outputs are found one at a time
        for i, status in enumerate(map_stage.outputs):
            if status is not None and status["key"] not in present:
                map_stage.outputs[i] = None
