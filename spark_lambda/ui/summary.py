"""The one line printed when an application ends: wall time, tasks, and what it cost.

A listener added when ``spark.lambda.ui.summary`` is on (``spark-lambda
submit`` turns it on). It keeps the application's start, the jobs' outcomes
and the task attempts' ``task_end`` fields, and on ``app_end`` writes one
line. On Lambda it is the bill, as ``cost.compute_cost`` reckons it (as in the
report)::

    spark-lambda: app-20260101120000-1a2b3c4d finished in 4.2 s: 3 jobs, 24 tasks
    (1 failed), 2 cold starts, cost $0.00021 (Lambda $0.00019 + S3 $0.000020)

On a local master no Lambda ran and no bill is due, so the line says what the
same tasks would cost on Lambda and S3, as an estimate, and nothing about
cost when no task ran::

    spark-lambda: local-20260101120000-1a2b3c4d finished in 4.2 s: 3 jobs, 24 tasks;
    on Lambda at 1024 MB with S3 these tasks would cost about $0.00021 (estimate)
"""

from __future__ import annotations

from .cost import Prices, compute_cost, usd


class SummaryLine:
    """Listener writing the summary line to ``stream`` when the application ends."""

    def __init__(self, stream, settings: dict):
        self.stream = stream
        self.settings = settings
        self.app: dict = {}
        self.jobs = 0
        self.failed_jobs = 0
        self.task_ends: list[dict] = []

    events = frozenset({"app_start", "job_end", "task_end", "app_end"})

    def __call__(self, name: str, fields: dict) -> None:
        if name == "app_start":
            self.app = fields
        elif name == "job_end":
            self.jobs += 1
            self.failed_jobs += not fields.get("ok")
        elif name == "task_end":
            self.task_ends.append({"status": fields.get("status"), "metrics": fields.get("metrics")})
        elif name == "app_end":
            self.stream.write(self.line(fields) + "\n")
            self.stream.flush()

    def line(self, end: dict) -> str:
        wall = max(end.get("time", 0) - self.app.get("time", end.get("time", 0)), 0)
        cost = compute_cost(self.task_ends, Prices.from_settings(self.settings),
                            int(self.app.get("memory_mb") or 1024), end.get("driver_requests"),
                            end.get("backend_invocations"))
        failed = sum(1 for t in self.task_ends if t["status"] != "success")
        jobs = f"{self.jobs} job{'s' if self.jobs != 1 else ''}"
        if self.failed_jobs:
            jobs += f" ({self.failed_jobs} failed)"
        tasks = f"{len(self.task_ends)} task{'s' if len(self.task_ends) != 1 else ''}"
        if failed:
            tasks += f" ({failed} failed)"
        head = f"spark-lambda: {self.app.get('app_id', end.get('app_id'))} finished in {wall:.1f} s: {jobs}, {tasks}"
        if str(self.app.get("master", "")).startswith("local"):
            if not self.task_ends:
                return head
            return (f"{head}; on Lambda at {cost.memory_mb} MB with S3 these tasks would cost about "
                    f"{usd(cost.total_usd)} (estimate)")
        how = f", estimated for Lambda at {cost.memory_mb} MB" if cost.estimated else ""
        return (f"{head}, {cost.cold_starts} cold start{'s' if cost.cold_starts != 1 else ''}, "
                f"cost {usd(cost.total_usd)} (Lambda {usd(cost.compute_usd + cost.requests_usd)} + "
                f"S3 {usd(cost.s3_total_usd)}{how})")
