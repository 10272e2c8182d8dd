"""Reading and writing on S3 (moto's server): ranged reads of only the needed column chunks,
writes committed with ``_SUCCESS`` and no temporary objects, s3://, s3a:// and s3n:// alike."""

from __future__ import annotations

import io
import uuid

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.sql import SparkSession, functions as F


@pytest.fixture(scope="module")
def s3spark(moto_server, tmp_path_factory):
    conf = SparkConf(loadDefaults=False).set("spark.local.dir",
                                             str(tmp_path_factory.mktemp("local")))
    sc = SparkContext("local[2]", "sql-s3-tests", conf=conf)
    session = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
    session.bucket = f"b-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=session.bucket)
    yield session
    session.stop()


def _keys(bucket, prefix):
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                        Prefix=prefix)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", ()))


def test_one_column_of_a_wide_parquet_file_reads_a_fraction_of_its_bytes(s3spark):
    n = 200_000
    table = pa.table({"a": pa.array(range(n), pa.int64()),
                      "b": pa.array([f"text value {i}" * 3 for i in range(n)]),
                      "c": pa.array([i * 0.5 for i in range(n)]),
                      "d": pa.array([f"other {i % 977}" for i in range(n)])})
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=25_000, compression="none")
    body = buf.getvalue()
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="wide/data.parquet", Body=body)
    metrics = s3spark.sparkContext.stage_metrics
    before = set(metrics.stages)
    df = s3spark.read.parquet(f"s3://{s3spark.bucket}/wide/data.parquet")
    source = df._plan.source.value   # 8 row groups, in more than one split
    splits = source.splits()
    assert len(splits) > 1 and splits[0][1] == 0 and splits[-1][2] == 8
    assert df.select(F.sum("a")).collect()[0][0] == sum(range(n))
    got = sum(metrics.stage(s)["requests"].get("GET_bytes", 0)
              for s in set(metrics.stages) - before)
    assert 0 < got < len(body) // 5


def test_partitioned_write_commits_on_s3_and_reads_back(s3spark):
    bucket = s3spark.bucket
    df = s3spark.createDataFrame([(i, ["x", "y", None][i % 3], i / 4) for i in range(30)],
                                 "id INT, k STRING, v DOUBLE").repartition(3)
    df.write.partitionBy("k").parquet(f"s3a://{bucket}/out")
    keys = _keys(bucket, "out/")
    assert "out/_SUCCESS" in keys and not any("_temporary" in k for k in keys)
    parts = [k for k in keys if k != "out/_SUCCESS"]
    assert {k.split("/")[1] for k in parts} == {"k=x", "k=y", "k=__HIVE_DEFAULT_PARTITION__"}
    back = s3spark.read.parquet(f"s3n://{bucket}/out").where(F.col("k") == "x")
    assert sorted(r.id for r in back.collect()) == [i for i in range(30) if i % 3 == 0]
    df.write.mode("overwrite").csv(f"s3://{bucket}/out", header=True)
    again = s3spark.read.csv(f"s3://{bucket}/out", header=True, inferSchema=True)
    assert sorted(tuple(r) for r in again.collect()) == sorted(tuple(r) for r in df.collect())
    assert not any(k.endswith(".parquet") for k in _keys(bucket, "out/"))


def test_json_lines_split_by_bytes_on_s3(s3spark):
    body = "".join(f'{{"i": {i}, "s": "v{i}"}}\n' for i in range(30000)).encode()
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="j/data.json", Body=body)
    s3spark.conf.set("spark.sql.files.maxPartitionBytes", str(1 << 18))
    try:
        df = s3spark.read.json(f"s3://{s3spark.bucket}/j/")
        assert len(df._plan.source.value.splits()) > 2
        assert tuple(df.agg(F.count("*"), F.sum("i")).collect()[0]) == (30000, sum(range(30000)))
    finally:
        s3spark.conf.unset("spark.sql.files.maxPartitionBytes")


