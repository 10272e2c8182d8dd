"""checkpoint and localCheckpoint: partitions saved, lineage cut, no recomputation."""

from __future__ import annotations

import os

import pytest

from spark_lambda import StorageLevel
from spark_lambda.errors import ConfigurationError


def test_checkpoint_writes_and_cuts_lineage(new_context, tmp_path):
    sc = new_context()
    with pytest.raises(ConfigurationError, match="setCheckpointDir"):
        sc.range(3).checkpoint()
    sc.setCheckpointDir(str(tmp_path / "cp"))
    computed = sc.accumulator(0)
    base = sc.parallelize(range(20), 2).map(lambda x: (x % 4, x)).reduceByKey(lambda a, b: a + b)
    rdd = base.map(lambda kv: (computed.add(1), kv)[1])
    assert not rdd.is_checkpointed and rdd.getCheckpointFile() is None
    rdd.checkpoint()
    assert rdd.is_checkpointed and not rdd.isCheckpointed() and rdd.getCheckpointFile() is None
    want = sorted((k, sum(x for x in range(20) if x % 4 == k)) for k in range(4))
    assert sorted(rdd.collect()) == want
    assert rdd.isCheckpointed()
    uri = rdd.getCheckpointFile()             # a URI, as PySpark's: file:/.../cp/<uuid>/rdd-<id>
    assert uri == f"{sc.getCheckpointDir()}/rdd-{rdd.id()}"
    assert uri.startswith(f"file:{tmp_path / 'cp'}/") and not uri.startswith("file://")
    path = uri[len("file:"):]
    assert sorted(os.listdir(path)) == ["part-00000", "part-00001"]
    assert rdd.parents == [] and rdd.shuffle_deps == []
    before = computed.value
    assert sorted(rdd.collect()) == want
    assert sorted(rdd.map(lambda kv: kv[1]).collect()) == sorted(v for _, v in want)
    assert computed.value == before          # read from the checkpoint, not recomputed
    assert b"(checkpointed)" in rdd.toDebugString()


def test_local_checkpoint(new_context):
    sc = new_context()
    computed = sc.accumulator(0)
    rdd = sc.parallelize(range(10), 2).map(lambda x: (computed.add(1), x * 2)[1])
    assert not rdd.isLocallyCheckpointed()
    rdd.localCheckpoint()
    assert rdd.isLocallyCheckpointed() and rdd.getStorageLevel() == StorageLevel.MEMORY_AND_DISK
    assert rdd.take(1) == [0]               # computes one partition; the rest is materialised after
    assert rdd.isCheckpointed() and rdd.parents == []
    assert rdd.collect() == [x * 2 for x in range(10)]
    assert computed.value == 10
    assert rdd.getCheckpointFile() is None


def test_checkpointed_join_reads_its_checkpoint_not_its_sides(new_context, tmp_path):
    sc = new_context()
    sc.setCheckpointDir(str(tmp_path / "cp"))
    left = [(i % 50, i) for i in range(1000)]
    a = sc.parallelize(left, 3)
    b = sc.parallelize([(i, -i) for i in range(40)], 2).partitionBy(5)  # read in place
    joined = a.join(b, 5)
    joined.checkpoint()
    expected = sorted((k, (v, -k)) for k, v in left if k < 40)
    assert sorted(joined.collect()) == expected
    assert joined.isCheckpointed() and joined.parents == [] and joined.shuffle_deps == []
    runs = []
    sc.add_listener(lambda ev, f: ev == "stage_submitted" and runs.append(f))
    assert sorted(joined.collect()) == expected and len(runs) == 1  # no map stage again


def test_checkpoint_dir_given_as_a_file_url_or_relative_path(new_context, tmp_path, monkeypatch):
    sc = new_context()
    sc.setCheckpointDir(f"file://{tmp_path}/viaurl")
    assert sc.getCheckpointDir().startswith(f"file:{tmp_path}/viaurl/")
    rdd = sc.parallelize([1, 2, 3], 2)
    rdd.checkpoint()
    assert rdd.sum() == 6 and rdd.getCheckpointFile().startswith(sc.getCheckpointDir())
    assert os.path.isdir(rdd.getCheckpointFile()[len("file:"):])
    monkeypatch.chdir(tmp_path)
    sc.setCheckpointDir("relative")
    assert sc.getCheckpointDir().startswith(f"file:{tmp_path}/relative/")
