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
  against the reducer, but ``MAX_STAGE_ATTEMPTS`` (``map_outputs.py``) fetch
  failures of one stage abort the job;
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
import queue
import threading
import time
from concurrent.futures import wait

from ..errors import JobCancelledError, JobFailedError
from ..wire import TaskResult
from .cancellation import CancellationMixin
from .completion import CompletionMixin
from .job import CALL_SITE, JOB_DESCRIPTION, SQL_EXECUTION_ID, Job, call_site
from .map_outputs import MapOutputsMixin
from .stages import ResultStage, ShuffleMapStage
from .submission import SubmissionMixin


SPECULATION_INTERVAL_S = 0.1   # Spark's spark.speculation.interval default


class DAGScheduler(SubmissionMixin, CompletionMixin, MapOutputsMixin, CancellationMixin):
    """The driver's scheduler of one ``SparkContext``: its jobs' lifecycle here, stage building
    and task launch in ``submission.py``, finished tasks in ``completion.py``, map statuses and
    fetch failures in ``map_outputs.py``, cancellation in ``cancellation.py``."""

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

    def run_job(self, rdd, func, partitions: list[int], properties: dict | None = None) -> list:
        """Run ``func`` over ``partitions`` of ``rdd`` in the calling thread; one result per
        partition. ``properties`` are the calling thread's local properties (its job group,
        tags, ``interruptOnCancel``); every task carries them."""
        return self._run(self._start(rdd, func, partitions, properties))

    def run_map_stages(self, rdd, properties: dict | None = None) -> None:
        """Compute every map output ``rdd`` reads, and nothing of ``rdd`` itself (Spark's
        ``submitMapStage``): adaptive planning reads the map statuses before planning on."""
        self._run(self._start(rdd, None, [], properties, map_only=True))

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
