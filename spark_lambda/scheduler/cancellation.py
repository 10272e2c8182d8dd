"""Cancelling jobs: ``sc.cancelJobGroup``, ``sc.cancelJobsWithTag``, ``sc.cancelAllJobs``.

Mixed into ``DAGScheduler``; called from any thread. The jobs chosen by their local
properties (group, tags) launch nothing more; their tasks not started are withdrawn and their
running ones abandoned, stopped by the backend where it can (``Backend.interrupt``: local
workers are killed and replaced; a Lambda invocation cannot be stopped): at once when the
job's thread set ``spark.job.interruptOnCancel``, else if still running after
``KILL_TIMEOUT_S``, as PySpark kills a cancelled task's Python worker. The job's thread wakes
(``WAKE_UP`` in its completion queue) and raises ``JobCancelledError``.
"""

from __future__ import annotations

import threading

from .job import WAKE_UP

KILL_TIMEOUT_S = 2.0           # Spark's spark.python.task.killTimeout default


class CancellationMixin:
    """Mixed into DAGScheduler (its ``_lock``, ``active_jobs`` and ``backend``)."""

    def cancel_job_group(self, group_id: str) -> None:
        """Cancel the running jobs of job group ``group_id`` (``sc.cancelJobGroup``)."""
        self._cancel_where(lambda job: job.group == group_id, f"part of cancelled job group {group_id}")

    def cancel_jobs_with_tag(self, tag: str) -> None:
        """Cancel the running jobs that carry ``tag`` (``sc.cancelJobsWithTag``)."""
        self._cancel_where(lambda job: tag in job.tags, f"part of cancelled job tags {tag}")

    def cancel_all_jobs(self) -> None:
        """Cancel every running job (``sc.cancelAllJobs``)."""
        self._cancel_where(lambda job: True, "as part of cancellation of all jobs")

    def _cancel_where(self, chosen, reason: str) -> None:
        with self._lock:
            for job in list(self.active_jobs.values()):
                if chosen(job):
                    self._cancel(job, f"Job {job.id} cancelled {reason}")

    def _cancel(self, job, message: str) -> None:
        """Launch nothing more for ``job``: its tasks not started are withdrawn, its running ones
        abandoned and stopped where the backend can (at once when its thread set
        ``interruptOnCancel``, else those still running ``KILL_TIMEOUT_S`` later); its thread
        wakes up and raises ``JobCancelledError``."""
        if job.cancelled is not None:
            return
        job.cancelled = message
        running = [f for f in job.inflight if not f.cancel()]
        if running and job.interrupt:
            self.backend.interrupt(running)
        elif running:   # as PySpark kills a killed task's Python worker that is still busy after a while
            timer = threading.Timer(KILL_TIMEOUT_S, self.backend.interrupt, [running])
            timer.daemon = True
            timer.start()
        job.completions.put(WAKE_UP)
