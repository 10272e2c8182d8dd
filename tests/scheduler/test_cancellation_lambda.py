"""Cancelling a job whose tasks run as Lambda invocations (through the emulator): the job
raises in its thread at once, the invocations not started are never made, the running ones
are abandoned (Lambda cannot stop an invocation, so they run to their end unobserved), and
another thread's job finishes with the right answer."""

from __future__ import annotations

import re

import pytest

from spark_lambda import JobCancelledError, SparkContext, TaskContext

from .cancel_scenario import TASKS, cancel_while_running

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
SLEEP_S = 4.0


def test_cancel_job_group_on_lambda(lambda_conf, tmp_path):
    conf = lambda_conf.copy().set("spark.lambda.concurrent.requests.max", "4")
    sc = SparkContext(conf=conf)
    try:
        out = cancel_while_running(sc, tmp_path, lambda c: c.setJobGroup("slow", "to cancel", True),
                                   lambda c: c.cancelJobGroup("slow"), SLEEP_S)
        assert isinstance(out["error"], JobCancelledError), out
        assert re.fullmatch(r"Job \d+ cancelled part of cancelled job group slow", str(out["error"]))
        assert out["elapsed"] < 0.1 * TASKS * SLEEP_S
        assert out["other"] == sum(x * 2 for x in range(100))
        assert 1 <= len(out["started"]) <= 4          # four in flight at most; the rest never invoked
        assert [n[4:] for n in out["ended"]] == [n[6:] for n in out["started"]]   # abandoned: they run on
        assert sc.statusTracker().getActiveJobsIds() == []
        sc.setLocalProperty("user.key", "v")   # local properties travel with Lambda tasks too
        assert sc.parallelize(range(2), 2).map(
            lambda _: TaskContext.get().task.local_properties.get("user.key")).collect() == ["v", "v"]
    finally:
        sc.stop()
