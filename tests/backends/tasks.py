"""Hand-built tasks for the backend contract suite (no SparkContext needed)."""

from __future__ import annotations

import itertools
import os
import pickle
import secrets

import cloudpickle

from spark_lambda import storage
from spark_lambda.serializers import digest, seal
from spark_lambda.wire import Task, TaskResult, unb64


_ids = itertools.count()


class Numbers:
    """A stand-in RDD: partition p holds range(p * 10, p * 10 + 10)."""

    id = 0
    storage_level = None

    def iterator(self, split, tc):
        return iter(range(split * 10, split * 10 + 10))


class TaskMaker:
    def __init__(self, work_url: str, store_options: dict | None = None):
        self.work_url = work_url
        self.options = store_options or {}
        self.store = storage.open_root(work_url, self.options)
        self.secret = secrets.token_bytes(32)
        self.app_id = "app-contract-" + secrets.token_hex(3)

    def task(self, func, partition: int = 0, attempt: int = 0) -> dict:
        data = cloudpickle.dumps((Numbers(), func))
        key = f"{self.app_id}/code/{digest(data)}"
        self.store.put(key, seal(self.secret, data))
        return Task(app_id=self.app_id, work_url=self.work_url, secret=self.secret.hex(),
                    stage_id=0, stage_attempt=0, partition=partition, attempt=attempt,
                    task_id=next(_ids), kind="result", code=key, conf={"local_dir": os.getcwd()},
                    store_options=self.options).to_dict()

    @staticmethod
    def value(result: dict):
        r = TaskResult.from_dict(result)
        assert r.status == "success", r.error
        return pickle.loads(unb64(r.value["data"]))
