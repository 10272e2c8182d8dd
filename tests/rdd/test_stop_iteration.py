"""A user function that raises StopIteration fails the task (PySpark's STOP_ITERATION_OCCURRED).

Left to Python, the StopIteration would end a ``map``/``filter`` iteration as if
the partition were over, and the job would return a truncated result with no
error. PySpark fails the task: "Caught StopIteration thrown from user's code;
failing the task".
"""

from __future__ import annotations

import pytest

from spark_lambda.errors import StopIterationFailure, fail_on_stopiteration

MESSAGE = "Caught StopIteration thrown from user's code; failing the task"


def stop_at_5(x):
    if x == 5:
        raise StopIteration("stop at 5")
    return x


def stop_always(*_):
    raise StopIteration("always")


CASES = {
    "map": lambda rdd: rdd.map(stop_at_5).collect(),
    "map then count": lambda rdd: rdd.map(stop_at_5).count(),
    "filter": lambda rdd: rdd.filter(stop_at_5).collect(),
    "flatMap": lambda rdd: rdd.flatMap(lambda x: [stop_at_5(x)]).collect(),
    "keyBy": lambda rdd: rdd.keyBy(stop_at_5).collect(),
    "mapValues": lambda rdd: rdd.map(lambda x: (x, x)).mapValues(stop_at_5).collect(),
    "flatMapValues": lambda rdd: rdd.map(lambda x: (x, x)).flatMapValues(lambda v: [stop_at_5(v)]).collect(),
    "reduceByKey": lambda rdd: rdd.map(lambda x: (x % 2, x)).reduceByKey(lambda a, b: stop_at_5(b)).collect(),
    "combineByKey createCombiner": lambda rdd: rdd.map(lambda x: (x, x)).combineByKey(
        stop_at_5, lambda c, v: c, lambda a, b: a).collect(),
    "combineByKey mergeCombiners": lambda rdd: rdd.map(lambda x: (x % 2, x)).combineByKey(
        lambda v: v, lambda c, v: c, stop_always).collect(),
    "aggregateByKey": lambda rdd: rdd.map(lambda x: (x % 2, x)).aggregateByKey(
        0, lambda c, v: stop_at_5(v), lambda a, b: a).collect(),
    "groupBy": lambda rdd: rdd.groupBy(stop_at_5).collect(),
    "sortBy": lambda rdd: rdd.sortBy(stop_at_5).collect(),
    "sortByKey keyfunc": lambda rdd: rdd.map(lambda x: (x, x)).sortByKey(keyfunc=stop_at_5).collect(),
    "partitionBy": lambda rdd: rdd.map(lambda x: (x, x)).partitionBy(3, stop_at_5).collect(),
    "foreach": lambda rdd: rdd.foreach(stop_at_5),
    "reduce": lambda rdd: rdd.reduce(lambda a, b: stop_at_5(b)),
    "fold": lambda rdd: rdd.fold(0, lambda a, b: stop_at_5(b)),
    "aggregate": lambda rdd: rdd.aggregate(0, lambda a, b: stop_at_5(b), lambda a, b: a + b),
    "treeAggregate": lambda rdd: rdd.treeAggregate(0, lambda a, b: stop_at_5(b), lambda a, b: a + b),
    "reduceByKeyLocally": lambda rdd: rdd.map(lambda x: (x % 2, x)).reduceByKeyLocally(lambda a, b: stop_at_5(b)),
    "top key": lambda rdd: rdd.top(3, key=stop_at_5),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_stop_iteration_in_user_code_fails_the_job(sc, case):
    rdd = sc.parallelize(range(10), 3)  # 5 is not first in its partition
    with pytest.raises(Exception, match=MESSAGE):
        CASES[case](rdd)


def test_the_job_keeps_working_without_stop_iteration(sc):
    # the checked iterations still end at the end of the records, also when fused and zipped
    assert sc.parallelize(range(10), 2).map(lambda x: x).filter(lambda x: x % 2).collect() == [1, 3, 5, 7, 9]
    assert sc.parallelize(range(4), 2).flatMap(lambda x: iter([x] * x)).collect() == [1, 2, 2, 3, 3, 3]
    rdd = sc.parallelize(range(6), 2)
    assert rdd.map(lambda x: x + 1).zip(rdd.filter(lambda x: True)).collect() == [(x + 1, x) for x in range(6)]
    assert rdd.map(lambda x: x).take(1) == [0]


def test_a_stop_iteration_in_a_later_step_of_a_fused_chain(sc):
    with pytest.raises(Exception, match=MESSAGE):
        sc.parallelize(range(10), 1).map(lambda x: x * 2).map(lambda x: stop_at_5(x - 5)).collect()


def test_driver_side_merges_raise_the_failure_itself(sc):
    # one record per partition: the executors never call the function, the driver's merge does
    with pytest.raises(StopIterationFailure, match=MESSAGE):
        sc.parallelize([1, 2], 2).reduce(stop_always)
    with pytest.raises(StopIterationFailure, match=MESSAGE):
        sc.parallelize([], 2).fold(0, stop_always)
    with pytest.raises(RuntimeError, match=MESSAGE):  # PySpark's error is a RuntimeError too
        sc.parallelize([], 2).aggregate(0, lambda a, b: a, stop_always)


def test_the_guard_passes_values_and_other_errors_through():
    assert fail_on_stopiteration(lambda a, b=1: a + b)(1, b=2) == 3
    with pytest.raises(ValueError):
        fail_on_stopiteration(int)("x")
    with pytest.raises(StopIterationFailure, match=MESSAGE + ": always"):
        fail_on_stopiteration(stop_always)()


def test_a_stop_on_the_last_record_is_not_lost(sc):
    # nothing after it to miss, but the record itself would be dropped
    with pytest.raises(Exception, match=MESSAGE):
        sc.parallelize([1, 2, 5], 1).map(stop_at_5).collect()
    with pytest.raises(Exception, match=MESSAGE):
        sc.parallelize([1, 2, 5], 1).filter(stop_at_5).collect()
