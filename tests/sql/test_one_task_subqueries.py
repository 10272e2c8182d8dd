"""Subqueries in a query that runs as one task (``one_task``): the SQL DuckDB gets for them,
and answers equal to plain Python's and to the same query run distributed.

A correlated scalar subquery is decorrelated as Spark does (a left join to an aggregate
grouped by the correlated columns); in one task that join is a ``LEFT JOIN LATERAL`` whose
aggregate reads only the rows of the left row's keys (``join.lateral_aggregate``)."""

from __future__ import annotations

import pytest

KEY = "spark.sql.adaptive.singleTask.maxInputBytes"


@pytest.fixture(autouse=True)
def _default_threshold(spark):
    yield
    spark.conf.unset(KEY)


def _one_task_sql(spark, df) -> str:
    """The SQL of the one task ``df``'s rows come from."""
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.one_task import one_task_input
    from spark_lambda.sql.execution.reuse import Reuse
    plan = optimize(df._plan)
    planner = spark._planner()
    planner.one_task_bytes = one_task_input(spark, plan)
    assert planner.one_task_bytes is not None
    planner.one_task, planner.reuse = True, Reuse(plan)
    return planner.task_fragment(planner.fragment(plan)).sql


def _both_ways(spark, text: str) -> tuple:
    """``text``'s rows as one task and distributed (threshold 0), with the one task's SQL."""
    spark.conf.set(KEY, "256m")
    sql = _one_task_sql(spark, spark.sql(text))
    one = [tuple(r) for r in spark.sql(text).collect()]
    spark.conf.set(KEY, "0")
    spread = [tuple(r) for r in spark.sql(text).collect()]
    return one, spread, sql


def _lateral_rows(spark, text: str) -> list:
    """``text``'s rows, the same both ways, from a one-task SQL with a lateral join."""
    one, spread, sql = _both_ways(spark, text)
    assert "LEFT JOIN LATERAL" in sql
    assert one == spread
    return one


OUTER = [(1, 1, 5), (2, 1, 30), (2, 2, 1), (None, 1, 0), (5, 1, 2), (3, 2, 100)]
INNER = [(1, 1, 10), (2, 1, 20), (2, 1, 5), (3, 1, 7), (None, 1, 4), (3, 2, 8), (4, 2, 9)]


@pytest.fixture
def views(spark):
    spark.createDataFrame(OUTER, "k INT, g INT, x INT").createOrReplaceTempView("sq_o")
    spark.createDataFrame(INNER, "k INT, g INT, v INT").createOrReplaceTempView("sq_i")


def _inner(pred):
    return [v for k, g, v in INNER if pred(k, g)]


def test_a_correlated_scalar_subquery_reads_only_the_outer_keys_groups(spark, views):
    text = ("SELECT k, x, (SELECT count(*) FROM sq_i WHERE sq_i.k = sq_o.k) AS c, "
            "(SELECT sum(v) FROM sq_i WHERE sq_i.k = sq_o.k) AS s FROM sq_o ORDER BY k, x")
    want = []
    for k, _, x in OUTER:
        vs = _inner(lambda ik, _g: ik is not None and ik == k)
        want.append((k, x, len(vs), sum(vs) if vs else None))   # count bug: 0, sum: NULL
    want.sort(key=lambda r: (r[0] is not None, r[0] or 0, r[1]))   # NULLS FIRST
    assert _lateral_rows(spark, text) == want


def test_in_where_with_two_correlated_keys_one_an_expression(spark, views):
    text = ("SELECT k, g, x FROM sq_o WHERE x < (SELECT 2 * avg(v) FROM sq_i "
            "WHERE sq_i.k = sq_o.k + 1 AND sq_i.g = sq_o.g) ORDER BY k, g, x")
    want = []
    for k, g, x in OUTER:
        vs = _inner(lambda ik, ig: k is not None and ik == k + 1 and ig == g)
        if vs and x < 2 * sum(vs) / len(vs):
            want.append((k, g, x))
    assert _lateral_rows(spark, text) == sorted(want) and want


def test_a_floating_point_key_keeps_the_plain_join(spark):
    # grouping makes -0.0 and 0.0 one group; the join compares the normalised key
    spark.createDataFrame([(0.0, 1), (-0.0, 2), (1.5, 3), (2.5, 4)], "f DOUBLE, x INT") \
        .createOrReplaceTempView("sq_fo")
    spark.createDataFrame([(-0.0, 10), (0.0, 1), (1.5, 7)], "f DOUBLE, v INT") \
        .createOrReplaceTempView("sq_fi")
    text = ("SELECT x, (SELECT sum(v) FROM sq_fi WHERE sq_fi.f = sq_fo.f) AS s FROM sq_fo "
            "ORDER BY x")
    one, spread, sql = _both_ways(spark, text)
    assert "LATERAL" not in sql
    assert one == spread == [(1, 11), (2, 11), (3, 7), (4, None)]


