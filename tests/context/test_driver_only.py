"""A SparkContext belongs to the driver: creating one inside a task is refused, as in PySpark."""

from __future__ import annotations

import pytest

from spark_lambda import SparkContext

MESSAGE = "SparkContext should only be created and accessed on the driver"


def test_creating_a_context_inside_a_task_fails_the_job(sc):
    def make_context(_):
        SparkContext("local[1]", "inside")
        return "made"
    with pytest.raises(Exception, match=MESSAGE) as info:
        sc.parallelize([1, 2], 2).map(make_context).collect()
    assert "DriverOnlyError" in str(info.value)


def test_get_or_create_inside_a_task_is_refused_too(sc):
    with pytest.raises(Exception, match=MESSAGE):
        sc.parallelize([1], 1).foreach(lambda _: SparkContext.getOrCreate())

