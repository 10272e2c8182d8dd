"""What a running task can reach: its stores, its settings, its metrics.

Built by ``executor.run_task`` from the task dict and passed to every
``RDD.compute`` on the executor. ``TaskContext.get()`` returns the running
task's context from user code, as PySpark's does.
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

    def __init__(self, task: Task):
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

    # PySpark's TaskContext API -------------------------------------------------
    @classmethod
    def get(cls) -> "TaskContext | None":
        return getattr(_current, "ctx", None)

    def partitionId(self) -> int:
        return self.task.partition

    def stageId(self) -> int:
        return self.task.stage_id

    def attemptNumber(self) -> int:
        return self.task.attempt

    def taskAttemptId(self) -> int:
        return self.task.task_id

    # executor helpers ------------------------------------------------------------
    def open(self, url: str):
        """(store, key) for a user data URL, with request counting."""
        store, key = storage.resolve(url, self.task.store_options)
        return MeteredStore(store, self.requests), key

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
