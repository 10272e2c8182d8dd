"""From a list of events to a picture of the run: jobs, stage attempts, task attempts.

Called by the report and the summary line with the events of one
application (as ``eventlog.read_event_log`` returns them, or as a listener
saw them).

* A task attempt's interval is where the executor ran it: from its metrics'
  ``start`` for ``duration_ms``; an attempt without metrics (its executor was
  lost) runs from its ``task_start`` event to its ``task_end`` event.
* In-flight concurrency is a sweep over the attempts' intervals: +1 at each
  start, -1 at each end (ends first at equal times), giving a step function.
* A straggler is a successful attempt that took at least ``STRAGGLER_FACTOR``
  times its stage attempt's median successful duration and at least
  ``STRAGGLER_MIN_MS`` more than it, in a stage attempt with at least three
  successful tasks (Spark's speculation rule, with a floor so that
  millisecond noise in tiny tasks is not flagged).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

STRAGGLER_FACTOR = 1.5
STRAGGLER_MIN_MS = 100.0


@dataclass
class TaskAttempt:
    """One attempt of one task: where it ran in time, how it ended, its metrics."""
    task_id: int
    job: int | None
    stage: int
    stage_attempt: int
    partition: int
    attempt: int
    start: float
    end: float | None = None
    status: str = "running"
    metrics: dict = field(default_factory=dict)
    error: dict | None = None
    straggler: bool = False

    @property
    def duration_ms(self) -> float:
        if "duration_ms" in self.metrics:
            return float(self.metrics["duration_ms"])
        return max((self.end or self.start) - self.start, 0.0) * 1000


@dataclass
class StageAttempt:
    """One attempt of one stage and its task attempts."""
    stage: int
    attempt: int
    job: int | None
    name: str = ""
    kind: str = ""
    num_tasks: int = 0
    parents: list = field(default_factory=list)
    submitted: float | None = None
    completed: float | None = None
    resubmitted: str | None = None     # why a new attempt replaced this one
    tasks: list[TaskAttempt] = field(default_factory=list)

    def total(self, metric: str) -> int:
        """The sum of a metric over this stage attempt's task attempts."""
        return sum(int(t.metrics.get(metric, 0) or 0) for t in self.tasks)

    @property
    def failed(self) -> list[TaskAttempt]:
        return [t for t in self.tasks if t.status not in ("success", "running")]


@dataclass
class Job:
    """One job (one action) and the stage attempts it ran."""
    id: int
    name: str = ""
    start: float | None = None
    end: float | None = None
    ok: bool | None = None
    reason: str = ""
    stages: list[StageAttempt] = field(default_factory=list)


@dataclass
class Run:
    """One application as its events describe it; ``first``/``last`` bound every event and attempt."""
    app: dict = field(default_factory=dict)          # the app_start event
    end: dict | None = None                          # the app_end event, when complete
    jobs: list[Job] = field(default_factory=list)
    stages: list[StageAttempt] = field(default_factory=list)
    attempts: list[TaskAttempt] = field(default_factory=list)
    first: float = 0.0
    last: float = 0.0

    @property
    def complete(self) -> bool:
        return self.end is not None

    @property
    def wall_seconds(self) -> float:
        return max(self.last - self.first, 0.0)


def build(events: list[dict]) -> Run:
    """The run the events describe (see the module docstring)."""
    run = Run()
    jobs: dict[int, Job] = {}
    stages: dict[tuple[int, int], StageAttempt] = {}
    started: dict[int, TaskAttempt] = {}
    times = [e["time"] for e in events if isinstance(e.get("time"), (int, float))]
    run.first, run.last = (min(times), max(times)) if times else (0.0, 0.0)
    for e in events:
        name, t = e.get("event"), e.get("time") or 0.0
        if name == "app_start":
            run.app = e
        elif name == "app_end":
            run.end = e
        elif name == "job_start":
            jobs[e["job"]] = job = Job(e["job"], e.get("name", ""), start=t)
            run.jobs.append(job)
        elif name == "job_end" and e.get("job") in jobs:
            job = jobs[e["job"]]
            job.end, job.ok, job.reason = t, bool(e.get("ok")), e.get("reason", "")
        elif name == "stage_submitted":
            sa = StageAttempt(e["stage"], e["attempt"], e.get("job"), e.get("name", ""),
                              e.get("kind", ""), e.get("tasks", 0), e.get("parents", []), submitted=t)
            stages[(sa.stage, sa.attempt)] = sa
            run.stages.append(sa)
            if sa.job in jobs:
                jobs[sa.job].stages.append(sa)
        elif name == "stage_completed" and (e["stage"], e["attempt"]) in stages:
            stages[(e["stage"], e["attempt"])].completed = t
        elif name == "stage_resubmitted" and (e["stage"], e["attempt"] - 1) in stages:
            old = stages[(e["stage"], e["attempt"] - 1)]
            old.completed, old.resubmitted = t, e.get("reason") or "resubmitted"
        elif name == "task_start":
            ta = TaskAttempt(e["task_id"], e.get("job"), e["stage"], e.get("stage_attempt", 0),
                             e["partition"], e["attempt"], start=t)
            started[ta.task_id] = ta
            run.attempts.append(ta)
            sa = stages.get((ta.stage, ta.stage_attempt))
            if sa is not None:
                sa.tasks.append(ta)
        elif name == "task_end" and e.get("task_id") in started:
            ta = started[e["task_id"]]
            ta.status, ta.metrics, ta.error = e.get("status", "failed"), e.get("metrics") or {}, e.get("error")
            ta.end = t
            if isinstance(ta.metrics.get("start"), (int, float)) and "duration_ms" in ta.metrics:
                ta.start = float(ta.metrics["start"])
                ta.end = ta.start + float(ta.metrics["duration_ms"]) / 1000
    for ta in run.attempts:
        if ta.end is None:  # never finished: draw it up to the last event
            ta.end = run.last
        run.first = min(run.first, ta.start)
        run.last = max(run.last, ta.end)
    for sa in run.stages:
        mark_stragglers(sa.tasks)
    return run


def mark_stragglers(tasks: list[TaskAttempt]) -> list[TaskAttempt]:
    """Flag (and return) the stragglers among one stage attempt's task attempts."""
    ok = [t for t in tasks if t.status == "success"]
    if len(ok) < 3:
        return []
    median = statistics.median(t.duration_ms for t in ok)
    found = [t for t in ok if t.duration_ms >= STRAGGLER_FACTOR * median
             and t.duration_ms - median >= STRAGGLER_MIN_MS]
    for t in found:
        t.straggler = True
    return found


def concurrency(attempts: list[TaskAttempt]) -> list[tuple[float, int]]:
    """(time, attempts in flight from then on) at every change, in time order."""
    edges = sorted([(t.end, -1) for t in attempts] + [(t.start, 1) for t in attempts])
    steps: list[tuple[float, int]] = []
    level = 0
    for when, delta in edges:
        level += delta
        if steps and steps[-1][0] == when:
            steps[-1] = (when, level)
        else:
            steps.append((when, level))
    return steps


def lanes(attempts: list[TaskAttempt]) -> dict[int, int]:
    """task_id -> row, packing attempts into the fewest rows that do not overlap (greedy
    by start time: each attempt takes the first row free at its start)."""
    rows: list[float] = []
    out = {}
    for t in sorted(attempts, key=lambda t: (t.start, t.task_id)):
        for i, free_at in enumerate(rows):
            if free_at <= t.start:
                rows[i] = t.end
                out[t.task_id] = i
                break
        else:
            rows.append(t.end)
            out[t.task_id] = len(rows) - 1
    return out