def test_other_joins_to_an_aggregate_stay_plain_joins(spark, views):
    from spark_lambda.sql import functions as F
    spark.conf.set(KEY, "256m")
    sums = spark.table("sq_i").groupBy("k").agg(F.sum("v").alias("s"))
    outer = spark.table("sq_o")
    inner = outer.join(sums, "k").select("k", "x", "s")
    assert "LATERAL" not in _one_task_sql(spark, inner)
    want = sorted((k, x, sum(_inner(lambda ik, _g: ik == k)))
                  for k, _, x in OUTER if k is not None and _inner(lambda ik, _g: ik == k))
    assert sorted(tuple(r) for r in inner.collect()) == want
    # a condition that is not only equalities with grouping keys
    left = outer.join(sums, (outer.k == sums.k) & (outer.x < sums.s), "left")
    assert "LATERAL" not in _one_task_sql(spark, left)
    assert len(left.collect()) == len(OUTER)


REVENUE = ("WITH rev AS (SELECT k, sum(v) AS total FROM sq_i WHERE g = 1 GROUP BY k) "
           "SELECT o.k, o.x, rev.total FROM sq_o o JOIN rev ON o.k = rev.k "
           "WHERE rev.total = (SELECT max(total) FROM rev) ORDER BY o.x")


def test_a_relation_named_twice_is_computed_once(spark, views):
    # TPC-H q15's shape: a CTE read by the query and by its scalar subquery
    one, spread, sql = _both_ways(spark, REVENUE)
    assert sql.startswith('WITH "cte') and sql.count("AS MATERIALIZED") == 1
    assert sql.count("GROUP BY") == 1 and sql.count("max(") == 1
    totals: dict = {}
    for k, g, v in INNER:
        if g == 1 and k is not None:
            totals[k] = totals.get(k, 0) + v
    top = max(totals.values())
    want = sorted(((k, x, totals[k]) for k, _, x in OUTER if totals.get(k) == top),
                  key=lambda r: r[1])
    assert one == spread == want and want


def test_only_the_same_computation_over_the_same_source_is_shared(spark, views):
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.reuse import same_computation, shared_subplans
    spark.createDataFrame(INNER, "k INT, g INT, v INT").createOrReplaceTempView("sq_i2")
    spark.conf.set(KEY, "256m")
    twice = "SELECT * FROM (SELECT k, sum(v) AS s FROM {} WHERE g = {} GROUP BY k) a " \
        "JOIN (SELECT k, sum(v) AS s FROM {} WHERE g = {} GROUP BY k) b ON a.k = b.k"
    shared = shared_subplans(optimize(spark.sql(twice.format("sq_i", 1, "sq_i", 1))._plan))
    assert len(shared) == 2 and len(set(shared.values())) == 1   # both aggregates, one key
    plans = [optimize(spark.sql(twice.format(*args))._plan)
             for args in [("sq_i", 1, "sq_i", 2), ("sq_i", 1, "sq_i", 2), ("sq_i", 2, "sq_i", 1)]]
    assert plans[0] is not plans[1] and same_computation(plans[0], plans[1])
    assert not same_computation(plans[0], plans[2])
    for args in [("sq_i", 1, "sq_i", 2), ("sq_i", 1, "sq_i2", 1)]:   # a constant, a source
        assert shared_subplans(optimize(spark.sql(twice.format(*args))._plan)) == {}
        assert "MATERIALIZED" not in _one_task_sql(spark, spark.sql(twice.format(*args)))
    # a Python function may give other values at each call: computed where it is named
    spark.udf.register("sq_plus", lambda v: v + 1, "int")
    calls = twice.replace("sum(v)", "sum(sq_plus(v))").format("sq_i", 1, "sq_i", 1)
    assert shared_subplans(optimize(spark.sql(calls)._plan)) == {}
    rows = sorted(tuple(r) for r in spark.sql(twice.format("sq_i", 1, "sq_i", 1)).collect())
    sums = {1: 10, 2: 25, 3: 7}
    assert rows == [(k, s, k, s) for k, s in sorted(sums.items())]
