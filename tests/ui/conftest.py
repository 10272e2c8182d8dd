"""A real local job run once with the event log on, shared by the ui tests."""

from __future__ import annotations

import glob
import os
from operator import add

import pytest

from spark_lambda import SparkConf, SparkContext

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"


def fail_first_attempt(marker: str):
    """A partition function that fails the first time it sees partition 1 (message naming
    the secret), and succeeds when retried."""
    def run(split, it):
        if split == 1 and not os.path.exists(marker):
            open(marker, "w").close()
            raise ValueError(f"first attempt fails; credentials were {SECRET}")
        return it
    return run


@pytest.fixture(scope="session")
def logged_run(tmp_path_factory):
    """(event log path, job results): a shuffle job with one retried task, context stopped."""
    base = tmp_path_factory.mktemp("logged-run")
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(base / "local"))
            .set("spark.eventLog.enabled", "true")
            .set("spark.eventLog.dir", str(base / "events"))
            .set("spark.hadoop.fs.s3n.awsSecretAccessKey", SECRET))
    with SparkContext("local[2]", "ui-tests", conf=conf) as sc:
        pairs = (sc.parallelize(range(200), 4)
                 .mapPartitionsWithIndex(fail_first_attempt(str(base / "failed-once")))
                 .map(lambda x: (x % 7, x)))
        sums = sorted(pairs.reduceByKey(add, 3).collect())
        count = sc.parallelize(range(10), 2).count()
    logs = glob.glob(str(base / "events" / "*"))
    assert len(logs) == 1, logs
    return logs[0], sums, count
