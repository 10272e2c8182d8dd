"""A text split's next ranges read ahead while the current one is parsed
(``spark.lambda.io.readAhead``): the same lines whatever the read-ahead, GETs in flight
bounded by it, the wait counted in ``input_wait_ms``, and no GETs left running when the
consumer stops early."""

from __future__ import annotations

import threading
import time
from itertools import islice

import pytest

from spark_lambda.io.text import read_lines, text_splits
from spark_lambda.storage.local import LocalStore
from spark_lambda.taskcontext import TaskContext
from spark_lambda.wire import Task

LINES = [f"{i:07d}" + "z" * (i % 53) + ("\r" if i % 7 == 0 else "") for i in range(20_000)]
DATA = "\n".join(LINES).encode() + b"\n"


class _SlowStore(LocalStore):
    """A local store whose GETs take ``delay`` seconds and are watched: how many at once, how many."""

    def __init__(self, root, delay: float):
        super().__init__(root)
        self.delay = delay
        self.lock = threading.Lock()
        self.now = self.peak = self.count = 0

    def get(self, key, start=None, end=None):
        with self.lock:
            self.now += 1
            self.count += 1
            self.peak = max(self.peak, self.now)
        try:
            time.sleep(self.delay)
            return super().get(key, start, end)
        finally:
            with self.lock:
                self.now -= 1


def _context(tmp_path, ahead: int) -> TaskContext:
    task = Task(app_id="app", work_url="file://" + str(tmp_path), secret=("00" * 32), stage_id=1,
                stage_attempt=0, partition=0, attempt=0, task_id=0, kind="result", code="",
                conf={"read_size": 64 << 10, "read_ahead": ahead})
    return TaskContext(task)


def _expected(splits):
    """Each split's lines by the plain rule: lines starting in (start, end] ([0, end] for the first)."""
    starts, pos = [], 0
    for line in DATA.split(b"\n")[:-1]:
        starts.append(pos)
        pos += len(line) + 1
    text = DATA.decode()
    out = []
    for _, start, end in splits:
        mine = [p for p in starts if (start < p or start == 0) and p <= end]
        out.append([text[p:text.index("\n", p)].rstrip("\r") for p in mine])
    return out


@pytest.mark.parametrize("ahead", [0, 1, 2, 5])
def test_lines_are_the_same_and_gets_in_flight_follow_the_read_ahead(tmp_path, ahead):
    store = _SlowStore(str(tmp_path / "s"), 0.002)
    store.put("in.txt", DATA)
    splits = text_splits([("in.txt", len(DATA))], 4)
    with _context(tmp_path, ahead) as tc:
        got = []
        for url, start, end in splits:
            lines = []
            for line in read_lines(store, "in.txt", url, start, end):
                time.sleep(0.00002)   # parsing takes time: the GETs ahead get ahead
                lines.append(line)
            got.append(lines)
    assert got == _expected(splits)
    assert sum(len(x) for x in got) == len(LINES)
    assert store.peak <= ahead + 1
    if ahead:
        assert store.peak >= 2    # a GET ran while another waited to be parsed
    assert tc.metrics["input_wait_ms"] >= 0


def test_read_ahead_hides_gets_behind_parsing(tmp_path):
    """With GETs of 30 ms and 30 ms of parsing per range, waiting for the bytes takes
    about one GET with read-ahead, every GET without."""
    waits = {}
    for ahead in (0, 2):
        store = _SlowStore(str(tmp_path / f"s{ahead}"), 0.03)
        store.put("in.txt", DATA)
        with _context(tmp_path, ahead) as tc:
            for i, _ in enumerate(read_lines(store, "in.txt", "in.txt", 0, len(DATA))):
                if i % 1000 == 0:
                    time.sleep(0.03)
        waits[ahead] = tc.metrics["input_wait_ms"]
        gets = store.count
    assert gets >= 10
    assert waits[0] >= 0.9 * 30 * (gets - 1)
    assert waits[2] < waits[0] / 3


def test_stopping_early_leaves_no_gets_running(tmp_path):
    store = _SlowStore(str(tmp_path / "s"), 0.01)
    store.put("in.txt", DATA)
    with _context(tmp_path, 3):
        lines = read_lines(store, "in.txt", "in.txt", 0, len(DATA))
        assert list(islice(lines, 5)) == [line.rstrip("\r") for line in LINES[:5]]
        del lines   # the generators close: what is in flight is cancelled or left to finish
    time.sleep(0.1)
    assert store.now == 0
    assert store.count <= 1 + 4    # the first range and at most the window after it


def test_tasks_report_their_waits_and_their_cpu_after_the_last_input(tmp_path):
    """A sort's map tasks report how long they waited for input ranges, its reducers for
    blocks, and both the CPU they spent after their last input (``cpu_after_input_ms``, which
    ``spark-lambda plan`` keeps out of the overlap)."""
    from spark_lambda import SparkConf, SparkContext
    path = tmp_path / "in.txt"
    path.write_bytes(DATA)
    sc = SparkContext("local[2]", "waits", conf=SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path)))
    ends = []
    sc.add_listener(lambda name, f: ends.append(f) if name == "task_end" else None)
    try:
        got = sc.textFile(str(path), 2).map(lambda line: (line[:7], 1)).sortByKey(numPartitions=2).keys().collect()
    finally:
        sc.stop()
    assert got == sorted(line[:7] for line in LINES)
    metrics = [f["metrics"] for f in ends]
    readers = [m for m in metrics if "input_wait_ms" in m]
    fetchers = [m for m in metrics if "fetch_wait_ms" in m]
    assert len(readers) >= 2 and len(fetchers) == 2    # the maps (and the sampling scan); the reducers
    for m in readers + fetchers:
        assert 0 <= m["cpu_after_input_ms"] <= m["cpu_ms"] and "input_end_cpu" not in m
