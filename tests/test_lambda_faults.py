"""Lambda timeouts and out-of-memory kills in jobs: recognised, advised, retried.

Through the emulator, on a function made from the deployed package with a
3 s timeout and 512 MB: the first attempt of one partition runs too long or
takes too much memory; the error names the cause and what to change, and
the attempt is retried like any other failure.
"""

from __future__ import annotations

import sys
import time

import cloudpickle
import pytest

from spark_lambda import SparkContext, TaskContext
from spark_lambda.errors import JobFailedError

from .servers import another_function

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def small_fn(deployed_function, lambda_emulator):
    with another_function(deployed_function, "-small", timeout=3, memory=512) as name:
        yield name


@pytest.fixture
def lsc(lambda_conf, small_fn):
    events: list = []
    sc = SparkContext(conf=lambda_conf.copy().setMaster(f"lambda://{small_fn}").set("spark.task.maxFailures", "2"))
    sc.add_listener(lambda name, fields: events.append((name, fields)))
    sc.events = events
    yield sc
    sc.stop()


def _slow_first(x):
    if x == 0 and TaskContext.get().attemptNumber() == 0:
        time.sleep(30)
    return x * 2


def _hog_first(x, always=False):
    if x == 0 and (always or TaskContext.get().attemptNumber() == 0):
        block = bytearray(700 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1
    return x * 2


def _failures(sc):
    return [f for n, f in sc.events if n == "task_end" and f["status"] == "failed"]


def test_timeout_is_recognised_and_retried(lsc):
    assert lsc.parallelize(range(6), 3).map(_slow_first).collect() == [x * 2 for x in range(6)]
    [failure] = _failures(lsc)
    assert failure["error"]["kind"] == "timeout" and failure["attempt"] == 0
    assert "more partitions" in failure["error"]["message"] and "--timeout" in failure["error"]["message"]


def test_out_of_memory_is_recognised_and_retried(lsc):
    assert lsc.parallelize(range(6), 3).map(_hog_first).collect() == [x * 2 for x in range(6)]
    [failure] = _failures(lsc)
    assert failure["error"]["kind"] == "oom"
    assert "out of memory" in failure["error"]["message"] and "--memory" in failure["error"]["message"]


def test_out_of_memory_every_time_fails_the_job_with_advice(lsc):
    with pytest.raises(JobFailedError) as info:
        lsc.parallelize(range(6), 3).map(lambda x: _hog_first(x, always=True)).collect()
    message = str(info.value)
    assert "failed 2 times" in message and "ran out of memory (512 MB)" in message
    assert "more partitions" in message and "--memory" in message
    assert [f["error"]["kind"] for f in _failures(lsc)] == ["oom", "oom"]
