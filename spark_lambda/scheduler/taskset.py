"""The attempts of one stage's tasks: which partitions are pending, running, done.

Plain data, changed by small methods that the DAG scheduler calls as results
arrive (and that tests call directly). A partition fails the job once it has
failed ``max_failures`` times; the first successful attempt of a partition is
the one that counts, later ones are ignored.
"""

from __future__ import annotations

import time


class TaskSet:
    def __init__(self, stage, partitions: list[int], max_failures: int):
        self.stage = stage
        self.stage_attempt = stage.attempt
        self.pending = list(partitions)
        self.done: set[int] = set()
        self.failures: dict[int, int] = {}
        self.attempts: dict[int, int] = {}
        self.running: dict[int, float] = {}   # task_id -> start time
        self.max_failures = max_failures
        self.total = len(partitions)

    def next_attempt(self, partition: int) -> int:
        n = self.attempts.get(partition, 0)
        self.attempts[partition] = n + 1
        return n

    def started(self, task_id: int) -> None:
        self.running[task_id] = time.monotonic()

    def succeeded(self, task_id: int, partition: int) -> bool:
        """Record a success; False if the partition had already succeeded."""
        self.running.pop(task_id, None)
        if partition in self.done:
            return False
        self.done.add(partition)
        return True

    def failed(self, task_id: int, partition: int) -> bool:
        """Record a failure; True if the partition should be tried again."""
        self.running.pop(task_id, None)
        if partition in self.done:
            return False
        self.failures[partition] = self.failures.get(partition, 0) + 1
        return self.failures[partition] < self.max_failures

    @property
    def finished(self) -> bool:
        return len(self.done) == self.total
