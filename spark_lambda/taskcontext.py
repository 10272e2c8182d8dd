"""What a running task can reach: its stores, its settings, its metrics.

Built by ``executor.run_task`` from the task dict and passed to every
``RDD.compute`` on the executor. From user code, ``TaskContext.get()`` and
``TaskContext()`` return the running task's context, as PySpark's do (outside
a task, ``get()`` is None and ``TaskContext()`` an empty context whose
accessors return None).
"""

from __future__ import annotations

import os
import tempfile
import threading

from . import storage
from .serializers import codec_id
from .storage.metered import MeteredStore
from .wire import Task

_current = threading.local()


class TaskContext:
    """Per-task state on the executor (also PySpark's ``TaskContext`` API)."""

    def __new__(cls, task: Task | None = None):
        if task is None:
            current = cls.get()
            if current is not None:
                return current
        return super().__new__(cls)

    def __init__(self, task: Task | None = None):
        if task is None:  # TaskContext(): the running task's (already built) or an empty one
            if not hasattr(self, "task"):
                self.task = None
            return
        self.task = task
        self.secret = bytes.fromhex(task.secret)
        self.metrics: dict = {"records_read": 0, "records_written": 0, "bytes_read": 0,
                              "bytes_written": 0, "spills": 0, "spill_bytes": 0}
        self.requests: dict = {}
        self.work = MeteredStore(storage.open_root(task.work_url, task.store_options), self.requests)
        conf = task.conf
        self.memory_budget = int(conf.get("memory", 512 << 20))
        self.codec = codec_id(conf.get("codec", "lz4"))
        self.inline_max = int(conf.get("inline_max", 3 << 20))
        self.local_dir = conf.get("local_dir") or tempfile.gettempdir()
        self.fetch_requests = int(conf.get("fetch_requests", 16))
        self.fetch_bytes = int(conf.get("fetch_bytes", 48 << 20))
        self.cached: list = []
        self.accumulators: dict = {}
        # Parquet footers and column chunks the task's scans read, by file: a query that
        # scans one file twice (a self-join, a subquery) reads each once
        self.read_chunks: dict = {}
        # bytes of Arrow input tables a SQL task holds outside DuckDB once its inputs are in
        # (``sql/execution/task.py``); its map output keeps in memory only what they leave
        self.arrow_held = 0

    # PySpark's TaskContext API -------------------------------------------------
    @classmethod
    def get(cls) -> "TaskContext | None":
        """The running task's context, or None outside a task."""
        return getattr(_current, "ctx", None)

    def _field(self, name: str):
        return getattr(self.task, name) if self.task is not None else None

    def partitionId(self) -> int | None:
        """The partition of the stage's RDD this task computes."""
        return self._field("partition")

    def stageId(self) -> int | None:
        """The stage this task belongs to."""
        return self._field("stage_id")

    def attemptNumber(self) -> int | None:
        """How many times this partition was attempted before (0 for the first attempt)."""
        return self._field("attempt")

    def taskAttemptId(self) -> int | None:
        """An id unique to this task attempt within the application."""
        return self._field("task_id")

    def getLocalProperty(self, key: str) -> str | None:
        """A property the job's driver thread set with ``sc.setLocalProperty``, or None."""
        props = self._field("local_properties")
        return props.get(key) if props else None

    def resources(self) -> dict:
        """The resources (GPUs, ...) assigned to this task by name: none here, as in PySpark without them."""
        return {} if self.task is not None else None

    def cpus(self) -> int | None:
        """The cores this task counts as using (``spark.task.cpus``, 1 by default)."""
        return int(self.task.conf.get("cpus", 1)) if self.task is not None else None

    # executor helpers ------------------------------------------------------------
    def open(self, url: str):
        """(store, key) for a user data URL, with request counting (its bytes also as
        ``data_GET_bytes`` and ``data_PUT_bytes``)."""
        store, key = storage.resolve(url, self.task.store_options)
        return MeteredStore(store, self.requests, data=True), key

    def shuffle_locations(self, shuffle_id: int, reduce_partition: int) -> list:
        return self.task.shuffle_inputs.get(f"{shuffle_id}:{reduce_partition}", [])

    def spill_dir(self) -> str:
        path = os.path.join(self.local_dir, "spark-lambda-spill")
        os.makedirs(path, exist_ok=True)
        return path

    def __enter__(self):
        _current.ctx = self
        return self

    def __exit__(self, *exc):
        _current.ctx = None
