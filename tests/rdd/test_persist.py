"""persist/cache, unpersist, checkpoint and localCheckpoint with short-lived executors."""

from __future__ import annotations


import pytest

from spark_lambda import StorageLevel
from spark_lambda.errors import ConfigurationError
from spark_lambda.rdd.persist import cache_prefix


def _cached_keys(sc, rdd):
    return [i.key for i in sc.work_store.list(cache_prefix(sc.app_id, rdd.id))]


def test_persisted_rdd_is_computed_once_for_three_jobs(sc):
    computed = sc.accumulator(0)

    def work(x):
        computed.add(1)
        return x * x
    rdd = sc.parallelize(range(100), 4).map(work).persist()
    assert rdd.count() == 100
    assert rdd.sum() == sum(x * x for x in range(100))
    assert sorted(rdd.collect()) == [x * x for x in range(100)]
    assert rdd.map(lambda x: x + 1).reduce(lambda a, b: a + b) == sum(x * x + 1 for x in range(100))
    assert computed.value == 100
    assert len(_cached_keys(sc, rdd)) == 4


def test_without_persist_every_job_recomputes(sc):
    computed = sc.accumulator(0)
    rdd = sc.parallelize(range(10), 2).map(lambda x: (computed.add(1), x)[1])
    rdd.count()
    rdd.count()
    assert computed.value == 20


def test_unpersist_deletes_and_recomputes(sc):
    computed = sc.accumulator(0)
    rdd = sc.parallelize(range(10), 2).map(lambda x: (computed.add(1), x)[1]).cache()
    rdd.count()
    assert _cached_keys(sc, rdd)
    assert rdd.unpersist() is rdd and not rdd.is_cached
    assert _cached_keys(sc, rdd) == []
    rdd.count()
    assert computed.value == 20


def test_storage_levels(sc):
    rdd = sc.parallelize([1])
    assert str(rdd.getStorageLevel()) == "Serialized 1x Replicated"
    assert rdd.getStorageLevel() == StorageLevel(False, False, False, False, 1)
    rdd.persist(StorageLevel.MEMORY_AND_DISK)
    assert str(rdd.getStorageLevel()) == "Disk Memory Serialized 1x Replicated"
    with pytest.raises(ConfigurationError, match="unpersist"):
        rdd.persist(StorageLevel.MEMORY_ONLY_2)
    rdd.unpersist()
    rdd.persist(StorageLevel.MEMORY_ONLY_2)
    assert str(rdd.getStorageLevel()) == "Memory Serialized 2x Replicated"
    assert str(StorageLevel.MEMORY_AND_DISK_DESER) == "Disk Memory Deserialized 1x Replicated"
    assert StorageLevel.DISK_ONLY_3.replication == 3 and StorageLevel.OFF_HEAP.useOffHeap


def test_checkpoint_dir_must_be_remote_for_lambda():
    from spark_lambda.context.shared import SharedMixin

    class Fake(SharedMixin):
        master = "lambda://f"
    with pytest.raises(ConfigurationError, match="s3://"):
        Fake().setCheckpointDir("/tmp/x")
