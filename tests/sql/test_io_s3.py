"""Reading and writing on S3 (moto's server): ranged reads of only the needed column chunks,
writes committed with ``_SUCCESS`` and no temporary objects, s3://, s3a:// and s3n:// alike."""

from __future__ import annotations

import io

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.io.parquet_format import READ_PAST


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


class Store:
    """Bytes in memory as an object store, counting the ranged GETs ``(start, end)``."""

    def __init__(self, data):
        self.data, self.gets = data, []

    def get(self, key, start, end):
        self.gets.append((start, end))
        return self.data[start:end]


def test_a_split_s_column_chunks_are_fetched_at_once_in_merged_ranges():
    from spark_lambda.sql.io.storefile import StoreFile
    from spark_lambda.storage.ranges import WASTE

    data = bytes(range(256)) * (16 << 12)          # 16 MiB
    store = Store(data)
    f = StoreFile(store, "k", len(data))
    mib = 1 << 20
    near = int(2 * mib * WASTE) - 10                # under the waste allowed two 1 MiB chunks
    far = 5 * mib + near + 2 * int(3 * mib * WASTE)  # over it: a GET of its own
    f.prefetch([(0, mib), (mib + near, 2 * mib + near), (far, far + mib)])
    assert sorted(store.gets) == [(0, 2 * mib + near), (far, far + mib)]   # the near two as one
    f.seek(mib + near)
    assert f.read(100) == data[mib + near:mib + near + 100] and len(store.gets) == 2   # from memory
    f.seek(3 * mib)
    assert f.read(10) == data[3 * mib:3 * mib + 10] and len(store.gets) == 3          # outside: a GET
    f.release()
    f.seek(0)
    assert f.read(100) == data[:100] and len(store.gets) == 4
    assert f.reads == 4 and f.nbytes == 3 * mib + near + 10 + 100
    # the kept tail is not fetched again, and a read that ends in it is served from memory
    tail = f.keep_tail(1000)
    assert tail == data[-1000:] and store.gets[-1] == (len(data) - 1000, len(data))
    f.prefetch([(len(data) - 3000, len(data) - 500)])
    assert store.gets[-1] == (len(data) - 3000, len(data) - 1000)
    f.seek(len(data) - 3000)
    assert f.read(2500) == data[-3000:-500] and len(store.gets) == 6
    assert f.keep_tail(2000) == data[-2000:] and len(store.gets) == 7  # only the 1000 not kept


def _scan_reads(session, df):
    """``(rows, task metrics of every task the action ran)``."""
    seen: list = []

    def listener(name, fields):
        if name == "task_end":
            seen.append(fields.get("metrics") or {})
    sc = session.sparkContext
    sc.add_listener(listener)
    try:
        rows = df.collect()
    finally:
        sc.remove_listener(listener)
    return rows, seen


def _layout_file(s3spark, key, groups=4, n=20_000):
    """A Parquet file whose columns ``a``, ``c``, ``d`` a query reads and ``b``, ``e`` it does not:
    in each row group ``b`` (large) parts ``a`` from ``c``, ``d`` (side by side), ``e`` (large)
    parts ``d`` from the next row group's ``a``. Uploaded; gives its bytes and footer."""
    table = pa.table({"a": pa.array(range(groups * n), pa.int64()),
                      "b": pa.array([f"between {i}" * 3 for i in range(groups * n)]),
                      "c": pa.array([i * 0.5 for i in range(groups * n)]),
                      "d": pa.array([i % 7 for i in range(groups * n)], pa.int32()),
                      "e": pa.array([f"after {i}" * 4 for i in range(groups * n)])})
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=n, compression="none")
    body = buf.getvalue()
    boto3.client("s3").put_object(Bucket=s3spark.bucket, Key=key, Body=body)
    return body, pq.ParquetFile(io.BytesIO(body)).metadata


