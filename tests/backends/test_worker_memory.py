"""spark.executor.pyspark.memory: each local worker's address space is limited (RLIMIT_AS,
as PySpark's worker sets it), so an allocation past it is a MemoryError in the task."""

from __future__ import annotations

import pytest

from spark_lambda.errors import ConfigurationError
from spark_lambda.backends.aws_lambda import check_worker_memory


def allocate(mb):
    block = bytearray(mb << 20)
    return len(block) >> 20


def address_space_limit(_):
    import resource
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_the_worker_address_space_is_limited(new_context):
    sc = new_context("local[1]", **{"spark.executor.pyspark.memory": "1g", "spark.task.maxFailures": "1"})
    assert sc.parallelize([0], 1).map(address_space_limit).collect() == [1 << 30]
    assert sc.parallelize([64], 1).map(allocate).collect() == [64]
    with pytest.raises(MemoryError):
        sc.parallelize([2048], 1).map(allocate).collect()


def test_without_the_setting_workers_are_not_limited(new_context):
    import resource
    sc = new_context("local[1]")
    assert sc.parallelize([0], 1).map(address_space_limit).collect() == \
        [resource.getrlimit(resource.RLIMIT_AS)[0]]


def test_on_lambda_the_setting_cannot_exceed_the_function_memory():
    check_worker_memory(512 << 20, 512, "f")
    check_worker_memory(None, 512, "f")
    with pytest.raises(ConfigurationError, match=r"spark.executor.pyspark.memory \(1024 MB\).*f \(512 MB\)"):
        check_worker_memory(1 << 30, 512, "f")