def test_a_file_scanned_twice_in_one_task_is_read_once(s3spark):
    n = 100_000
    table = pa.table({"k": pa.array(range(n), pa.int64()),
                      "v": pa.array([i * 0.25 for i in range(n)]),
                      "pad": pa.array([f"unread {i}" * 4 for i in range(n)])})
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=20_000, compression="none")
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="twice/data.parquet",
                                  Body=buf.getvalue())
    metrics = s3spark.sparkContext.stage_metrics

    def get_bytes(df):
        before = {s: metrics.stage(s)["requests"].get("GET_bytes", 0) for s in metrics.stages}
        rows = df.collect()
        return rows, sum(st["requests"].get("GET_bytes", 0) - before.get(s, 0)
                         for s, st in metrics.stages.items())

    t = s3spark.read.parquet(f"s3://{s3spark.bucket}/twice/data.parquet")
    once_rows, once = get_bytes(t.select(F.sum("k"), F.sum("v")))
    a, b = t.alias("a"), t.alias("b")
    joined = a.join(b, F.col("a.k") == F.col("b.k") + 1).select(F.sum("a.v"), F.sum("b.k"))
    rows, twice = get_bytes(joined)
    assert once_rows[0][0] == sum(range(n))
    assert tuple(rows[0]) == (sum(i * 0.25 for i in range(1, n)), sum(range(n - 1)))
    assert 0 < once and twice < once * 1.2   # the join's second scan fetched nothing again


def test_footers_are_read_by_several_threads_in_the_files_order(s3spark):
    s3 = boto3.client("s3")
    rows = {}
    for i in range(12):
        n = 100 + 37 * i
        buf = io.BytesIO()
        pq.write_table(pa.table({"a": pa.array(range(n), pa.int64())}), buf)
        s3.put_object(Bucket=s3spark.bucket, Key=f"many/part-{i:02d}.parquet", Body=buf.getvalue())
        rows[f"part-{i:02d}.parquet"] = n
    counts = {}
    for threads in ("1", "8"):
        s3spark.conf.set("spark.lambda.sql.footerThreads", threads)
        source = s3spark.read.parquet(f"s3://{s3spark.bucket}/many")._plan.source.value
        counts[threads] = [footer.row_starts[-1] for footer in source.footers]
        assert counts[threads] == [rows[f.url.rsplit("/", 1)[1]] for f in source.files]
    s3spark.conf.unset("spark.lambda.sql.footerThreads")
    assert counts["1"] == counts["8"]
    assert s3spark.read.parquet(f"s3://{s3spark.bucket}/many").count() == sum(rows.values())


def test_a_split_s_column_chunks_are_fetched_at_once_in_merged_ranges():
    from spark_lambda.sql.io import storefile
    from spark_lambda.sql.io.storefile import StoreFile

    class Counting:
        def __init__(self, data):
            self.data, self.gets = data, []

        def get(self, key, start, end):
            self.gets.append((start, end))
            return self.data[start:end]
    data = bytes(range(256)) * (16 << 12)          # 16 MiB
    store = Counting(data)
    f = StoreFile(store, "k", len(data))
    gap = storefile.GAP
    f.prefetch([(0, 100), (100 + gap // 2, 200 + gap // 2), (5 * gap, 5 * gap + 10)])
    assert sorted(store.gets) == [(0, 200 + gap // 2), (5 * gap, 5 * gap + 10)]   # the near two as one
    f.seek(100 + gap // 2)
    assert f.read(100) == data[100 + gap // 2:200 + gap // 2] and len(store.gets) == 2   # from memory
    f.seek(3 * gap)
    assert f.read(10) == data[3 * gap:3 * gap + 10] and len(store.gets) == 3              # outside: a GET
    f.release()
    f.seek(0)
    assert f.read(100) == data[:100] and len(store.gets) == 4
    assert f.reads == 4 and f.nbytes == 200 + gap // 2 + 10 + 10 + 100


def test_tpch_queries_on_s3_give_the_same_rows_with_byte_ranges_as_with_footers(
        s3spark, tpch_files):
    from .test_byte_splits import QUERIES, _run_queries
    root, con = tpch_files
    bucket = s3spark.bucket
    s3 = boto3.client("s3")
    tables = ["lineitem", "orders"]
    for t in tables:
        for f in sorted((root / t).iterdir()):
            s3.put_object(Bucket=bucket, Key=f"tpch/{t}/{f.name}", Body=f.read_bytes())
    queries = [q for q in QUERIES if q.stem in ("q06", "q12")]
    ranges = _run_queries(s3spark, f"s3://{bucket}/tpch", con, "0", queries, tables)
    footers = _run_queries(s3spark, f"s3://{bucket}/tpch", None, "64", queries, tables)
    assert ranges == footers and all(ranges.values())
