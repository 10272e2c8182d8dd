"""Accumulators: driver-side adds, task updates, custom params, once per partition."""

from __future__ import annotations

import pytest

from spark_lambda import AccumulatorParam, TaskContext
from spark_lambda.accumulators import AccumulatorRegistry, default_param


class ListParam(AccumulatorParam):
    def zero(self, value):
        return [0.0] * len(value)

    def addInPlace(self, value1, value2):
        for i in range(len(value1)):
            value1[i] += value2[i]
        return value1


def test_driver_side_adds_and_repr(sc):
    acc = sc.accumulator(9)
    acc += 1
    acc.add(5)
    assert acc.value == 15
    assert str(acc) == "15"
    assert repr(acc) == f"Accumulator<id={acc.aid}, value=15>"
    acc.value = 3
    assert acc.value == 3


def test_task_updates_are_summed_on_the_driver(sc):
    acc = sc.accumulator(0)
    fsum = sc.accumulator(0.0)
    data = list(range(100))

    def f(x):
        acc.add(1)
        fsum.add(x / 2)
    sc.parallelize(data, 7).foreach(f)
    assert acc.value == len(data)
    assert fsum.value == pytest.approx(sum(x / 2 for x in data))


def test_augmented_assignment_in_a_task(sc):
    acc = sc.accumulator(10)

    def f(x):
        local = acc
        local += x   # Accumulator.__iadd__ adds in the task
    sc.parallelize([1, 2, 3, 4], 2).foreach(f)
    assert acc.value == 20


def test_custom_param(sc):
    acc = sc.accumulator([1.0, 2.0, 3.0], ListParam())
    sc.parallelize([[1.0, 1.0, 1.0]] * 6, 3).foreach(lambda v: acc.add(v))
    assert acc.value == [7.0, 8.0, 9.0]


def test_complex_and_bad_default_param(sc):
    c = sc.accumulator(1j)
    sc.parallelize([1, 2], 2).foreach(lambda x: c.add(x * 1j))
    assert c.value == 4j
    with pytest.raises(TypeError, match="No default accumulator param"):
        sc.accumulator([1, 2])
    with pytest.raises(TypeError):
        default_param(True)


def test_value_cannot_be_read_in_a_task(sc):
    acc = sc.accumulator(0)
    with pytest.raises(RuntimeError, match="cannot be accessed inside tasks"):
        sc.parallelize([1], 1).map(lambda x: acc.value).collect()


def test_failed_attempts_add_nothing(sc):
    """Each partition's first attempt adds, then fails; only the retry's update counts."""
    acc = sc.accumulator(0)

    def flaky(it):
        items = list(it)
        for _ in items:
            acc.add(1)
        if TaskContext.get().attemptNumber() == 0:
            raise RuntimeError("first attempt fails after adding")
        return items
    result = sc.parallelize(range(40), 4).mapPartitions(flaky).collect()
    assert result == list(range(40))
    assert acc.value == 40


def test_updates_in_a_map_stage(sc):
    acc = sc.accumulator(0)
    pairs = sc.parallelize([(i % 3, 1) for i in range(30)], 3).map(lambda kv: (acc.add(1), kv)[1])
    assert dict(pairs.reduceByKey(lambda a, b: a + b, 2).collect()) == {0: 10, 1: 10, 2: 10}
    assert acc.value == 30


def test_registry_ignores_unknown_ids():
    import pickle

    from spark_lambda.wire import b64
    reg = AccumulatorRegistry()
    a = reg.create(5, None)
    reg.apply([[a.aid, b64(pickle.dumps(2))], [99, b64(pickle.dumps(1))]])
    assert a.value == 7
