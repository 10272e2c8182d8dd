"""Speculative execution: the straggler rule on plain TaskSet state, then a real job."""

from __future__ import annotations

import os
import threading
import time

from spark_lambda import SparkConf, SparkContext, TaskContext
from spark_lambda.scheduler.taskset import TaskSet


class FakeStage:
    attempt = 0


def _taskset(n=4):
    ts = TaskSet(FakeStage(), list(range(n)), max_failures=4)
    for p in range(n):
        ts.started(100 + p, p, now=0.0)
    return ts


def test_no_speculation_before_quantile_of_tasks_succeeded():
    ts = _taskset(4)
    ts.succeeded(100, 0, now=1.0)
    ts.succeeded(101, 1, now=1.0)
    # 2 of 4 done < floor(0.75 * 4) = 3: nothing yet, however long the others run
    assert ts.speculatable(now=1000.0, quantile=0.75, multiplier=1.5) == []
    ts.succeeded(102, 2, now=2.0)
    # median of [1, 1, 2] = 1; partition 3 has run 10 s > 1.5 x 1
    assert ts.speculatable(now=10.0, quantile=0.75, multiplier=1.5) == [3]


def test_threshold_is_multiplier_times_median_and_at_least_min_runtime():
    ts = _taskset(4)
    for tid, p, end in ((100, 0, 2.0), (101, 1, 4.0), (102, 2, 6.0)):
        ts.succeeded(tid, p, now=end)
    assert ts.speculatable(now=7.9, quantile=0.75, multiplier=2.0) == []   # 7.9 < 2 x median 4
    assert ts.speculatable(now=8.1, quantile=0.75, multiplier=2.0) == [3]
    quick = _taskset(2)
    quick.succeeded(100, 0, now=0.001)
    assert quick.speculatable(now=0.05, quantile=0.5, multiplier=1.0) == []  # under 100 ms
    assert quick.speculatable(now=0.2, quantile=0.5, multiplier=1.0) == [1]


def test_a_task_not_yet_running_is_never_a_straggler():
    ts = TaskSet(FakeStage(), [0, 1], max_failures=4)
    ts.started(1, 0, now=0.0)
    ts.started(2, 1)               # queued in the backend: no start time yet
    ts.succeeded(1, 0, now=1.0)
    assert ts.speculatable(now=100.0, quantile=0.5, multiplier=1.5) == []
    ts.mark_running(2, 50.0)
    assert ts.speculatable(now=100.0, quantile=0.5, multiplier=1.5) == [1]


def test_one_copy_at_most_and_first_success_counts():
    ts = _taskset(2)
    ts.succeeded(100, 0, now=1.0)
    assert ts.speculatable(now=5.0, quantile=0.5, multiplier=1.5) == [1]
    ts.speculated.add(1)
    ts.started(200, 1, now=5.0)     # the speculative copy
    assert ts.copies_running(1) == 2
    assert ts.speculatable(now=50.0, quantile=0.5, multiplier=1.5) == []
    assert ts.succeeded(200, 1, now=5.5) is True     # the copy wins
    assert ts.finished
    assert ts.succeeded(101, 1, now=60.0) is False   # the original's late result is ignored
    assert ts.failed(101, 1) is False and ts.failures == {}


def test_failure_of_one_copy_while_the_other_runs_is_counted_but_not_relaunched():
    ts = _taskset(1)
    ts.started(200, 0, now=1.0)
    assert ts.failed(100, 0) is True and ts.copies_running(0) == 1  # the scheduler waits for 200
    assert ts.failures == {0: 1}


# --- end to end: a deliberately slow partition --------------------------------------------

def _slow_first_attempt(release: str):
    def run(index, it):
        tc = TaskContext.get()
        if index == 0 and tc.attemptNumber() == 0:
            deadline = time.time() + 60   # the straggler: waits until released
            while not os.path.exists(release) and time.time() < deadline:
                time.sleep(0.02)
        yield (index, tc.attemptNumber(), sum(it))
    return run


def _conf(tmp_path):
    return (SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path / "local"))
            .set("spark.speculation", "true").set("spark.speculation.multiplier", "2")
            .set("spark.speculation.quantile", "0.5"))


def test_slow_partition_gets_a_speculative_copy_that_wins(tmp_path):
    release = str(tmp_path / "release")
    events: list = []
    with SparkContext("local[3]", "speculation", conf=_conf(tmp_path)) as sc:
        sc.add_listener(lambda name, fields: events.append((name, fields)))
        data = sc.parallelize(range(40), 4)
        got = data.mapPartitionsWithIndex(_slow_first_attempt(release)).collect()
        open(release, "w").close()   # let the loser finish so the context stops promptly
        assert sorted((i, s) for i, _, s in got) == [(i, sum(range(i * 10, i * 10 + 10))) for i in range(4)]
        assert [a for i, a, _ in got if i == 0] == [1]    # the copy's result is the one counted
        starts = [f for n, f in events if n == "task_start" and f["partition"] == 0]
        assert [f["speculative"] for f in starts] == [False, True]
        # the next job is unaffected by the late result of the losing attempt
        assert sc.parallelize(range(10), 2).sum() == 45


def test_losing_copy_of_a_save_leaves_no_temporary_file(tmp_path):
    release, out = str(tmp_path / "release"), tmp_path / "out"
    with SparkContext("local[3]", "speculation", conf=_conf(tmp_path)) as sc:
        rdd = sc.parallelize(range(40), 4).mapPartitionsWithIndex(_slow_first_attempt(release))
        rdd.map(lambda t: t[2]).saveAsTextFile(str(out))
        assert sorted(p.name for p in out.iterdir() if not p.name.startswith("_")) == \
            [f"part-0000{i}" for i in range(4)]
        assert (out / "_SUCCESS").exists()
        losers_done = threading.Event()
        sc.scheduler.after_tasks(losers_done.set)   # runs after the save's own clean-up
        assert not losers_done.is_set()              # the straggler is still running
        open(release, "w").close()
        assert losers_done.wait(60)
        assert [p for p in out.rglob("*") if p.is_file() and "_temporary" in p.parts] == []
        assert sorted(int(line) for p in out.glob("part-*") for line in p.read_text().split()) == \
            sorted(sum(range(i * 10, i * 10 + 10)) for i in range(4))
