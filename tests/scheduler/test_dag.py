"""The DAG scheduler: stage cutting, retries, aborts, closure checks."""

from __future__ import annotations

import threading
from operator import add

import pytest

from spark_lambda import ClosurePicklingError, JobFailedError, TaskContext
from spark_lambda.scheduler.stages import shuffle_dependencies


def count(events, name) -> int:
    return sum(1 for n, _ in events if n == name)


# --- stage cutting -----------------------------------------------------------------------

def test_shuffle_dependencies_walk_stops_at_shuffles(sc):
    base = sc.parallelize([(i % 3, i) for i in range(30)], 2)
    assert shuffle_dependencies(base.map(lambda kv: kv).filter(bool), lambda r: False) == []
    once = base.reduceByKey(add)
    deps = shuffle_dependencies(once.mapValues(str), lambda r: False)
    assert len(deps) == 1 and deps[0].rdd.getNumPartitions() == 2
    twice = once.map(lambda kv: (kv[1], kv[0])).groupByKey(4)
    deps = shuffle_dependencies(twice, lambda r: False)
    assert len(deps) == 1 and deps[0].partitioner.num_partitions == 4  # only the nearest shuffle
    union = base.reduceByKey(add, 3).union(base.groupByKey(5))
    assert len(shuffle_dependencies(union, lambda r: False)) == 2


@pytest.mark.parametrize("build,stages", [
    (lambda b: b.map(lambda kv: kv), 1),
    (lambda b: b.reduceByKey(add), 2),
    (lambda b: b.reduceByKey(add).map(lambda kv: (kv[1] % 2, kv[0])).groupByKey(), 3),
    (lambda b: b.reduceByKey(add).map(lambda kv: kv).reduceByKey(add, 3).groupByKey(1), 4),
    (lambda b: b.reduceByKey(add).map(lambda kv: kv).reduceByKey(add, 3).sortByKey(numPartitions=1), 3),
    (lambda b: b.reduceByKey(add).join(b.groupByKey()), 3),            # co-partitioned: no join shuffle
    (lambda b: b.reduceByKey(add, 2).join(b.groupByKey(3)), 5),        # a shuffle per side, into 5
    (lambda b: b.partitionBy(3).reduceByKey(add).groupByKey().mapValues(list), 2),
])
def test_number_of_stages_for_chains_of_shuffles(sc, events, build, stages):
    base = sc.parallelize([(i % 5, i) for i in range(40)], 2)
    rdd = build(base)
    events.clear()
    rdd.collect()
    assert count(events, "stage_submitted") == stages
    assert count(events, "stage_completed") == stages
    assert count(events, "job_start") == 1 and events[-1][0] == "job_end" and events[-1][1]["ok"] is True


def test_cached_rdd_skips_its_parent_stages(sc, events):
    rdd = sc.parallelize([(i % 5, i) for i in range(40)], 2).reduceByKey(add).cache()
    rdd.count()
    downstream = rdd.map(lambda kv: (kv[1], kv[0])).groupByKey()
    events.clear()
    assert sorted(downstream.mapValues(list).collect())
    assert count(events, "stage_submitted") == 2  # the groupByKey's map stage reads the cache


# --- retries and aborts --------------------------------------------------------------------------

def _flaky(x):
    if TaskContext.get().attemptNumber() < 2 and x == 3:
        raise RuntimeError("transient failure")
    return x * 10


def test_task_failing_twice_then_succeeding(sc, events):
    assert sc.parallelize(range(8), 2).map(_flaky).collect() == [x * 10 for x in range(8)]
    ends = [f for n, f in events if n == "task_end"]
    failed = [f for f in ends if f["status"] == "failed"]
    assert [f["attempt"] for f in failed] == [0, 1] and {f["partition"] for f in failed} == {0}
    assert failed[0]["error"]["type"] == "RuntimeError"
    assert any(f["status"] == "success" and f["attempt"] == 2 and f["partition"] == 0 for f in ends)


def test_flaky_map_stage_retried(sc):
    rdd = sc.parallelize(range(8), 2).map(_flaky).map(lambda x: (x % 3, x)).reduceByKey(add)
    assert dict(rdd.collect()) == {k: sum(x * 10 for x in range(8) if x * 10 % 3 == k) for k in range(3)}


def _divide(x):
    return 10 // (x - 5)


