"""The DAG scheduler: runs a job's stages in order through a backend.

Called by ``SparkContext.run_job`` on the driver, in the thread that runs the
action; several threads may run jobs at once. Scheduler state is changed under
one lock, and a job's thread waits for its results outside it, so one
thread's job never holds up another's.

Policy. A job's final stage runs when its parent stages' map outputs are all
registered; a parent stage with missing outputs is submitted first, and so
on up the lineage (stages whose outputs exist from an earlier job are
skipped). Independent stages run at the same time. A stage's tasks are all
submitted at once; the backend bounds how many run.

State. ``shuffle_stages`` (one per shuffle, kept across jobs, holding the map
statuses), and per job: ``waiting`` stages (parents not ready), ``running``
task sets, ``inflight`` futures mapped to what they run, and ``completions``,
a queue each future puts itself in when it finishes (its done callback). The
job's thread takes finished futures from that queue, so the work per result
is the same whether ten tasks are in flight or a hundred thousand (waiting
on every in-flight future instead costs time in proportion to them, per result).

Transitions, as results arrive:

* success: a map status is registered, a result value decoded; when a task
  set finishes, waiting stages whose parents are now all available start;
* failure: the partition is retried with a new attempt number, until
  ``spark.task.maxFailures`` failures abort the job with the remote error
  (after the tasks already running have finished, so none of them writes
  after the caller has cleaned up; tasks not yet started are cancelled);
* fetch failure: the lost map output is unregistered, the reading stage goes
  back to waiting and the map stage re-runs what is missing, each as a new
  stage attempt (every submission after a stage's first is one, so the keys
  its tasks write never repeat an earlier attempt's); it is not counted
  against the reducer, but ``MAX_STAGE_ATTEMPTS`` fetch failures of one
  stage abort the job;
* speculation (``spark.speculation``): every ``SPECULATION_INTERVAL_S`` the
  running task sets are asked which partitions are stragglers
  (``TaskSet.speculatable``) and each gets one more attempt; the first
  success counts, and a copy that fails while another runs is not
  relaunched. When a job ends with copies still running, their futures are
  ``leftovers``; ``after_tasks`` runs clean-up once they are done;
* interrupt (Ctrl-C, ``KeyboardInterrupt``): nothing more is launched, tasks
  not started are cancelled, running ones become ``leftovers`` whose results
  are never looked at; ``SparkContext.stop`` then cleans up;
* cancellation (``cancel_job_group``, ``cancel_jobs_with_tag``,
  ``cancel_all_jobs``, from any thread): the jobs chosen by their local
  properties (group, tags) launch nothing more, their tasks not started are
  withdrawn, their running ones abandoned as ``leftovers`` and stopped by the
  backend where it can (local workers are killed and replaced; a Lambda
  invocation cannot be stopped): at once when the job's thread set
  ``spark.job.interruptOnCancel``, else if still running after
  ``KILL_TIMEOUT_S``, as PySpark kills a cancelled task's Python worker),
  and the job's thread wakes and raises ``JobCancelledError``
  ("Job N cancelled part of cancelled job group G", as Spark says it).
"""

from __future__ import annotations

import itertools
import pickle
import queue
import threading
import time
from concurrent.futures import wait

from ..errors import JobCancelledError, JobFailedError, StoreError, job_failed
from ..gcpause import paused_gc
from ..rdd.persist import cache_reads
from ..shuffle import shuffle_prefixes
from ..shuffle.combine import carry_schema
from ..serializers import decode_frames, digest, dumps_closure, seal, unseal
from ..wire import Task, TaskResult, unb64
from .stages import ResultStage, ShuffleMapStage, shuffle_dependencies
from .cancellation import CancellationMixin
from .job import CALL_SITE, JOB_DESCRIPTION, SQL_EXECUTION_ID, Job, call_site, stage_name
from .taskset import TaskSet


MAX_STAGE_ATTEMPTS = 4
SPECULATION_INTERVAL_S = 0.1   # Spark's spark.speculation.interval default


