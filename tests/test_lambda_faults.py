"""Lambda timeouts and out-of-memory kills in jobs: recognised, advised, retried.

Through the emulator, on a function made from the deployed package with a
3 s timeout and 512 MB: the first attempt of one partition runs too long or
takes too much memory; the error names the cause and what to change, and
the attempt is retried like any other failure. A job that fails while another
partition's invocation is still running leaves nothing of that invocation behind.
"""

from __future__ import annotations

import sys
import time

import boto3

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



def _late_save(marker: str):
    def write(partition, it):
        if partition == 0:
            raise ValueError("partition 0 always fails")
        store, key = TaskContext.get().open(marker)
        deadline = time.monotonic() + 20
        while not store.exists(key) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)   # the job failed a second ago: now this attempt writes its file
        return it
    return write


def _invocations_ended(emulator, since: int, count: int, timeout_s: float = 30) -> None:
    """Wait until ``count`` invocations have ended (the emulator logs each whole at its end)."""
    deadline = time.monotonic() + timeout_s
    while emulator.output()[since:].count("REPORT RequestId:") < count:
        assert time.monotonic() < deadline, f"invocations still running after {timeout_s} s"
        time.sleep(0.05)


def test_a_failed_save_waits_for_its_running_invocations_and_leaves_nothing(
        lambda_conf, deployed_function, lambda_emulator):
    # Partition 1's invocation is still running when partition 0's second failure fails
    # the job (it waits for the marker the driver puts then); it writes a second later.
    bucket = deployed_function["bucket"]
    s3 = boto3.client("s3")
    marker = f"s3://{bucket}/late-attempt-marker/{time.time_ns()}"

    def listener(name, fields):
        if name == "task_end" and fields["partition"] == 0 and fields["attempt"] == 1:
            s3.put_object(Bucket=bucket, Key=marker[len(f"s3://{bucket}/"):], Body=b"")
    since = len(lambda_emulator.output())
    tasks: list = []
    with another_function(deployed_function, "-late", timeout=30) as fn:
        sc = SparkContext(conf=lambda_conf.copy().setMaster(f"lambda://{fn}").set("spark.task.maxFailures", "2"))
        try:
            sc.add_listener(listener)
            sc.add_listener(lambda name, fields: tasks.append(fields) if name == "task_start" else None)
            with pytest.raises(JobFailedError, match="failed 2 times"):
                sc.parallelize(range(20), 2).mapPartitionsWithIndex(_late_save(marker)).saveAsTextFile(
                    f"s3://{bucket}/late-attempt/out")
        finally:
            sc.stop()
        # every invocation made, pings included, has ended: partition 1's too, had the job let it go
        _invocations_ended(lambda_emulator, since, len(tasks) + len(sc.backend.side_invocations))
    left = s3.list_objects_v2(Bucket=bucket, Prefix="late-attempt/")
    assert [o["Key"] for o in left.get("Contents", [])] == []
