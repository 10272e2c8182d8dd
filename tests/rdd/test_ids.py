"""RDD ids: numbered as PySpark numbers them (recorded runs in tests/data/pyspark_rdd_ids.json),
unique, stable once observed, and still usable by persistence and checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.rdd.id_cases import CASES

RECORDED = json.loads((Path(__file__).parent.parent / "data" / "pyspark_rdd_ids.json").read_text())


@pytest.fixture(scope="module")
def text_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("ids") / "lines.txt"
    path.write_text("a\nb\nc\n")
    return str(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_ids_as_pyspark(sc, text_path, name):
    assert CASES[name](sc, text_path) == RECORDED[name]


def test_a_fused_chain_takes_one_id(sc):
    a = sc.parallelize([1, 2, 3], 2)
    chained = a.map(lambda x: x + 1).filter(lambda x: x > 2).map(str)
    assert chained.id() == a.id() + 1
    assert chained.collect() == ["3", "4"]


def test_ids_are_unique_and_stable_once_observed(sc):
    a = sc.parallelize(range(20), 4)
    rdds = [a, a.map(abs), a.map(abs).filter(bool), a.keyBy(abs),
            a.keyBy(abs).groupByKey(), a.union(a), a.glom()]
    seen = [r.id() for r in rdds]
    assert len(set(seen)) == len(seen)
    for r in rdds:
        r.count()
    rdds[3].collect()
    assert [r.id() for r in rdds] == seen
    assert [r.id for r in rdds] == seen       # the attribute and the call agree


def test_jobs_on_an_unnumbered_pipeline_leave_it_unnumbered(sc):
    p = sc.parallelize([(1, 2), (1, 3)], 2).map(lambda kv: kv)
    s = p.reduceByKey(lambda x, y: x + y)
    assert s.collect() == [(1, 5)]
    assert p._rdd_id is None       # the job ran without drawing the map side's id


def test_persisted_and_checkpointed_rdds_keep_working_by_id(sc, tmp_path):
    calls = sc.accumulator(0)

    def counted(x):
        calls.add(1)
        return x * 2
    c = sc.parallelize(range(6), 3).map(counted).cache()
    assert c.sum() == 30 and c.sum() == 30
    assert calls.value == 6                # the second job read the cached copy
    sc.setCheckpointDir(str(tmp_path / "ck"))
    k = sc.parallelize(range(5), 2).map(lambda x: x + 1)
    k.checkpoint()
    assert k.collect() == [1, 2, 3, 4, 5]
    assert k.isCheckpointed() and k.map(lambda x: -x).collect() == [-1, -2, -3, -4, -5]
    assert f"rdd-{k.id()}" in k.getCheckpointFile()
