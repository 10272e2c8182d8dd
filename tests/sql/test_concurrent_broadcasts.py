"""Broadcast tables are collected by jobs that run at once, while the rest is planned."""

from __future__ import annotations

import time

import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.types import IntegerType

pytestmark = pytest.mark.usefixtures("distributed")   # small data, distributed plans

FACTS = [(k % 5, k % 4, k) for k in range(200)]


def _slow(v):
    time.sleep(0.8)
    return v


class _Jobs:
    def __init__(self):
        self.start, self.end, self.names = {}, {}, []

    def __call__(self, ev, f):
        if ev == "job_start":
            self.start[f["job"]] = f["time"]
            self.names.append(f["name"])
        elif ev == "job_end":
            self.end[f["job"]] = f["time"]


def _views(spark):
    slow = F.udf(_slow, IntegerType())
    spark.createDataFrame(FACTS, "a INT, b INT, v INT").createOrReplaceTempView("bc_facts")
    dim_a = spark.createDataFrame([(k, f"a{k}") for k in range(5)], "a INT, na STRING")
    dim_b = spark.createDataFrame([(k, f"b{k}") for k in range(4)], "b INT, nb STRING")
    dim_a.select(slow("a").alias("a"), "na").createOrReplaceTempView("bc_dim_a")
    dim_b.select(slow("b").alias("b"), "nb").createOrReplaceTempView("bc_dim_b")


def test_two_broadcast_sides_are_collected_at_once(spark):
    _views(spark)
    jobs = _Jobs()
    q = spark.sql("SELECT /*+ BROADCAST(bc_dim_a, bc_dim_b) */ na, nb, sum(v) AS s "
                  "FROM bc_facts JOIN bc_dim_a ON bc_facts.a = bc_dim_a.a "
                  "JOIN bc_dim_b ON bc_facts.b = bc_dim_b.b "
                  "GROUP BY na, nb")
    spark.sparkContext.add_listener(jobs)
    try:
        rows = q.collect()
    finally:
        spark.sparkContext.remove_listener(jobs)
    expected: dict = {}
    for a, b, v in FACTS:
        expected[(f"a{a}", f"b{b}")] = expected.get((f"a{a}", f"b{b}"), 0) + v
    assert {(r["na"], r["nb"]): r["s"] for r in rows} == expected
    first, second = sorted(jobs.start)[:2]     # the two broadcast sides' jobs
    assert jobs.start[second] < jobs.end[first], "the second broadcast waited for the first"
    # every job is named after the action that ran it, started from a planning thread or not
    assert all(n.startswith("collect at test_concurrent_broadcasts.py:") for n in jobs.names), \
        jobs.names


def test_a_failing_broadcast_side_raises_its_own_error(spark):
    from spark_lambda.sql.errors import ArithmeticException
    _views(spark)
    spark.createDataFrame([(k, 0) for k in range(4)], "b INT, z INT") \
        .createOrReplaceTempView("bc_zero")
    q = spark.sql("SELECT /*+ BROADCAST(d) */ sum(v) FROM bc_facts "
                  "JOIN (SELECT b FROM bc_zero WHERE 1 / z > 0) AS d ON bc_facts.b = d.b "
                  "JOIN bc_dim_a ON bc_facts.a = bc_dim_a.a")
    with pytest.raises(ArithmeticException, match="DIVIDE_BY_ZERO"):
        q.collect()
