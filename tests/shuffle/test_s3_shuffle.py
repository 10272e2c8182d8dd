"""Shuffle-heavy RDD programs with the shuffle in S3 (moto's server) and data on s3://.

Every result is compared with the same computation in plain Python.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from operator import add

import boto3
import pytest

from spark_lambda import SparkConf, SparkContext

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def make_bucket() -> str:
    name = f"b-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=name)
    return name


def keys_in(bucket: str, prefix: str = "") -> list[str]:
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [o["Key"] for page in pages for o in page.get("Contents", ())]


@pytest.fixture(scope="module")
def s3sc(moto_server, tmp_path_factory):
    bucket = make_bucket()
    conf = (SparkConf(loadDefaults=False)
            .set("spark.local.dir", str(tmp_path_factory.mktemp("local")))
            .set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", f"s3://{bucket}/work"))
    sc = SparkContext("local[2]", "s3-tests", conf=conf)
    sc.test_bucket = bucket
    yield sc
    sc.stop()


@pytest.fixture(scope="module")
def lines(s3sc):
    """Text objects on s3:// (two files and a file to skip) and their lines."""
    rng = random.Random(7)
    files = {}
    for name in ("a.txt", "b.txt"):
        files[name] = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8))) for _ in range(400)]
    client = boto3.client("s3")
    for name, ls in files.items():
        client.put_object(Bucket=s3sc.test_bucket, Key=f"input/{name}", Body="\n".join(ls).encode() + b"\n")
    client.put_object(Bucket=s3sc.test_bucket, Key="input/_SUCCESS", Body=b"")
    return files


def test_work_area_is_in_the_bucket(s3sc):
    assert s3sc.work_url == f"s3://{s3sc.test_bucket}/work"
    s3sc.parallelize(range(100), 4).map(lambda x: (x % 7, x)).reduceByKey(add).collect()
    shuffle_keys = [k for k in keys_in(s3sc.test_bucket, "work/") if "/shuffle-" in k]
    assert shuffle_keys and all(k.split("/")[1] in "0123456789abcdef" for k in shuffle_keys)


def test_word_count_from_s3_prefix(s3sc, lines):
    got = (s3sc.textFile(f"s3://{s3sc.test_bucket}/input", 4).flatMap(str.split)
           .map(lambda w: (w, 1)).reduceByKey(add, 3).collect())
    expected = Counter(w for ls in lines.values() for line in ls for w in line.split())
    assert dict(got) == expected and len(got) == len(expected)


def test_text_glob_and_byte_range_splits(s3sc, lines):
    rdd = s3sc.textFile(f"s3a://{s3sc.test_bucket}/input/[ab].txt", 6)
    assert rdd.getNumPartitions() >= 6
    assert rdd.collect() == lines["a.txt"] + lines["b.txt"]


def test_large_object_is_read_by_ranges_not_whole(s3sc):
    bucket = s3sc.test_bucket
    body = "".join(f"{i:07d} {'x' * (i % 50)}\n" for i in range(60000)).encode()
    boto3.client("s3").put_object(Bucket=bucket, Key="big/numbers.txt", Body=body)
    before = set(s3sc.stage_metrics.stages)
    rdd = s3sc.textFile(f"s3://{bucket}/big/numbers.txt", 4)
    assert rdd.getNumPartitions() == 4
    assert rdd.map(lambda line: int(line.split()[0])).sum() == sum(range(60000))
    (stage,) = [s3sc.stage_metrics.stage(i) for i in set(s3sc.stage_metrics.stages) - before]
    assert stage["requests"]["GET_bytes"] < 1.5 * len(body)  # four splits, about one copy of the bytes


def test_group_by_key(s3sc):
    data = [(i % 13, i) for i in range(500)]
    got = s3sc.parallelize(data, 5).groupByKey(4).mapValues(sorted).collect()
    expected = defaultdict(list)
    for k, v in data:
        expected[k].append(v)
    assert dict(got) == {k: sorted(v) for k, v in expected.items()}


def test_join_and_cogroup(s3sc):
    left = [(i % 10, f"l{i}") for i in range(60)]
    right = [(i % 15, f"r{i}") for i in range(45)]
    got = s3sc.parallelize(left, 3).join(s3sc.parallelize(right, 4), 5).collect()
    expected = [(k, (a, b)) for k, a in left for k2, b in right if k == k2]
    assert sorted(got) == sorted(expected)
    cg = s3sc.parallelize(left, 3).cogroup(s3sc.parallelize(right, 2)).mapValues(
        lambda vs: (sorted(vs[0]), sorted(vs[1]))).collect()
    keys = {k for k, _ in left} | {k for k, _ in right}
    assert dict(cg) == {k: (sorted(v for kk, v in left if kk == k), sorted(v for kk, v in right if kk == k))
                        for k in keys}


def test_sort_by_key_distinct_repartition(s3sc):
    rng = random.Random(3)
    data = [(rng.randint(0, 999), rng.random()) for _ in range(2000)]
    assert s3sc.parallelize(data, 4).sortByKey(numPartitions=3).keys().collect() == sorted(k for k, _ in data)
    assert s3sc.parallelize(data, 4).sortByKey(False, 2).keys().collect() == sorted((k for k, _ in data),
                                                                                    reverse=True)
    values = [x % 37 for x in range(1000)]
    assert sorted(s3sc.parallelize(values, 4).distinct(3).collect()) == sorted(set(values))
    rep = s3sc.parallelize(range(1000), 2).repartition(5)
    assert rep.getNumPartitions() == 5 and sorted(rep.collect()) == list(range(1000))


