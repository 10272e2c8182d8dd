"""Broadcast variables: stored once, sealed, fetched lazily, destroyed for good."""

from __future__ import annotations

import pickle

import pytest

from spark_lambda import Broadcast
from spark_lambda.errors import ClosurePicklingError


def test_value_on_driver_and_in_tasks(sc):
    mapping = {1: 10001, 2: 10002}
    bc = sc.broadcast(mapping)
    assert bc.value == mapping
    out = sc.range(5).map(lambda i: bc.value.get(i, -1)).collect()
    assert out == [-1, 10001, 10002, -1, -1]


def test_stored_once_under_its_digest_and_not_in_the_stage_code(sc):
    big = list(range(200_000))
    bc = sc.broadcast(big)
    keys = [i.key for i in sc.work_store.list(f"{sc.app_id}/broadcast/")]
    assert bc._key in keys
    assert len(pickle.dumps(bc)) < 500   # tasks carry the key, not the value
    total = sc.parallelize(range(8), 4).map(lambda i: bc.value[i * 1000]).sum()
    assert total == sum(i * 1000 for i in range(8))
    again = sc.broadcast(big)
    assert again._key == bc._key          # same content, same object


def test_tampered_value_is_refused(sc):
    bc = sc.broadcast("secret")
    sc.work_store.put(bc._key, pickle.dumps("evil") + b"\0" * 16)
    with pytest.raises(Exception, match="integrity check"):
        sc.parallelize([1], 1).map(lambda x: bc.value).collect()


def test_unpersist_keeps_it_usable(sc):
    bc = sc.broadcast([1, 2, 3])
    assert sc.parallelize([0, 0], 2).flatMap(lambda x: bc.value).collect() == [1, 2, 3, 1, 2, 3]
    bc.unpersist()
    assert sc.parallelize([0], 1).flatMap(lambda x: bc.value).collect() == [1, 2, 3]


def test_destroy_deletes_and_forbids_new_tasks(sc):
    bc = sc.broadcast([1, 2, 3])
    bc.destroy()
    assert not sc.work_store.exists(bc._key)
    with pytest.raises(ClosurePicklingError, match="after it was destroyed"):
        sc.parallelize([0], 1).map(lambda x: bc.value).collect()


def test_dump_and_load(sc, tmp_path):
    bc = sc.broadcast([1, 2])
    path = tmp_path / "b.pkl"
    with open(path, "wb") as f:
        bc.dump({"k": 1}, f)
    assert bc.load_from_path(str(path)) == {"k": 1}
    assert isinstance(bc, Broadcast) and bc.id == bc._bid


def test_each_executor_process_fetches_it_once(sc):
    bc = sc.broadcast(list(range(1000)))

    def read(i):
        import os

        from spark_lambda import TaskContext
        tc = TaskContext.get()
        before = tc.requests.get("GET", 0)
        value = bc.value[i]
        return os.getpid(), tc.requests.get("GET", 0) - before, value
    rows = sc.parallelize(range(12), 12).map(read).collect()
    assert [v for _, _, v in rows] == list(range(12))
    fetched_by = [pid for pid, gets, _ in rows if gets]
    assert all(gets in (0, 1) for _, gets, _ in rows)
    assert sorted(fetched_by) == sorted(set(pid for pid, _, _ in rows))   # once per process
