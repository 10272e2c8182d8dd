"""The optimizer takes the conjuncts common to both sides of an OR out of it (Spark's
``BooleanSimplification``): answers checked against plain Python, plans against the rule."""

from __future__ import annotations

import itertools

from spark_lambda.sql.catalyst import expressions as ex
from spark_lambda.sql.catalyst import plans as lp
from spark_lambda.sql.catalyst.optimizer import optimize
from spark_lambda.sql.explain import explain_string

LEFT = [(k % 7 if k % 11 else None, k % 5, k) for k in range(60)]
RIGHT = [(k % 7, k % 3 if k % 4 else None, k) for k in range(40)]


def _views(spark):
    spark.createDataFrame(LEFT, "a INT, b INT, x INT").createOrReplaceTempView("or_l")
    spark.createDataFrame(RIGHT, "a INT, c INT, y INT").createOrReplaceTempView("or_r")


def _joins(plan):
    return [p for p in plan.walk() if isinstance(p, lp.Join)]


def test_a_join_key_common_to_every_branch_becomes_an_equi_join(spark):
    _views(spark)
    q = spark.sql("SELECT x, y FROM or_l, or_r WHERE (or_l.a = or_r.a AND b = 1 AND c = 0) "
                  "OR (or_l.a = or_r.a AND b = 2) OR (or_r.a = or_l.a AND c = 2 AND b > 2)")
    plan = optimize(q._plan)
    (join,) = _joins(plan)
    conjuncts = ex.split_conjuncts(join.condition)
    assert any(isinstance(c, ex.Call) and c.fn == "=" for c in conjuncts), join.condition
    assert "NestedLoopJoin" not in explain_string(q, "formatted")

    def keep(la, b, ra, c):
        def eq(u, v):
            return None if u is None or v is None else u == v
        branches = [(eq(la, ra), eq(b, 1), eq(c, 0)), (eq(la, ra), eq(b, 2)),
                    (eq(ra, la), eq(c, 2), None if b is None else b > 2)]
        return any(all(t is True for t in br) for br in branches)
    expected = sorted((x, y) for (la, b, x), (ra, c, y) in itertools.product(LEFT, RIGHT)
                      if keep(la, b, ra, c))
    assert sorted(tuple(r) for r in q.collect()) == expected


def test_a_branch_holding_only_common_conjuncts_absorbs_the_others(spark):
    _views(spark)
    q = spark.sql("SELECT x FROM or_l WHERE (b = 1) OR (b = 1 AND a = 3)")
    conds = [p.condition for p in optimize(q._plan).walk() if isinstance(p, lp.Filter)]
    assert conds and not any(isinstance(n, ex.Call) and n.fn == "or"
                             for c in conds for n in c.walk())
    assert sorted(r[0] for r in q.collect()) == sorted(x for a, b, x in LEFT if b == 1)


def test_nondeterministic_conjuncts_stay_in_their_branches(spark):
    _views(spark)
    q = spark.sql("SELECT x FROM or_l WHERE (rand() < 2 AND b = 1) OR (rand() < 2 AND b = 2)")
    conds = [p.condition for p in optimize(q._plan).walk() if isinstance(p, lp.Filter)]
    assert any(isinstance(n, ex.Call) and n.fn == "or" and
               sum(isinstance(m, ex.Call) and m.fn == "rand" for m in n.walk()) == 2
               for c in conds for n in c.walk())
    assert sorted(r[0] for r in q.collect()) == sorted(x for a, b, x in LEFT if b in (1, 2))
