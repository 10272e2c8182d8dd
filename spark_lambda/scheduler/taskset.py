"""The attempts of one stage's tasks: which partitions are pending, running, done.

Plain data, changed by small methods that the DAG scheduler calls as results
arrive (and that tests call directly). A partition fails the job once it has
failed ``max_failures`` times; the first successful attempt of a partition is
the one that counts, later ones are ignored.

Speculation, as Spark's task set manager does it (``speculatable``): once at
least ``quantile`` of the stage's tasks have succeeded (and at least one),
the median of their durations is taken; a partition whose only running copy
has been running longer than ``multiplier`` times that median (and longer
than ``MIN_SPECULATION_S``) gets one speculative copy. Whichever copy
succeeds first counts; the other's result is ignored when it arrives. A
task's clock starts when its backend starts running it (``mark_running``),
not when it was queued, so tasks waiting for a free slot are never
mistaken for stragglers.
"""

from __future__ import annotations

import statistics
import time

MIN_SPECULATION_S = 0.1   # Spark's spark.speculation.minTaskRuntime default (100ms)


class TaskSet:
    def __init__(self, stage, partitions: list[int], max_failures: int):
        self.stage = stage
        self.stage_attempt = stage.attempt
        self.pending = list(partitions)
        self.done: set[int] = set()
        self.failures: dict[int, int] = {}
        self.attempts: dict[int, int] = {}
        self.running: dict[int, list] = {}    # task_id -> [partition, start time or None]
        self.durations: list[float] = []       # seconds, of the attempts that counted
        self.speculated: set[int] = set()      # partitions given a speculative copy
        self.max_failures = max_failures
        self.total = len(partitions)

    def next_attempt(self, partition: int) -> int:
        n = self.attempts.get(partition, 0)
        self.attempts[partition] = n + 1
        return n

    def started(self, task_id: int, partition: int = -1, now: float | None = None) -> None:
        """A task was handed to the backend; ``now`` when it is known to be running already."""
        self.running[task_id] = [partition, now]

    def mark_running(self, task_id: int, now: float) -> None:
        """The backend started running the task (its clock for speculation starts)."""
        entry = self.running.get(task_id)
        if entry is not None and entry[1] is None:
            entry[1] = now

    def copies_running(self, partition: int) -> int:
        return sum(1 for p, _ in self.running.values() if p == partition)

    def succeeded(self, task_id: int, partition: int, now: float | None = None) -> bool:
        """Record a success; False if the partition had already succeeded."""
        entry = self.running.pop(task_id, None)
        if partition in self.done:
            return False
        self.done.add(partition)
        if entry is not None and entry[1] is not None:
            self.durations.append((time.monotonic() if now is None else now) - entry[1])
        return True

    def failed(self, task_id: int, partition: int) -> bool:
        """Record a failure; True if the partition should be tried again."""
        self.running.pop(task_id, None)
        if partition in self.done:
            return False
        self.failures[partition] = self.failures.get(partition, 0) + 1
        return self.failures[partition] < self.max_failures

    def speculatable(self, now: float, quantile: float, multiplier: float,
                     min_runtime: float = MIN_SPECULATION_S) -> list[int]:
        """Partitions that should get a speculative copy now (each at most once)."""
        if len(self.done) < max(int(quantile * self.total), 1) or not self.durations:
            return []
        threshold = max(multiplier * statistics.median(self.durations), min_runtime)
        found = []
        for partition, start in self.running.values():
            if (start is not None and now - start > threshold and partition not in self.done
                    and partition not in self.speculated and self.copies_running(partition) == 1):
                found.append(partition)
        return sorted(found)

    @property
    def finished(self) -> bool:
        return len(self.done) == self.total
