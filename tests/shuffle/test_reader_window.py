"""The reducer's fetch window: bounded requests and bytes in flight, map order kept."""

from __future__ import annotations

import threading
import time

import pytest

from spark_lambda.serializers import encode_frames, seal
from spark_lambda.shuffle import reader
from spark_lambda.storage.local import LocalStore
from spark_lambda.taskcontext import TaskContext
from spark_lambda.wire import Task


class _Watched(LocalStore):
    """A local store that records how many gets run at once."""

    def __init__(self, root):
        super().__init__(root)
        self.lock = threading.Lock()
        self.now = self.peak = 0
        self.ranges = []

    def get(self, key, start=None, end=None):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.ranges.append((key, start, end))
        try:
            time.sleep(0.005)
            return super().get(key, start, end)
        finally:
            with self.lock:
                self.now -= 1


def _task_context(tmp_path, maps: int, fetch_requests: int, fetch_bytes: int):
    secret = b"k" * 32
    store = _Watched(str(tmp_path))
    locations = []
    for m in range(maps):
        body = seal(secret, b"".join(encode_frames([(m, i) for i in range(3)], 0)))
        store.put(f"map-{m}", b"pad" + body)
        locations.append([f"map-{m}", 3, 3 + len(body), m])
    task = Task(app_id="app", work_url="file://" + str(tmp_path), secret=secret.hex(), stage_id=1,
                stage_attempt=0, partition=0, attempt=0, task_id=0, kind="result", code="",
                shuffle_inputs={"0:0": locations},
                conf={"fetch_requests": fetch_requests, "fetch_bytes": fetch_bytes})
    tc = TaskContext(task)
    tc.work = store
    return tc, store


@pytest.mark.parametrize("fetch_requests,fetch_bytes,peak", [(3, 1 << 20, 3), (4, 10, 1)])
def test_window_bounds_requests_and_bytes_and_keeps_map_order(tmp_path, fetch_requests, fetch_bytes, peak):
    tc, store = _task_context(tmp_path, 12, fetch_requests, fetch_bytes)
    records = list(reader.read_blocks(tc, 0, 0))
    assert records == [(m, i) for m in range(12) for i in range(3)]
    assert store.peak <= peak
    assert sorted(store.ranges) == sorted((loc[0], loc[1], loc[2]) for loc in tc.shuffle_locations(0, 0))


def test_the_reader_counts_its_wait_and_when_its_last_block_arrived(tmp_path):
    """``fetch_wait_ms``: time blocked on blocks not yet answered (each GET sleeps 5 ms; with
    one in flight at a time the reducer waits for every one); ``input_end_cpu``: the process's
    CPU clock after the last block, which ``run_task`` turns into ``cpu_after_input_ms``."""
    import time as _time
    tc, _ = _task_context(tmp_path, 12, 1, 1 << 20)
    before = _time.process_time()
    assert len(list(reader.read_blocks(tc, 0, 0))) == 36
    assert tc.metrics["fetch_wait_ms"] >= 0.8 * 12 * 5
    assert before <= tc.metrics["input_end_cpu"] <= _time.process_time()
