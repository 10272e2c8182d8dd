"""A union of n aggregates joined to its own aggregate: the answer (against plain Python) and
the planning work, which must grow linearly with n (it once doubled with each branch: a
union's output read its first input's twice, and nested unions were fingerprinted whole at
every level). Work is counted in calls, never timed."""

from __future__ import annotations

import collections

from spark_lambda.sql import functions as F
from spark_lambda.sql.catalyst import expressions as ex
from spark_lambda.sql.catalyst import plans as lp
from spark_lambda.sql.catalyst.analyzer import Analyzer
from spark_lambda.sql.catalyst.optimizer import optimize
from spark_lambda.sql.execution import reuse
from spark_lambda.sql.execution.planner import Planner


def union_of_aggregates(spark, n: int):
    """``parts[0].union(parts[1])...``: n ``groupBy("k").agg(sum)`` frames over one range
    (also built by bench/union_self_join_planning.py)."""
    base = spark.range(100).withColumn("k", F.col("id") % 7)
    parts = [base.where(F.col("id") > i).groupBy("k").agg(F.sum("id").alias("s"))
             for i in range(n)]
    u = parts[0]
    for p in parts[1:]:
        u = u.union(p)
    return u


def joined_to_own_aggregate(u):
    """``u`` joined on ``k`` to its own per-``k`` maximum of ``s``."""
    return u.join(u.groupBy("k").agg(F.max("s").alias("m")), "k")


def _query(spark, n: int):
    return joined_to_own_aggregate(union_of_aggregates(spark, n))


def _python_answer(n: int) -> list:
    rows = []
    for i in range(n):
        sums = collections.Counter()
        for v in range(i + 1, 100):
            sums[v % 7] += v
        rows += sorted(sums.items())
    best = {}
    for k, s in rows:
        best[k] = max(best.get(k, s), s)
    return sorted((k, s, best[k]) for k, s in rows)


def test_union_of_aggregates_joined_to_its_aggregate_matches_python(spark):
    got = sorted(tuple(r) for r in _query(spark, 24).select("k", "s", "m").collect())
    assert got == _python_answer(24)


def test_optimizer_makes_a_chain_of_unions_one_union(spark):
    plan = optimize(_query(spark, 24)._plan)
    unions = [p for p in plan.walk() if isinstance(p, lp.Union)]
    assert unions and all(len(u.inputs) == 24 for u in unions)
    assert not any(isinstance(c, lp.Union) for u in unions for c in u.inputs)


def _planning_work(spark, monkeypatch, n: int) -> collections.Counter:
    """Calls of the functions that do the analysis, union output, fingerprinting and
    physical planning work while ``_query(n)`` is built and planned."""
    calls: collections.Counter = collections.Counter()

    def counted(owner, name):
        real = getattr(owner, name)

        def wrapper(*a, **k):
            calls[name] += 1
            return real(*a, **k)
        monkeypatch.setattr(owner, name, wrapper)
    for owner, name in ((Analyzer, "resolve_node"), (ex.Attr, "with_nullability"),
                        (reuse._Keys, "_key"), (Planner, "fragment")):
        counted(owner, name)
    try:
        q = _query(spark, n).groupBy().count()
        spark._planner().result_rdd(optimize(spark._use_cache(q._plan)))
    finally:
        monkeypatch.undo()
    return calls


def test_planning_work_grows_linearly_with_union_branches(spark, monkeypatch):
    # doubling n may at most a little more than double the work (it was once 2ⁿ: n=24 never
    # finished); n=6 → 12 is checked first so that such a regression fails at once
    small = _planning_work(spark, monkeypatch, 6)
    for n in (12, 24):
        big = _planning_work(spark, monkeypatch, n)
        assert set(big) == set(small) and all(big.values())
        for name in small:
            assert big[name] <= 2.5 * small[name], (n, name, small, big)
        small = big


def test_a_chain_of_600_unions_is_planned(spark):
    # nested, such a chain once went deeper than Python's recursion limit
    q = _query(spark, 600).groupBy().count()
    plan = optimize(spark._use_cache(q._plan))
    assert sorted(len(p.inputs) for p in plan.walk() if isinstance(p, lp.Union)) == [600, 600]
    assert spark._planner().result_rdd(plan) is not None
