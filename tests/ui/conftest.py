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


@pytest.fixture(scope="session")
def sql_logged_run(tmp_path_factory):
    """(event log path, app id) of a DataFrame aggregate: ``range(100)`` grouped by
    ``id % 3`` and counted over 2 map tasks and 3 shuffle partitions, context stopped."""
    from spark_lambda.sql import SparkSession, functions as F
    base = tmp_path_factory.mktemp("sql-logged-run")
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(base / "local"))
            .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", str(base / "events")))
    with SparkContext("local[2]", "ui-sql-tests", conf=conf) as sc:
        spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "3",   # distributed:
                                  "spark.sql.adaptive.singleTask.maxInputBytes": "0"})
        df = spark.range(100).select((F.col("id") % 3).alias("k")).groupBy("k").count()
        assert sorted(df.collect()) == [(0, 34), (1, 33), (2, 33)]
        app_id = sc.app_id
    logs = glob.glob(str(base / "events" / "*"))
    assert len(logs) == 1, logs
    return logs[0], app_id