def _chunk_bytes(meta, names):
    return sum(meta.row_group(g).column(c).total_compressed_size
               for g in range(meta.num_row_groups) for c in range(meta.num_columns)
               if meta.schema.column(c).name in names)


def test_a_scan_reads_its_column_chunks_and_exact_footer_and_no_byte_more(s3spark):
    body, meta = _layout_file(s3spark, "layout/one.parquet")
    assert meta.num_row_groups == 4 and meta.serialized_size + 8 < 64 << 10
    df = s3spark.read.parquet(f"s3://{s3spark.bucket}/layout/one.parquet") \
        .select(F.sum("a"), F.sum("c"), F.sum("d"))
    rows, tasks = _scan_reads(s3spark, df)
    assert tuple(rows[0]) == (sum(range(80_000)), sum(i * 0.5 for i in range(80_000)),
                              sum(i % 7 for i in range(80_000)))
    (m,) = [m for m in tasks if m.get("scan_row_groups")]      # one task reads the whole file
    # the chunks of a, c, d in every row group and the footer's bytes (not pyarrow's 64 KiB),
    # each chunk GET with the bytes DuckDB's reader reads past a chunk
    pad = READ_PAST * (m["scan_gets"] - m["scan_footer_gets"])
    assert m["requests"]["data_GET_bytes"] == \
        _chunk_bytes(meta, "acd") + meta.serialized_size + 8 + pad
    assert m["bytes_read"] == m["requests"]["data_GET_bytes"]
    # one GET for the footer; in each row group one for a and one for c and d side by side
    assert m["scan_footer_gets"] == 1 and m["scan_gets"] == 1 + 2 * 4


