"""Tasks on threads of the driver process: the local backend's home for one-task SQL queries.

Spark's local mode runs SQL inside the driver's JVM; only Python functions go to worker
processes. Here a query small enough to run as one task and calling no Python function of the
user's (the SQL layer decides, and marks its job with ``IN_DRIVER``: ``spark.lambda.sql.inDriver``)
runs the same way: ``executor.run_task`` on a thread of this process, with the task dict as a
worker would read it (a JSON copy) and its result as a worker would write it, so nothing of
the driver's objects is shared with the task. What it saves is the hand-over: a worker still
importing the SQL stack when the query comes, the task and its rows through a pipe. What it
gives up is a worker's isolation: a crash in DuckDB ends the driver, as a crash in Spark's
executor code ends a local-mode JVM, and ``spark.executor.pyspark.memory`` (a worker's address
space) does not apply; DuckDB's own memory limit does. A running task here is not interrupted
by a cancelled job: its result is never looked at. Nor is what the driver process holds
counted against a task's DuckDB memory, as a worker's growth is.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from ..executor.memory import share_process

IN_DRIVER = "spark.lambda.task.inDriver"   # a job's local property: its tasks may run here


def wants_driver(task: dict) -> bool:
    """Whether ``task`` belongs to a job marked to run in the driver (``IN_DRIVER``)."""
    return (task.get("local_properties") or {}).get(IN_DRIVER) == "true"


class DriverTasks:
    """At most ``slots`` tasks at once on threads of this process; ``preload`` imports the
    modules the tasks need, once."""

    def __init__(self, slots: int):
        self.slots = max(1, slots)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._preloaded: set = set()

    def submit(self, task: dict) -> Future:
        """Run ``task`` on a driver thread; the future answers its result dict. The driver's
        memory is the program's too: no task here counts it against its share
        (``executor.memory.share_process``)."""
        share_process()
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.slots, thread_name_prefix="driver-task")
            pool = self._pool
        return pool.submit(_run, json.dumps(task, separators=(",", ":")))

    def preload(self, modules: list) -> None:
        """Import ``modules`` (``local_worker.preload`` entries) now, once each: the session
        that asks is ready to run its tasks when it is created. (A background thread gained
        nothing: its imports hold the interpreter lock, so their time went into the first
        query, and a program ending during one aborted inside DuckDB's C++ code.)"""
        with self._lock:
            todo = [m for m in modules if m not in self._preloaded]
            self._preloaded.update(todo)
        if todo:
            from .local_worker import preload
            preload(todo)

    def close(self) -> None:
        """Stop taking tasks; those running end on their own (nothing waits for them)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _run(message: str) -> dict:
    from ..executor.run_task import run_task
    return json.loads(json.dumps(run_task(json.loads(message)), separators=(",", ":")))