def test_job_aborts_after_max_failures_with_original_type(sc, events):
    with pytest.raises(ZeroDivisionError) as info:
        sc.parallelize(range(10), 2).map(_divide).collect()
    err = info.value
    assert isinstance(err, JobFailedError)
    assert err.remote_type == "ZeroDivisionError" and "by zero" in err.remote_message
    assert err.partition == 1 and err.stage_id is not None
    assert f"stage {err.stage_id}" in str(err) and "partition 1" in str(err)
    assert "failed 4 times" in str(err) and "spark.task.maxFailures=4" in str(err)
    assert "_divide" in err.remote_traceback and "10 // (x - 5)" in err.remote_traceback
    failed = [f for n, f in events if n == "task_end" and f["status"] == "failed"]
    assert [f["attempt"] for f in failed] == [0, 1, 2, 3]
    assert events[-1][0] == "job_end" and events[-1][1]["ok"] is False
    # the context stays usable for the next job
    assert sc.parallelize(range(10), 2).map(lambda x: x + 1).sum() == 55


class CustomError(Exception):
    pass


def _custom(x):
    raise CustomError(f"custom {x}")


def test_user_defined_exception_is_reported_by_name(sc):
    with pytest.raises(JobFailedError) as info:
        sc.parallelize([1], 1).map(_custom).collect()
    assert info.value.remote_type == "CustomError" and "custom 1" in str(info.value)
    with pytest.raises(KeyError):
        sc.parallelize([1], 1).map(lambda x: {}[x]).collect()


def test_failure_in_a_map_stage_aborts_the_job(sc):
    rdd = sc.parallelize(range(10), 2).map(lambda x: (x, _divide(x))).reduceByKey(add)
    with pytest.raises(ZeroDivisionError, match="by zero"):
        rdd.collect()
    assert sc.parallelize([(1, 1), (1, 2)], 2).reduceByKey(add).collect() == [(1, 3)]


# --- closures that cannot be pickled ---------------------------------------------------------

def test_unpicklable_closure_fails_before_any_task(sc, events):
    lock = threading.Lock()

    def uses_lock(x):
        with lock:
            return x
    for build in (lambda: sc.parallelize(range(4), 2).map(uses_lock),
                  lambda: sc.parallelize(range(4), 2).map(uses_lock).map(lambda x: (x, 1)).reduceByKey(add),
                  lambda: sc.parallelize([(1, 1)], 2).reduceByKey(add).union(
                      sc.parallelize(range(4), 2).map(uses_lock).map(lambda x: (x, 1)).reduceByKey(add)),
                  lambda: sc.parallelize(range(4), 2).map(uses_lock).map(lambda x: (x, 1)).reduceByKey(add)
                  .union(sc.parallelize([(1, 1)], 2).reduceByKey(add))):
        rdd = build()
        events.clear()
        with pytest.raises(ClosurePicklingError, match="lock") as info:
            rdd.collect()
        assert "pickle" in str(info.value)
        assert count(events, "task_start") == 0, build
    assert sc.parallelize(range(4), 2).count() == 4


# --- lost executors and lost map outputs ------------------------------------------------------

def _die_first(x):
    import os
    if TaskContext.get().attemptNumber() == 0 and x == 1:
        os._exit(3)  # the worker process dies mid-task
    return x


def test_worker_death_is_retried(sc, events):
    assert sc.parallelize(range(6), 2).map(_die_first).collect() == list(range(6))
    lost = [f for n, f in events if n == "task_end" and f["status"] == "failed"]
    assert len(lost) == 1 and lost[0]["error"]["type"] == "ExecutorLostError"
    assert "exited with code 3" in lost[0]["error"]["message"]
    assert sc.parallelize(range(6), 2).sum() == 15  # a replacement worker serves the next job


def test_lost_map_output_is_recomputed(sc, events):
    import glob
    import os
    rdd = sc.parallelize([(i % 4, i) for i in range(40)], 2).reduceByKey(add)
    expected = {k: sum(i for i in range(40) if i % 4 == k) for k in range(4)}
    assert dict(rdd.collect()) == expected
    work = sc.work_url[len("file://"):]
    outputs = glob.glob(os.path.join(work, "*", sc.app_id, "shuffle-*", "*.data"))
    assert outputs
    for path in outputs:
        os.remove(path)
    events.clear()
    assert dict(rdd.collect()) == expected
    names = [n for n, _ in events]
    assert "stage_resubmitted" in names
    assert any(f["status"] == "fetch_failed" for n, f in events if n == "task_end")