def test_split_tasks_each_read_only_their_chunks_and_the_footer(s3spark):
    body, meta = _layout_file(s3spark, "layout/split.parquet")
    s3spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "0")
    s3spark.conf.set("spark.sql.files.maxPartitionBytes", str(len(body) // 4 + 1))
    try:
        df = s3spark.read.parquet(f"s3://{s3spark.bucket}/layout/split.parquet")
        splits = df._plan.source.value.splits()
        rows, tasks = _scan_reads(s3spark, df.select(F.sum("a"), F.sum("d")))
    finally:
        s3spark.conf.unset("spark.sql.adaptive.singleTask.maxInputBytes")
        s3spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert tuple(rows[0]) == (sum(range(80_000)), sum(i % 7 for i in range(80_000)))
    scans = [m for m in tasks if m.get("scan_row_groups")]
    assert len(splits) > 1 and len(scans) == len(splits)
    footer = meta.serialized_size + 8
    pad = READ_PAST * sum(m["scan_gets"] - m["scan_footer_gets"] for m in scans)
    assert sum(m["requests"]["data_GET_bytes"] for m in scans) == \
        _chunk_bytes(meta, "ad") + len(scans) * footer + pad
    # a and d are parted by b and c: two GETs a row group, and each task's footer
    assert sum(m["scan_gets"] for m in scans) == 2 * 4 + len(scans)


def test_byte_range_tasks_read_their_file_s_tail_once_and_no_chunk_byte_twice(s3spark):
    from spark_lambda.sql.io.parquet_footer import GUESS
    body, meta = _layout_file(s3spark, "layout/ranges.parquet")
    settings = {"spark.lambda.sql.driverFooters.maxFiles": "0",   # byte ranges: no driver footer
                "spark.sql.adaptive.singleTask.maxInputBytes": "0",
                "spark.sql.files.maxPartitionBytes": str(len(body) // 2 + 1)}
    for k, v in settings.items():
        s3spark.conf.set(k, v)
    try:
        df = s3spark.read.parquet(f"s3://{s3spark.bucket}/layout/ranges.parquet")
        assert df._plan.source.value.byte_ranges and df._plan.source.value.footers is None
        rows, tasks = _scan_reads(s3spark, df.select(F.sum("a"), F.sum("d"), F.max("e")))
    finally:
        for k in settings:
            s3spark.conf.unset(k)
    assert tuple(rows[0]) == (sum(range(80_000)), sum(i % 7 for i in range(80_000)),
                              max(f"after {i}" * 4 for i in range(80_000)))
    scans = [m for m in tasks if m.get("scan_gets")]
    assert len(scans) == 2 and sum(m["scan_row_groups"] for m in scans) == 4
    # each task: the file's last 64 KiB in one GET (its footer is smaller), then the chunks of
    # a, d, e in its row groups but for their bytes in that tail (the last e ends in it), which
    # are not fetched again
    tail = len(body) - GUESS
    chunks = [meta.row_group(g).column(c) for g in range(4) for c in range(5)
              if meta.schema.column(c).name in "ade"]
    starts = [ch.dictionary_page_offset if ch.has_dictionary_page else ch.data_page_offset
              for ch in chunks]
    outside = sum(max(min(s + ch.total_compressed_size, tail) - s, 0)
                  for s, ch in zip(starts, chunks))
    assert meta.serialized_size + 8 < GUESS and 0 < _chunk_bytes(meta, "ade") - outside < GUESS
    assert all(m["scan_footer_gets"] == 1 for m in scans)
    pads = READ_PAST * sum(m["scan_gets"] - m["scan_footer_gets"] for m in scans)
    got = sum(m["requests"]["data_GET_bytes"] for m in scans)
    assert 2 * GUESS + outside <= got <= 2 * GUESS + outside + pads   # a pad may end in the tail
    # a task of two row groups: its footer, a, then d, e and the next row group's a side by
    # side, then d and e
    assert sum(m["scan_gets"] for m in scans) == 2 * (1 + 3)


def test_a_file_replaced_after_planning_stops_the_scan_with_a_clear_error(s3spark):
    from spark_lambda.sql.errors import SparkRuntimeException
    _layout_file(s3spark, "layout/replaced.parquet")
    df = s3spark.read.parquet(f"s3://{s3spark.bucket}/layout/replaced.parquet").select(F.sum("a"))
    _layout_file(s3spark, "layout/replaced.parquet", groups=2, n=40_000)   # other row groups
    with pytest.raises(SparkRuntimeException, match="changed after the query was planned"):
        df.collect()


def test_a_footer_that_is_not_the_planned_one_is_refused():
    from spark_lambda.sql.errors import SparkRuntimeException
    from spark_lambda.sql.io.parquet_footer import GUESS, footer_of, open_parquet
    from spark_lambda.sql.io.storefile import StoreFile

    buf = io.BytesIO()
    pq.write_table(pa.table({"a": list(range(1000)), "b": [str(i) for i in range(1000)]}), buf,
                   row_group_size=300)
    data = buf.getvalue()
    planned = footer_of(pq.ParquetFile(io.BytesIO(data)))
    store = Store(data)
    pf = open_parquet(StoreFile(store, "k", len(data)), "s3://b/k", planned)
    assert store.gets == [(len(data) - planned.tail_bytes, len(data))]       # exactly the footer
    assert pf.read(columns=["a"]).column(0).to_pylist() == list(range(1000))
    planned.row_starts = [0, 300, 600, 1000, 1001]
    with pytest.raises(SparkRuntimeException, match="row groups are not the planned ones"):
        open_parquet(StoreFile(Store(data), "k", len(data)), "s3://b/k", planned)
    planned.tail_bytes += 1
    with pytest.raises(SparkRuntimeException, match="changed after the query was planned"):
        open_parquet(StoreFile(Store(data), "k", len(data)), "s3://b/k", planned)
    # without a planned footer: the last 64 KiB (here the whole file), in one GET
    store = Store(data)
    assert open_parquet(StoreFile(store, "k", len(data)), "s3://b/k").metadata.num_rows == 1000
    assert store.gets == [(max(len(data) - GUESS, 0), len(data))]


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
