"""Building a job's stages and launching their tasks.

Mixed into ``DAGScheduler`` (its ``ctx``, ``backend``, ``shuffle_stages`` and counters), under
its lock. The stage graph: one ``ShuffleMapStage`` per shuffle, kept across jobs, cut from the
lineage where it reads a shuffle (not behind a persisted RDD whose partitions are all stored).
Submission: a stage whose parents' map outputs are not all registered waits while they are
submitted first; a ready stage becomes a new ``TaskSet`` over its missing partitions (every
submission after a stage's first is a new stage attempt), all its tasks launched at once. A
stage's code is pickled and uploaded once, before any task of the job runs. Speculation
launches one more attempt of each straggler of the running task sets.
"""

from __future__ import annotations

import time

from ..rdd.persist import cache_reads
from ..serializers import digest, dumps_closure, seal
from ..wire import Task
from .job import stage_name
from .stages import ShuffleMapStage, shuffle_dependencies
from .taskset import TaskSet


class SubmissionMixin:
    """Mixed into DAGScheduler: the stage graph, stage submission and task launch."""

    # --- stage graph ----------------------------------------------------------------
    def _cached(self, rdd) -> bool:
        return len(self.ctx.cached_partitions(rdd.id)) == rdd.getNumPartitions()

    def _stage_for(self, dep) -> ShuffleMapStage:
        stage = self.shuffle_stages.get(dep.shuffle_id)
        if stage is None:
            stage = self.shuffle_stages[dep.shuffle_id] = ShuffleMapStage(dep)
        return stage

    def _parents(self, stage) -> list[ShuffleMapStage]:
        return [self._stage_for(d) for d in shuffle_dependencies(stage.rdd, self._cached)]

    def _missing_parents(self, stage) -> list[ShuffleMapStage]:
        return [p for p in self._parents(stage) if not p.available]

    def _number_ancestors(self, rdd) -> None:
        """Create the map stages behind ``rdd`` that do not exist yet, every stage after its
        parents, so that as in Spark a stage's id is higher than its ancestors' (a job is
        named after its highest stage)."""
        stack = [(d, False) for d in reversed(shuffle_dependencies(rdd, self._cached))]
        while stack:
            dep, expanded = stack.pop()
            if dep.shuffle_id in self.shuffle_stages:
                continue
            if expanded:
                self._stage_for(dep)
                continue
            stack.append((dep, True))
            stack.extend((d, False) for d in reversed(shuffle_dependencies(dep.rdd, self._cached))
                         if d.shuffle_id not in self.shuffle_stages)

    def _job_stages(self, job, final) -> list[dict]:
        """Every stage the job may run, final first (those whose outputs exist are skipped)."""
        found, stack, seen = [], [final], set()
        while stack:
            s = stack.pop()
            if s.id in seen:
                continue
            seen.add(s.id)
            parents = self._parents(s)
            found.append({"stage": s.id, "name": stage_name(job, s), "kind": s.kind,
                          "tasks": len(s.outputs) if s.kind == "map" else len(s.partitions),
                          "parents": [p.id for p in parents]})
            stack.extend(parents)
        return found

    def _check_code(self, stage) -> None:
        """Pickle the code of every stage the job may run before any task runs
        (a clear error, and nothing started)."""
        stack, seen = [stage], set()
        while stack:
            s = stack.pop()
            if s.id not in seen:
                seen.add(s.id)
                self._code_key(s)
                stack.extend(self._missing_parents(s))

    def _submit(self, job, stage) -> None:
        if stage in job.waiting or any(ts.stage is stage for ts in job.running):
            return
        parents = self._parents(stage)
        missing = [p for p in parents if not p.available]
        if missing:
            job.waiting.add(stage)
            for parent in missing:
                self._submit(job, parent)
            return
        if job.map_only and stage is job.final:
            return
        partitions = stage.missing_partitions() if stage.kind == "map" else \
            [p for i, p in enumerate(stage.partitions) if job.results_done[i] is False]
        if stage.submissions:
            stage.attempt += 1   # its tasks' keys differ from every earlier attempt's
        stage.submissions += 1
        taskset = TaskSet(stage, partitions, self.ctx.max_failures)
        job.running.append(taskset)
        self.ctx.emit("stage_submitted", job=job.id, stage=stage.id, attempt=stage.attempt,
                      tasks=len(partitions), kind=stage.kind, name=stage_name(job, stage),
                      parents=[p.id for p in parents])
        for p in partitions:
            self._launch(job, taskset, p)
        if not partitions:
            self._finish_taskset(job, taskset)

    def _code_key(self, stage) -> str:
        key = self._uploaded.get(stage.id)
        if key is None:
            extra = stage.dep if stage.kind == "map" else stage.func
            data = dumps_closure((stage.rdd, extra), "function of this job (and what it references)")
            key = f"{self.ctx.app_id}/code/{digest(data)}"
            self.ctx.work_store.put(key, seal(self.ctx.secret, data))
            self._uploaded[stage.id] = key
        return key

    def _launch(self, job, taskset: TaskSet, partition: int, speculative: bool = False) -> None:
        if job.cancelled is not None:
            return
        stage = taskset.stage
        inputs = {}
        for read in stage.rdd.shuffle_reads(partition):  # (sid, reduce[, (first map, end)])
            sid, reduce_part = read[0], read[1]
            first, end = read[2] if len(read) > 2 else (0, None)
            outputs = self.shuffle_stages[sid].outputs[first:end]
            inputs[f"{sid}:{reduce_part}"] = [
                [s["key"], s["offsets"][reduce_part], s["offsets"][reduce_part + 1], m]
                for m, s in enumerate(outputs, first)
                if s is not None and s["offsets"][reduce_part + 1] > s["offsets"][reduce_part]]
        task = Task(app_id=self.ctx.app_id, work_url=self.ctx.work_url, secret=self._secret_hex,
                    stage_id=stage.id, stage_attempt=taskset.stage_attempt, partition=partition,
                    attempt=taskset.next_attempt(partition), task_id=next(self._task_ids),
                    kind=stage.kind, code=self._code_key(stage), shuffle_inputs=inputs,
                    conf=self.ctx.executor_conf, store_options=self.ctx.store_options,
                    cache_inputs=cache_reads(stage.rdd, partition), local_properties=job.properties)
        taskset.started(task.task_id, partition)
        self.ctx.emit("task_start", job=job.id, stage=stage.id, stage_attempt=task.stage_attempt,
                      partition=partition, attempt=task.attempt, task_id=task.task_id,
                      speculative=speculative)
        future = self.backend.submit(task.to_dict())
        job.inflight[future] = (taskset, task)
        future.add_done_callback(job.completions.put)

    def _speculate(self, job) -> None:
        """Launch a copy of every straggler of the running task sets."""
        now = time.monotonic()
        for future, (taskset, task) in job.inflight.items():
            if future.running() or future.done():
                taskset.mark_running(task.task_id, now)
        for taskset in list(job.running):
            for partition in taskset.speculatable(now, self.speculation_quantile, self.speculation_multiplier):
                taskset.speculated.add(partition)
                self._launch(job, taskset, partition, speculative=True)
