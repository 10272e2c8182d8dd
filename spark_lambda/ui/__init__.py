"""Seeing a job: console progress bar, event log, HTML report, cost.

Everything here listens to the scheduler's events (``SparkContext.emit``);
nothing in the engine depends on it. ``listeners`` is called once by
``SparkContext.__init__`` and gives the listeners the configuration asks for:

* ``progress.ConsoleProgressBar``: Spark's ``[Stage 3:====>  (40 + 12) / 100]``
  on stderr, when stderr is a terminal (``spark.ui.showConsoleProgress``);
* ``eventlog.EventLogWriter``: the event log in Spark's format, which the Spark
  History Server reads, secrets redacted (``spark.eventLog.enabled``,
  ``spark.eventLog.dir``, ``spark.eventLog.compress``);
* ``summary.SummaryLine``: one line at the end of the application: wall time,
  tasks, cold starts and cost (``spark.lambda.ui.summary``, on under submit).

The report (``report.py``) and the cost model (``cost.py``) read the events
back, from an event log or from a listener's memory. ``job_status.JobStatus``,
which every context keeps, holds the recent jobs' and stages' status that
``sc.statusTracker()`` answers from.

Events and their fields (every event also has ``time``, epoch seconds):

==================  ==========================================================
app_start           app_id, app_name, master, backend, version, memory_mb,
                    max_concurrency, conf (redacted)
job_start           job, name, final_stage, partitions, stages (each: stage, name,
                    kind, tasks, parents), group, tags, description, sql_execution
                    (its thread's local properties; the SQL execution id a string)
stage_submitted     job, stage, attempt, tasks, kind, name, parents
task_start          job, stage, stage_attempt, partition, attempt, task_id
task_end            ... as task_start, status, metrics, error
stage_resubmitted   job, stage, attempt (the new one), reason
stage_completed     job, stage, attempt, tasks
job_end             job, ok, reason (on failure)
sql_execution_start execution, description, details (call site), plan (formatted
                    physical plan), plan_info (Spark's sparkPlanInfo node tree)
sql_execution_end   execution, error, rows (returned), metrics (plan node id ->
                    measured values, ``sql/sql_metrics.py``)
app_end             app_id, driver_requests, backend_invocations, backend_scaling
                    (throttles, peak in flight, ramp_s; None off Lambda)
==================  ==========================================================
"""

from __future__ import annotations

import sys


def listeners(ctx) -> list:
    """The listeners ``ctx.conf`` asks for (called by SparkContext before its backend starts)."""
    conf, found = ctx.conf, []
    if conf.typed("spark.eventLog.enabled"):
        from .eventlog import EventLogWriter
        codec = conf.typed("spark.eventLog.compression.codec") if conf.typed("spark.eventLog.compress") else None
        found.append(EventLogWriter(conf.typed("spark.eventLog.dir"), ctx.app_id,
                                    conf.getAll(), ctx.store_options, codec=codec))
    if conf.typed("spark.ui.showConsoleProgress") and _is_terminal(sys.stderr):
        from .progress import ConsoleProgressBar
        found.append(ConsoleProgressBar(sys.stderr))
    if conf.typed("spark.lambda.ui.summary"):
        from .summary import SummaryLine
        found.append(SummaryLine(sys.stderr, dict(conf.getAll())))
    return found


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
