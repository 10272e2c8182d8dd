"""Combining and two-level exchanges against the direct shuffle, in S3 (moto's server).

Every result is compared with plain Python and with the direct shuffle (the same records
in the same order); the reducers' GETs are counted from the tasks' metrics; lost map
outputs and lost combined objects are recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from operator import add

import boto3
import pytest

from spark_lambda import SparkConf, SparkContext

from .test_s3_shuffle import make_bucket
from spark_lambda.errors import ConfigurationError
from spark_lambda.shuffle.exchange import choose_exchange, combining_maps

DATA = [((i * 7919) % 101, i) for i in range(4000)]
M, R = 12, 10


def test_every_map_and_reducer_is_in_exactly_one_group_per_combiner_row():
    for kind in ("combining", "two-level"):
        for maps, reducers in ((12, 10), (1, 5), (7, 1), (100, 100), (13, 29)):
            ex = choose_exchange(kind, maps, reducers)
            seen = defaultdict(int)
            for c in range(ex.combiners):
                ms, rs = ex.groups_of(c)
                for m in ms:
                    for r in rs:
                        seen[m, r] += 1
            assert seen == {(m, r): 1 for m in range(maps) for r in range(reducers)}, (kind, maps, reducers)


def test_requests_of_each_kind():
    assert choose_exchange("direct", 100, 100).requests() == (10_000, 100)
    two = choose_exchange("two-level", 100, 100)
    assert (two.maps_per_combiner, two.reducers_per_combiner, two.combiners) == (10, 10, 100)
    assert two.requests() == (100 * 10 + 100 * 10, 100 + 100)    # about 2 P sqrt(P)
    comb = choose_exchange("combining", 100, 100, maps_per_combiner=40)
    assert (comb.maps_per_combiner, comb.reducers_per_combiner, comb.combiners) == (40, 100, 3)
    assert comb.requests() == (100 + 100 * 3, 100 + 3)
    assert choose_exchange("combining", 100, 100).maps_per_combiner == 10
    # a combiner of 4 MB holds 40 map outputs of 100 blocks of 1,000 bytes
    assert combining_maps(100, 1000, 4_000_000) == 40 and combining_maps(100, 1 << 20, 1) == 2


def test_auto_keeps_direct_where_it_is_cheaper():
    assert choose_exchange("auto", 100, 100).kind == "direct"              # 10^4 blocks
    assert choose_exchange("auto", 999, 1000).kind == "direct"
    assert choose_exchange("auto", 1000, 1000).kind == "two-level"         # 10^6
    assert choose_exchange("auto", 50, 50, min_blocks=2500).kind == "two-level"
    with pytest.raises(ConfigurationError, match="spark.shuffle.s3.kind is 'fast'"):
        choose_exchange("fast", 2, 2)


def _context(tmp_path, kind: str, bucket: str | None = None, **settings) -> SparkContext:
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(tmp_path / "local"))
            .set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", bucket or f"s3://{make_bucket()}/work")
            .set("spark.shuffle.s3.kind", kind))
    for k, v in settings.items():
        conf.set(k, v)
    return SparkContext("local[2]", f"exchange-{kind}", conf=conf)


def _run(sc):
    rdd = sc.parallelize(DATA, M)
    return {
        "reduce": sorted(rdd.reduceByKey(add, R).collect()),
        "sort": rdd.sortByKey(numPartitions=R).collect(),
        "join": sorted(rdd.join(rdd.mapValues(str), R).filter(lambda kv: kv[0] < 5).collect()),
        "group": rdd.groupByKey(R).mapValues(list).collect(),   # values in map order
    }


@pytest.fixture(scope="module")
def direct(moto_server, tmp_path_factory):
    sc = _context(tmp_path_factory.mktemp("direct"), "direct")
    try:
        return _run(sc)
    finally:
        sc.stop()


def test_direct_matches_plain_python(direct):
    sums = defaultdict(int)
    for k, v in DATA:
        sums[k] += v
    assert direct["reduce"] == sorted(sums.items())
    assert [k for k, _ in direct["sort"]] == sorted(k for k, _ in DATA)


@pytest.mark.parametrize("kind", ["two-level", "combining"])
def test_same_results_as_direct_with_fewer_reducer_gets(kind, direct, moto_server, tmp_path):
    sc = _context(tmp_path, kind)
    events = []
    sc.add_listener(lambda name, fields: events.append((name, fields)))
    try:
        assert _run(sc) == direct
        rdd = sc.parallelize(DATA, M).partitionBy(R)
        before = len(events)
        assert sorted(rdd.collect()) == sorted(DATA)
        ex = rdd.dep.exchange
        assert ex.kind == kind and ex.combiners > 1
        stages = defaultdict(list)
        for name, f in events[before:]:
            if name == "task_end":
                stages[f["stage"]].append(f)
        assert [len(t) for _, t in sorted(stages.items())] == [M, ex.combiners, R]
        reducers = stages[max(stages)]
        blocks = sum(t["metrics"]["shuffle_blocks_read"] for t in reducers)
        assert blocks <= R * ex.map_groups < M * R          # one block per map group
        gets = sum(t["metrics"]["requests"]["GET"] for t in reducers)
        assert gets <= blocks + R                           # plus each task's stage code
    finally:
        sc.stop()


def _delete_shuffle(bucket: str, shuffle_id: int, every: int = 1) -> int:
    client = boto3.client("s3")
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    keys = sorted(o["Key"] for page in pages for o in page.get("Contents", ())
                  if f"/shuffle-{shuffle_id}/" in o["Key"])
    gone = keys[::every]
    for k in gone:
        client.delete_object(Bucket=bucket, Key=k)
    return len(gone)


@pytest.mark.parametrize("lost", ["combined", "map and combined"])
def test_lost_objects_are_recomputed_from_what_produced_them(lost, moto_server, tmp_path):
    bucket = make_bucket()
    sc = _context(tmp_path, "two-level", f"s3://{bucket}/work")
    events = []
    sc.add_listener(lambda name, fields: events.append((name, fields)))
    try:
        rdd = sc.parallelize(DATA, M).partitionBy(R)
        expected = sorted(rdd.collect())
        assert _delete_shuffle(bucket, rdd.dep.shuffle_id, every=3) > 0
        if lost == "map and combined":
            assert _delete_shuffle(bucket, rdd.dep.source.shuffle_id) == M
        before = len(events)
        assert sorted(rdd.collect()) == expected
        names = [n for n, _ in events[before:]]
        assert "stage_resubmitted" in names   # a reducer's fetch failure re-ran its combiner
        reran = {f["stage"] for n, f in events[before:] if n == "task_end" and f["status"] == "success"}
        assert len(reran) == (3 if lost == "map and combined" else 2)
    finally:
        sc.stop()


def test_sql_arrow_exchange_through_combiners(moto_server, tmp_path):
    from spark_lambda.sql import SparkSession, functions as F
    rows = [(i % 13, i) for i in range(2000)]
    results = {}
    for kind in ("direct", "two-level"):
        sc = _context(tmp_path / kind, kind)
        try:
            spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "9"})
            df = spark.createDataFrame(rows, "k int, v int").repartition(8)
            results[kind] = sorted(tuple(r) for r in df.groupBy("k").agg(F.sum("v").alias("s"),
                                                                         F.count("v").alias("n")).collect())
            empty = df.filter(F.col("v") < 0).groupBy("k").count()
            assert empty.collect() == [] and empty.columns == ["k", "count"]
        finally:
            sc.stop()
    assert results["direct"] == results["two-level"]
    assert results["direct"] == sorted((k, sum(v for kk, v in rows if kk == k), 2000 // 13 + (k < 2000 % 13))
                                       for k in range(13))


def test_auto_combines_many_small_blocks_once_their_sizes_are_known():
    from spark_lambda.shuffle.exchange import combine_small_blocks
    assert combine_small_blocks("auto", 400, 100_000, 100_000 * 4096)                 # 4 KiB blocks
    assert not combine_small_blocks("auto", 400, 99_999, 4096)                        # too few
    assert not combine_small_blocks("auto", 400, 100_000, 100_000 * (2 << 20))        # 2 MiB blocks
    assert combine_small_blocks("auto", 400, 100_000, 100_000 << 20)                  # 1 MiB: at the bound
    assert not combine_small_blocks("direct", 400, 10 ** 7, 0)                        # asked for direct
    assert not combine_small_blocks("auto", 1, 10 ** 7, 0)                            # one map: nothing to merge
    assert combine_small_blocks("auto", 40, 50, 50, small_blocks=50, small_bytes=1)


@pytest.mark.parametrize("small_bytes", ["1m", "1"])
def test_sql_exchange_of_many_small_blocks_is_read_through_combiners(small_bytes, moto_server, tmp_path):
    """With spark.shuffle.s3.kind=auto, a SQL exchange's map stage runs first; when it wrote at
    least smallBlocks non-empty blocks of at most smallBlockBytes on average, its reducers read
    them through two-level combiners (three stages), else directly (two)."""
    from spark_lambda.sql import SparkSession, functions as F
    rows = [(i % 97, i) for i in range(3000)]
    sc = _context(tmp_path, "auto", **{"spark.shuffle.s3.combine.smallBlocks": "40",
                                       "spark.shuffle.s3.combine.smallBlockBytes": small_bytes})
    events = []
    sc.add_listener(lambda name, fields: events.append((name, fields)))
    try:
        spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "9",
                                  "spark.sql.adaptive.coalescePartitions.enabled": "false"})
        df = spark.createDataFrame(rows, "k int, v int").repartition(8)
        df.count()
        before = len(events)
        got = sorted(tuple(r) for r in df.groupBy("k").agg(F.sum("v").alias("s")).collect())
        tasks = defaultdict(int)
        for name, f in events[before:]:
            if name == "task_end" and f["status"] == "success":
                tasks[f["stage"]] += 1
    finally:
        sc.stop()
    assert got == sorted((k, sum(v for kk, v in rows if kk == k)) for k in range(97))
    combined = small_bytes == "1m"   # 8 maps x 9 partitions, every block a few hundred bytes
    counts = [n for _, n in sorted(tasks.items())]
    assert counts[-1] == 9 and len(counts) == (4 if combined else 3), counts
    if combined:
        assert counts[-2] == choose_exchange("two-level", 8, 9).combiners