class DAGScheduler(CancellationMixin):
    def __init__(self, ctx, backend):
        self.ctx = ctx
        self.backend = backend
        self.shuffle_stages: dict[int, ShuffleMapStage] = {}
        self._task_ids = itertools.count()
        self._job_ids = itertools.count()
        self._uploaded: dict[int, str] = {}   # stage id -> code key
        conf = ctx.conf
        self.speculation = conf.typed("spark.speculation")
        self.speculation_quantile = conf.typed("spark.speculation.quantile")
        self.speculation_multiplier = conf.typed("spark.speculation.multiplier")
        self.leftovers: set = set()             # futures of tasks still running after their job
        self._cleanups: list = []               # events set when an ``after_tasks`` callback ran
        self.active_jobs: dict[int, Job] = {}  # job id -> job, of the jobs running now (any thread)
        self._lock = threading.RLock()          # scheduler state is changed under it, by any thread
        self._secret_hex = ctx.secret.hex()

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

    # --- running a job ------------------------------------------------------------------
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

    def run_job(self, rdd, func, partitions: list[int], properties: dict | None = None) -> list:
        """Run ``func`` over ``partitions`` of ``rdd`` in the calling thread; one result per
        partition. ``properties`` are the calling thread's local properties (its job group,
        tags, ``interruptOnCancel``); every task carries them."""
        return self._run(self._start(rdd, func, partitions, properties))

    def run_map_stages(self, rdd, properties: dict | None = None) -> None:
        """Compute every map output ``rdd`` reads, and nothing of ``rdd`` itself (Spark's
        ``submitMapStage``): adaptive planning reads the map statuses before planning on."""
        self._run(self._start(rdd, None, [], properties, map_only=True))

    def map_statuses(self, shuffle_id: int) -> list:
        """The map statuses of a computed shuffle, in map order."""
        with self._lock:
            stage = self.shuffle_stages[shuffle_id]
            outputs = list(stage.outputs)
            source = stage.dep.source   # combiners' output: the map side's schema if none saw a table
            return carry_schema(outputs, self.shuffle_stages[source.shuffle_id].outputs) if source else outputs

    def _start(self, rdd, func, partitions: list[int], properties: dict | None,
               map_only: bool = False) -> Job:
        """A new job over ``rdd``, registered as active and announced (``job_start``)."""
        with self._lock:
            self._number_ancestors(rdd)
            final = ResultStage(rdd, func, partitions)
            for stage in self._missing_parents(final) if map_only else [final]:
                self._check_code(stage)
            site = (properties or {}).get(CALL_SITE) or call_site()   # as SparkContext.setCallSite
            job = Job(next(self._job_ids), final, len(partitions), site, properties or {},
                      map_only)
            self.active_jobs[job.id] = job
            self.ctx.emit("job_start", job=job.id, name=job.name, final_stage=final.id,
                          partitions=len(partitions), stages=self._job_stages(job, final), group=job.group,
                          tags=sorted(job.tags), description=job.properties.get(JOB_DESCRIPTION),
                          sql_execution=job.properties.get(SQL_EXECUTION_ID))
        return job

    def _run(self, job) -> list:
        """Run a started job to its end in the calling thread; its results."""
        try:
            with self._lock:
                self._submit(job, job.final)
            self._complete(job)
        except BaseException as e:
            with self._lock:
                self.active_jobs.pop(job.id, None)
                running = [f for f in job.inflight if not f.cancel()]
                self.ctx.emit("job_end", job=job.id, ok=False, reason=f"{type(e).__name__}: {e}")
            if running and isinstance(e, Exception) and not isinstance(e, JobCancelledError):
                wait(running)  # no task of a failed job may still write after the caller cleans up
            else:              # interrupted or cancelled: stop at once; what still arrives is ignored
                with self._lock:
                    self.leftovers.update(running)
            raise
        with self._lock:
            self.active_jobs.pop(job.id, None)
            self.leftovers.update(job.inflight)
            self.ctx.emit("job_end", job=job.id, ok=True)
        return job.results

    def _complete(self, job) -> None:
        """Handle the job's results as they arrive until it has them all, fails, or is cancelled.
        Waiting happens outside the lock, so other threads' jobs go on meanwhile."""
        interval = SPECULATION_INTERVAL_S if self.speculation else None
        while True:
            with self._lock:
                if job.cancelled is not None:
                    raise JobCancelledError(job.cancelled, job_id=job.id)
                if job.finished:
                    return
                if not job.inflight:
                    raise JobFailedError(f"Internal error: job on stage {job.final.id} has nothing left to run.")
            done = _take(job.completions, interval)
            with self._lock:
                for future in done:
                    if job.cancelled is not None:
                        break
                    entry = job.inflight.pop(future, None)
                    if entry is None:   # the wake-up, or a future already let go
                        continue
                    taskset, task = entry
                    self._handle(job, taskset, task, TaskResult.from_dict(future.result()))
                if self.speculation and not job.finished and job.cancelled is None:
                    self._speculate(job)

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

    def wait_leftovers(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for tasks still running after their job; True if any ran."""
        with self._lock:
            running = [f for f in self.leftovers if not f.done()]
            self.leftovers.clear()
        deadline = time.monotonic() + seconds
        if running:
            wait(running, timeout=seconds)
        for done in list(self._cleanups):   # the clean-ups those tasks' ends set off
            done.wait(max(0.0, deadline - time.monotonic()))
        return bool(running)

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

    def after_tasks(self, callback) -> None:
        """Run ``callback()`` once the tasks still running after their job have finished
        (at once when there are none): clean-up that a late attempt could undo."""
        with self._lock:
            running = [f for f in self.leftovers if not f.done()]
            self.leftovers = set(running)
        if not running:
            callback()
            return
        remaining = [len(running)]
        finished = threading.Event()
        self._cleanups.append(finished)

        def one_done(_future):
            remaining[0] -= 1
            if remaining[0] == 0:
                try:
                    callback()
                finally:
                    finished.set()
                    self._cleanups.remove(finished)
        for f in running:
            f.add_done_callback(one_done)

    # --- results ----------------------------------------------------------------------------
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


def _take(completions: queue.SimpleQueue, timeout: float | None) -> list:
    """What finished: the first future to arrive (waiting up to ``timeout``; none after it)
    and every other one already there. Constant work per finished task, however many run."""
    try:
        done = [completions.get(timeout=timeout)]
    except queue.Empty:
        return []
    while True:
        try:
            done.append(completions.get_nowait())
        except queue.Empty:
            return done