def _pagerank_python(edges, iterations):
    links = defaultdict(set)
    for s, d in edges:
        links[s].add(d)
    ranks = {u: 1.0 for u in links}
    for _ in range(iterations):
        contribs = defaultdict(float)
        for u, outs in links.items():
            if u in ranks:  # the join keeps only pages that have a rank
                for v in outs:
                    contribs[v] += ranks[u] / len(outs)
        ranks = {v: 0.15 + 0.85 * c for v, c in contribs.items()}
    return ranks


def test_pagerank_with_cache_from_and_to_s3(s3sc):
    rng = random.Random(11)
    edges = sorted({(f"n{rng.randint(0, 30)}", f"n{rng.randint(0, 30)}") for _ in range(150)})
    bucket = s3sc.test_bucket
    boto3.client("s3").put_object(Bucket=bucket, Key="graph/edges.txt",
                                  Body="".join(f"{s} {d}\n" for s, d in edges).encode())
    links = (s3sc.textFile(f"s3://{bucket}/graph/edges.txt", 3).map(lambda l: tuple(l.split()))
             .distinct(3).groupByKey(3).cache())
    ranks = links.map(lambda kv: (kv[0], 1.0))
    for _ in range(4):
        contribs = links.join(ranks).flatMap(
            lambda kv: [(d, kv[1][1] / len(kv[1][0])) for d in kv[1][0]])
        ranks = contribs.reduceByKey(add, 3).mapValues(lambda r: 0.15 + 0.85 * r)
    got = dict(ranks.collect())
    expected = _pagerank_python(edges, 4)
    assert got.keys() == expected.keys()
    assert all(abs(got[k] - expected[k]) < 1e-9 for k in got)
    assert any("/cache/" in k for k in keys_in(bucket, "work/"))
    out = f"s3://{bucket}/output/ranks"
    ranks.map(lambda kv: f"{kv[0]}\t{kv[1]!r}").saveAsTextFile(out)
    back = s3sc.textFile(out).map(lambda l: l.split("\t")).collect()
    assert {k: float(v) for k, v in back} == got


def test_save_as_text_file_commit_protocol(s3sc):
    from spark_lambda.errors import OutputExistsError
    bucket = s3sc.test_bucket
    s3sc.parallelize(range(50), 3).map(str).saveAsTextFile(f"s3n://{bucket}/out/nums")
    assert keys_in(bucket, "out/nums/") == ["out/nums/_SUCCESS", "out/nums/part-00000",
                                            "out/nums/part-00001", "out/nums/part-00002"]
    assert sorted(int(x) for x in s3sc.textFile(f"s3://{bucket}/out/nums").collect()) == list(range(50))
    with pytest.raises(OutputExistsError, match="already exists"):
        s3sc.parallelize([1]).saveAsTextFile(f"s3://{bucket}/out/nums")

    def boom(x):
        if x == 42:
            raise ValueError("no 42s")
        return str(x)
    with pytest.raises(ValueError, match="no 42s"):
        s3sc.parallelize(range(50), 3).map(boom).saveAsTextFile(f"s3://{bucket}/out/failed")
    left = keys_in(bucket, "out/failed/")
    assert not [k for k in left if k.endswith("_SUCCESS") or "/part-" in k.split("_temporary")[0]]


def test_stage_metrics_count_requests(s3sc):
    """One PUT per map task; reducers GET only non-empty blocks (all keys land in one partition)."""
    rdd = s3sc.parallelize([(0, i) for i in range(200)], 4).reduceByKey(add, 16)
    before = set(s3sc.stage_metrics.stages)
    assert rdd.collect() == [(0, sum(range(200)))]
    new = [s3sc.stage_metrics.stage(i) for i in set(s3sc.stage_metrics.stages) - before]
    map_stage, reduce_stage = sorted(new, key=lambda s: s["tasks"])
    assert map_stage["tasks"] == 4 and map_stage["requests"]["PUT"] == 4
    assert map_stage["requests"]["PUT_bytes"] == map_stage["bytes_written"] > 0
    gets = reduce_stage["requests"]["GET"]
    code_loads = gets - 4  # each worker process loads the stage code once
    assert reduce_stage["tasks"] == 16 and 1 <= code_loads <= 2, reduce_stage
    assert s3sc.stage_metrics.requests()["PUT"] >= 4



def test_reads_of_the_users_data_are_counted_apart(s3sc):
    """``data_GET_bytes`` is what the tasks read of the input object, not of shuffle blocks or code."""
    bucket = s3sc.test_bucket
    body = "".join(f"{i % 97} {i}\n" for i in range(20000)).encode()
    boto3.client("s3").put_object(Bucket=bucket, Key="counted/pairs.txt", Body=body)
    before = set(s3sc.stage_metrics.stages)
    rdd = (s3sc.textFile(f"s3://{bucket}/counted/pairs.txt", 2).map(lambda line: line.split())
           .map(lambda kv: (int(kv[0]), int(kv[1]))).reduceByKey(add, 3))
    assert dict(rdd.collect()) == {k: sum(range(k, 20000, 97)) for k in range(97)}
    new = [s3sc.stage_metrics.stage(i) for i in set(s3sc.stage_metrics.stages) - before]
    map_stage, reduce_stage = sorted(new, key=lambda s: -s["requests"].get("data_GET_bytes", 0))
    # each of the 2 splits reads at most 64 KiB past its ends to find where its lines start and stop
    assert len(body) <= map_stage["requests"]["data_GET_bytes"] <= len(body) + 4 * (64 << 10)
    assert map_stage["requests"]["GET_bytes"] >= map_stage["requests"]["data_GET_bytes"]
    assert reduce_stage["requests"].get("data_GET_bytes", 0) == 0
    assert reduce_stage["requests"]["GET_bytes"] >= reduce_stage["bytes_read"] > 0
