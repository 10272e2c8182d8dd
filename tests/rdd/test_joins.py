"""Cogroups and joins past the memory budget (a context of their own: a small budget)."""

from __future__ import annotations

import pytest

from .test_pairs import grouped, norm, plain_join


@pytest.mark.parametrize("keep", [(False, False), (True, False), (False, True), (True, True)])
def test_join_past_the_memory_budget(new_context, keep):
    """A side that outgrows the budget spills; the join still pairs every key."""
    sc = new_context(**{"spark.python.worker.memory": "1m"})
    spills = []
    sc.add_listener(lambda ev, f: ev == "task_end" and spills.append(f["metrics"]["spills"]))
    left = [(i % 7000, i) for i in range(20_000)]
    right = [(i, -i) for i in range(0, 9000, 2)] * 2
    a, b = sc.parallelize(left, 2), sc.parallelize(right, 2)
    op = {(False, False): a.join, (True, False): a.leftOuterJoin,
          (False, True): a.rightOuterJoin, (True, True): a.fullOuterJoin}[keep]
    assert norm(op(b, 2).collect()) == plain_join(left, right, *keep)
    assert sum(spills) > 0


def test_cogroup_of_three_past_the_memory_budget(new_context):
    sc = new_context(**{"spark.python.worker.memory": "1m"})
    spills = []
    sc.add_listener(lambda ev, f: ev == "task_end" and spills.append(f["metrics"]["spills"]))
    sides = [[(i % 5000, i) for i in range(15_000)], [(i, -i) for i in range(0, 8000, 3)], [(7, "x")]]
    a, b, c = (sc.parallelize(s, 2) for s in sides)
    got = {k: tuple(sorted(x) for x in vs) for k, vs in a.groupWith(b, c).collect()}
    groups = [grouped(s) for s in sides]
    keys = set().union(*groups)
    assert got == {k: tuple(sorted(g.get(k, [])) for g in groups) for k in keys}
    assert sum(spills) > 0
