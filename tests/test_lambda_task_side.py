"""The task's side on lambda:// through the emulator: TaskContext and local
properties travel with the task, and a runtime killed by a signal names it, with
faulthandler's traceback from the log tail when
spark.python.worker.faulthandler.enabled is true."""

from __future__ import annotations

import ctypes
import sys

import cloudpickle
import pytest

from spark_lambda import SparkContext
from spark_lambda.taskcontext import TaskContext

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def crash_in_native_code(x):
    if x == 1:
        ctypes.string_at(0)
    return x


def describe(it):
    tc = TaskContext()
    yield (tc is TaskContext.get(), tc.partitionId(), tc.attemptNumber(), tc.getLocalProperty("k"),
           tc.resources(), tc.cpus())


@pytest.fixture
def make(lambda_conf):
    made = []

    def build(**settings):
        conf = lambda_conf.copy().set("spark.task.maxFailures", "1")
        for k, v in settings.items():
            conf.set(k, v)
        made.append(SparkContext(conf=conf))
        return made[-1]
    yield build
    for sc in made:
        sc.stop()


def test_task_context_and_local_properties_on_lambda(make):
    sc = make()
    sc.setLocalProperty("k", "on lambda")
    assert sc.parallelize(range(4), 2).mapPartitions(describe).collect() == \
        [(True, 0, 0, "on lambda", {}, 1), (True, 1, 0, "on lambda", {}, 1)]


def test_a_crashed_runtime_names_the_signal_and_dumps_the_traceback(make):
    sc = make(**{"spark.python.worker.faulthandler.enabled": "true"})
    with pytest.raises(Exception, match="segmentation fault") as info:
        sc.parallelize([0, 1], 1).map(crash_in_native_code).collect()
    text = str(info.value)
    assert "Fatal Python error: Segmentation fault" in text
    assert "crash_in_native_code" in text


def test_without_faulthandler_the_crash_suggests_it(make):
    sc = make()
    with pytest.raises(Exception, match="segmentation fault") as info:
        sc.parallelize([0, 1], 1).map(crash_in_native_code).collect()
    assert "spark.python.worker.faulthandler.enabled" in str(info.value)
    assert "Fatal Python error" not in str(info.value)


def test_worker_memory_larger_than_the_function_is_refused(lambda_conf, deployed_function):
    from spark_lambda.errors import ConfigurationError
    conf = lambda_conf.copy().set("spark.executor.pyspark.memory", "1g")  # the function has 512 MB
    with pytest.raises(ConfigurationError, match="spark.executor.pyspark.memory"):
        SparkContext(conf=conf)
    sc = SparkContext(conf=lambda_conf.copy().set("spark.executor.pyspark.memory", "256m"))
    try:
        assert sc.parallelize([1, 2], 2).count() == 2
    finally:
        sc.stop()
