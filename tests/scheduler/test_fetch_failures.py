"""Fetch failures end to end: a map output lost or corrupted while the job runs.

A listener removes or damages the map outputs the moment their stage
completes, before any reducer reads them. The reducers report fetch
failures; the scheduler re-runs the lost map tasks and then the reduce stage,
and this is not counted as the reducers' failure (``spark.task.maxFailures``
is 1, so a single counted failure would abort the job).
"""

from __future__ import annotations

import glob
import os
from operator import add

import pytest

DATA = [(i % 7, i) for i in range(200)]
EXPECTED = sorted({k: sum(v for kk, v in DATA if kk == k) for k in range(7)}.items())


def _damage(how: str):
    def act(path):
        if how == "delete":
            os.remove(path)
        else:
            with open(path, "r+b") as f:
                size = os.path.getsize(path)
                f.seek(size // 2)
                byte = f.read(1)
                f.seek(size // 2)
                f.write(bytes([byte[0] ^ 0xFF]))
    return act


def _damage_first_map_outputs(sc, how: str):
    """Damage every map output the moment the first map stage completes; returns the
    job's events and the damaged paths."""
    work = sc.work_url[len("file://"):]
    kinds, events, damaged = {}, [], []

    def listener(name, fields):
        events.append((name, fields))
        if name == "stage_submitted":
            kinds[fields["stage"]] = fields["kind"]
        if name == "stage_completed" and kinds.get(fields["stage"]) == "map" and not damaged:
            for path in glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data")):
                _damage(how)(path)
                damaged.append(path)
    sc.add_listener(listener)
    return events, damaged


@pytest.mark.parametrize("how", ["delete", "corrupt"])
def test_map_output_lost_mid_job_is_recomputed(new_context, how):
    sc = new_context(spark_task_maxFailures="1")
    events, damaged = _damage_first_map_outputs(sc, how)
    got = sc.parallelize(DATA, 3).reduceByKey(add, 4).collect()
    assert sorted(got) == EXPECTED
    assert len(damaged) == 3
    fetch_failed = [f for n, f in events if n == "task_end" and f["status"] == "fetch_failed"]
    assert fetch_failed and all(f["error"]["kind"] == "fetch" for f in fetch_failed)
    assert all("map output" in f["error"]["message"] for f in fetch_failed)
    if how == "corrupt":
        assert any("integrity" in f["error"]["message"] for f in fetch_failed)
    resubmitted = [f for n, f in events if n == "stage_resubmitted"]
    assert resubmitted
    map_runs = [f for n, f in events if n == "stage_submitted" and f["kind"] == "map"]
    assert len(map_runs) >= 2 and map_runs[-1]["attempt"] >= 0   # the map stage ran again
    assert [f for n, f in events if n == "task_end" and f["status"] == "failed"] == []
    assert events[-1][0] == "job_end" and events[-1][1]["ok"] is True


def test_map_output_lost_between_two_shuffles(new_context):
    """The second shuffle's map stage reads the first shuffle; losing the first's
    outputs mid-job re-runs the first map stage, then both later stages."""
    sc = new_context(spark_task_maxFailures="1")
    work = sc.work_url[len("file://"):]
    state = {"completed": 0}

    def listener(name, fields):
        if name == "stage_completed":
            state["completed"] += 1
            if state["completed"] == 1:
                for path in glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data")):
                    os.remove(path)
    sc.add_listener(listener)
    rdd = sc.parallelize(DATA, 3).reduceByKey(add, 4).map(lambda kv: (kv[1] % 3, kv[0])).groupByKey(2)
    got = sorted((k, sorted(v)) for k, v in rdd.collect())
    want: dict = {}
    for k, v in EXPECTED:
        want.setdefault(v % 3, []).append(k)
    assert got == sorted((k, sorted(v)) for k, v in want.items())


def test_rerun_map_tasks_write_new_keys(new_context):
    """A map stage re-run after a lost output is a new stage attempt: its tasks never
    write the key of an earlier attempt."""
    sc = new_context(spark_task_maxFailures="1")
    work = sc.work_url[len("file://"):]
    first: list = []

    def listener(name, fields):
        if name == "stage_completed" and not first:
            first.extend(glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data")))
            os.remove(first[0])
    sc.add_listener(listener)
    assert sorted(sc.parallelize(DATA, 3).reduceByKey(add, 4).collect()) == EXPECTED
    now = set(glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data")))
    rewritten = now - set(first)
    assert len(first) == 3 and len(rewritten) == 1
    assert os.path.basename(first[0]).split("-")[1] == os.path.basename(rewritten.pop()).split("-")[1]


def test_join_side_lost_mid_job_is_recomputed(new_context):
    """A join reads one shuffle per side; losing one side's map outputs after both map
    stages finished re-runs that side's map stage only, then the join."""
    sc = new_context(spark_task_maxFailures="1")
    work = sc.work_url[len("file://"):]
    kinds, done, events = {}, [], []

    def listener(name, fields):
        events.append((name, fields))
        if name == "stage_submitted":
            kinds[fields["stage"]] = fields["kind"]
        if name == "stage_completed" and kinds.get(fields["stage"]) == "map":
            done.append(fields["stage"])
            if len(done) == 2:
                shuffles = sorted({p.split(os.sep)[-2] for p in
                                   glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data"))})
                for path in glob.glob(os.path.join(work, "*", sc.app_id, shuffles[0], "*.data")):
                    os.remove(path)
    sc.add_listener(listener)
    right = [(k, -k) for k in range(0, 7, 2)]
    got = sc.parallelize(DATA, 3).join(sc.parallelize(right, 2), 4).collect()
    assert sorted(got) == sorted((k, (v, w)) for k, v in DATA for kk, w in right if k == kk)
    assert any(f["status"] == "fetch_failed" for n, f in events if n == "task_end")
    map_runs = [f["stage"] for n, f in events if n == "stage_submitted" and f["kind"] == "map"]
    first, second, *again = map_runs
    assert len(again) == 1 and again[0] in (first, second)  # the lost side only, once
    assert events[-1][0] == "job_end" and events[-1][1]["ok"] is True


def test_every_lost_output_is_rewritten_by_one_rerun(new_context):
    """Eight lost map outputs, more than the stage-attempt limit: the first fetch failure
    makes the scheduler look for every output of the shuffle, and one re-run of the map
    stage writes them all again (one at a time, the fourth attempt would abort the job)."""
    sc = new_context(spark_task_maxFailures="1")
    events, lost = _damage_first_map_outputs(sc, "delete")
    assert sorted(sc.parallelize(DATA, 8).reduceByKey(add, 4).collect()) == EXPECTED
    assert len(lost) == 8
    map_runs = [f for n, f in events if n == "stage_submitted" and f["kind"] == "map"]
    assert len(map_runs) == 2 and map_runs[1]["tasks"] == 8
