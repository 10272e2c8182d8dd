"""S3's limits and tail, met by a shuffle on moto's server through the emulator's S3 proxy:
objects spread over several buckets, 503 SlowDown backed off without failing tasks (the
retries counted in task metrics), slow GETs hedged, large blocks read as parallel ranges.
Every result is compared with plain Python.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from operator import add
from zlib import crc32

import boto3
import pytest

from spark_lambda import SparkConf, SparkContext

from .test_s3_shuffle import make_bucket
from spark_lambda.emulator.faults import FaultPlan
from spark_lambda.emulator.s3proxy import S3Proxy

DATA = [(f"k{(i * 7919) % 53}", i) for i in range(3000)]
SUMS = sorted({k: sum(v for kk, v in DATA if kk == k) for k, _ in DATA}.items())


def _keys(bucket: str) -> list[str]:
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return [o["Key"] for page in pages for o in page.get("Contents", ())]


def _context(tmp_path, buckets: str, endpoint: str | None = None, **settings) -> SparkContext:
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(tmp_path / "local"))
            .set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", buckets))
    if endpoint:
        conf.set("spark.hadoop.fs.s3a.endpoint", endpoint)
    for k, v in settings.items():
        conf.set(k.replace("_", "."), v)
    return SparkContext("local[2]", "s3-tail", conf=conf)


def _tasks(sc):
    ends = []
    sc.add_listener(lambda name, f: ends.append(f) if name == "task_end" else None)
    return ends


def _total(ends, name: str) -> int:
    return sum(f["metrics"].get(name, 0) for f in ends)


def test_objects_spread_over_buckets_by_key_hash(moto_server, tmp_path):
    names = [make_bucket() for _ in range(3)]
    sc = _context(tmp_path, ",".join(f"s3://{b}/work" for b in names), spark_shuffle_s3_kind="two-level")
    try:
        assert sc.work_url == ",".join(f"s3://{b}/work" for b in names)
        assert sorted(sc.parallelize(DATA, 8).reduceByKey(add, 6).collect()) == SUMS
        placed = {b: [k for k in _keys(b) if "/shuffle-" in k] for b in names}
        assert all(placed.values())                       # every bucket holds some
        for i, b in enumerate(names):
            for k in placed[b]:
                assert crc32(k[len("work/"):].encode()) % 3 == i   # where any reader looks
    finally:
        sc.stop()
    assert not any(k.startswith(f"work/{sc.app_id}") or f"/{sc.app_id}/" in k
                   for b in names for k in _keys(b))       # cleaned up in every bucket


def test_bucket_list_with_an_empty_item_is_refused(moto_server, tmp_path):
    from spark_lambda.errors import ConfigurationError
    with pytest.raises(ConfigurationError, match="empty item"):
        _context(tmp_path, f"s3://{make_bucket()}/work,,s3://other/work")


@pytest.fixture
def proxy(moto_server):
    made = []

    def start(**kwargs):
        made.append(S3Proxy(moto_server.url, **kwargs).start())
        return made[-1]
    yield start
    for p in made:
        p.stop()


def test_slowdown_is_backed_off_without_failing_tasks(proxy, tmp_path):
    plan = FaultPlan({"slowdown": 0.1}, seed=3)
    p = proxy(faults=plan)
    sc = _context(tmp_path, f"s3://{make_bucket()}/work", p.url, spark_task_maxFailures="1",
                  spark_shuffle_s3_hedge_enabled="false")   # a hedge would answer before the backoff
    ends = _tasks(sc)
    try:
        assert sorted(sc.parallelize(DATA, 6).reduceByKey(add, 5).collect()) == SUMS
    finally:
        sc.stop()
    assert plan.counts["slowdown"] > 0
    assert all(f["status"] == "success" for f in ends)
    retried = sum(f["metrics"]["requests"].get("RETRY", 0) for f in ends)
    assert 0 < retried <= plan.counts["slowdown"]         # the driver's own retries are not tasks'


class _SlowSomeGets:
    """A latency model for the proxy: every ``every``-th ranged GET waits ``seconds``."""

    def __init__(self, every: int, seconds: float):
        self.every, self.seconds = every, seconds
        self.gets = 0
        self.lock = threading.Lock()

    def over_rate(self, method, bucket, key):
        return False

    def latency_s(self, method):
        if method != "GET":
            return 0.0
        with self.lock:
            self.gets += 1
            return self.seconds if self.gets % self.every == 0 else 0.0

    def instance_of(self, agent):
        return None

    def transfer_s(self, instance, nbytes):
        return 0.0


@pytest.mark.parametrize("hedge", [True, False])
def test_slow_gets_are_hedged(hedge, proxy, tmp_path):
    model = _SlowSomeGets(every=5, seconds=1.5)
    p = proxy(model=model)
    sc = _context(tmp_path, f"s3://{make_bucket()}/work", p.url,
                  spark_shuffle_s3_hedge_enabled=str(hedge).lower(),
                  spark_shuffle_s3_hedge_minDelayMs="100", spark_shuffle_s3_hedge_multiplier="1")
    ends = _tasks(sc)
    try:
        assert sorted(sc.parallelize(DATA, 6).reduceByKey(add, 5).collect()) == SUMS
    finally:
        sc.stop()
    if hedge:
        assert _total(ends, "hedged_gets") > 0
        assert _total(ends, "hedge_wins") > 0         # the second request answered first
    else:
        assert _total(ends, "hedged_gets") == 0


def test_large_blocks_are_read_as_parallel_ranges(moto_server, tmp_path):
    data = [(i % 4, "x" * 200 + str(i)) for i in range(4000)]
    sc = _context(tmp_path, f"s3://{make_bucket()}/work", spark_shuffle_s3_fetch_rangeSize="16k",
                  spark_shuffle_s3_fetch_parallelism="3", spark_io_compression_codec="none")
    ends = _tasks(sc)
    try:
        got = sc.parallelize(data, 3).groupByKey(2).mapValues(sorted).collect()
    finally:
        sc.stop()
    expected = defaultdict(list)
    for k, v in data:
        expected[k].append(v)
    assert sorted(got) == sorted((k, sorted(v)) for k, v in expected.items())
    reducers = [f for f in ends if f["metrics"].get("shuffle_blocks_read")]
    blocks = _total(reducers, "shuffle_blocks_read")
    assert _total(reducers, "ranged_gets") == blocks     # every block is over 16k
    gets = sum(f["metrics"]["requests"]["GET"] for f in reducers)
    bytes_read = _total(reducers, "shuffle_bytes_read")
    assert gets >= bytes_read // (16 << 10)              # in parts of at most 16k
