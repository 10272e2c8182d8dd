"""Parquet on S3 (moto's server) read by the task's DuckDB in place (``sql/io/store_fs.py``): the
same rows as decoding with pyarrow first, the same bytes fetched, and a read of anything not
fetched served by a GET of just that part."""

from __future__ import annotations

import datetime
import decimal
import io

import boto3
import pyarrow as pa
import pyarrow.parquet as pq

from spark_lambda.sql import functions as F
from spark_lambda.sql.io.storefile import MIN_GET, StoreFile
from spark_lambda.storage.local import LocalStore


class _Counted(LocalStore):
    def __init__(self, root):
        super().__init__(root)
        self.gets = []

    def get(self, key, start=None, end=None):
        self.gets.append((start, end))
        return super().get(key, start, end)


def test_a_positional_read_gets_only_what_is_not_held_and_holds_it(tmp_path):
    data = bytes(range(256)) * 512
    (tmp_path / "k").write_bytes(data)
    store = _Counted(str(tmp_path))
    f = StoreFile(store, "k", len(data))
    f.prefetch([(0, 1000), (50_000, 60_000)], keep=True)    # too far apart to be one GET
    assert sorted(store.gets) == [(0, 1000), (50_000, 60_000)]
    assert f.read_range(500, 55_000) == data[500:55_000] and store.gets[-1] == (1000, 50_000)
    assert f.read_range(2000, 58_000) == data[2000:58_000] and len(store.gets) == 3   # held now
    # past what is held: a GET of MIN_GET at least (a reader stepping on by a page header at a
    # time makes one), clipped to the next held byte and the file's end
    assert f.read_range(60_000, 70_000) == data[60_000:70_000] and \
        store.gets[-1] == (60_000, 60_000 + MIN_GET)
    assert f.read_range(70_000, 70_100) == data[70_000:70_100] and len(store.gets) == 4
    assert f.read_range(len(data) - 10, len(data) + 50) == data[-10:]                # clipped
    f.prefetch([(0, 1000), (127_000, 128_000)], keep=True)   # what is held is not fetched again
    assert store.gets[-2:] == [(len(data) - 10, len(data)), (127_000, 128_000)]
    assert f.read_range(10, 10) == b"" and f.reads == len(store.gets)


def _table(n=30_000):
    return pa.table({
        "id": pa.array(range(n), pa.int64()),
        "price": pa.array([decimal.Decimal(i % 9973) / 100 for i in range(n)], pa.decimal128(12, 2)),
        "day": pa.array([datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 700) for i in range(n)]),
        "tag": pa.array([None if i % 11 == 0 else f"t{i % 37}" for i in range(n)]),
        "pad": pa.array([f"padding {i}" * 3 for i in range(n)]),
        "qty": pa.array([i % 50 for i in range(n)], pa.int32())})


def _run(session, df, in_place: bool):
    session.conf.set("spark.lambda.sql.parquet.storeInPlace", str(in_place).lower())
    seen = []

    def listener(name, fields):
        if name == "task_end":
            seen.append(fields.get("metrics") or {})
    session.sparkContext.add_listener(listener)
    try:
        return [tuple(r) for r in df.collect()], seen
    finally:
        session.sparkContext.remove_listener(listener)
        session.conf.unset("spark.lambda.sql.parquet.storeInPlace")


def test_duckdb_reads_a_file_on_s3_in_place_with_the_rows_and_bytes_of_pyarrow_s_read(s3spark):
    from spark_lambda.sql.execution import connection
    table = _table()
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=7_000)
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="inplace/t.parquet", Body=buf.getvalue())

    def query():
        t = s3spark.read.parquet(f"s3://{s3spark.bucket}/inplace/t.parquet")
        return t.where((F.col("day") >= "2020-03-01") & (F.col("qty") < 20)) \
            .groupBy("tag").agg(F.sum("price").alias("p"), F.count("*").alias("n"),
                                F.max("day").alias("d")).orderBy(F.col("tag").asc_nulls_first())
    rows, in_place = _run(s3spark, query(), True)
    assert "slscan" in connection._kept["db"].list_filesystems()   # DuckDB read it in place
    expected, decoded = _run(s3spark, query(), False)
    assert rows == expected
    by_tag: dict = {}
    for r in table.to_pylist():
        if r["day"] >= datetime.date(2020, 3, 1) and r["qty"] < 20:
            p, n, d = by_tag.get(r["tag"], (0, 0, r["day"]))
            by_tag[r["tag"]] = (p + r["price"], n + 1, max(d, r["day"]))
    assert rows == [(k, *by_tag[k]) for k in sorted(by_tag, key=lambda k: (k is not None, k or ""))]

    def read(tasks):
        scans = [m for m in tasks if m.get("scan_row_groups")]
        return sum(m["requests"]["data_GET_bytes"] for m in scans), sum(m["scan_gets"] for m in scans)
    assert read(in_place) == read(decoded) and read(in_place)[0] < len(buf.getvalue()) / 2


def test_a_python_udf_over_a_file_read_in_place(s3spark):
    buf = io.BytesIO()
    pq.write_table(_table(5_000), buf, row_group_size=2_000)
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="inplace/u.parquet", Body=buf.getvalue())
    twice = F.udf(lambda v: v * 2, "bigint")
    df = s3spark.read.parquet(f"s3://{s3spark.bucket}/inplace/u.parquet") \
        .select(F.sum(twice("qty")).alias("s"))
    rows, _ = _run(s3spark, df, True)
    assert rows == [(2 * sum(i % 50 for i in range(5_000)),)]


def test_without_fsspec_a_scan_on_s3_decodes_with_pyarrow(s3spark, monkeypatch):
    from spark_lambda.sql.io import store_fs
    buf = io.BytesIO()
    pq.write_table(_table(3_000), buf, row_group_size=1_000)
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key="inplace/v.parquet", Body=buf.getvalue())
    df = s3spark.read.parquet(f"s3://{s3spark.bucket}/inplace/v.parquet").select(F.sum("qty"), F.max("tag"))
    monkeypatch.setattr(store_fs, "_available", [False])   # an executor package without fsspec
    made = []
    monkeypatch.setattr(store_fs, "path_for", lambda *a: made.append(a))
    rows, _ = _run(s3spark, df, True)
    assert rows == [(sum(i % 50 for i in range(3_000)), "t9")] and made == []
