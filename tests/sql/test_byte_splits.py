"""Parquet scans of more files than ``spark.lambda.sql.driverFooters.maxFiles``: byte-range
splits packed as Spark packs them, each task keeping the row groups whose middle lies in its
range. Every row is read exactly once, whatever the split size; the driver reads one footer;
and TPC-H queries give the same rows with the threshold at 0 as with the default, against
DuckDB on the same files."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.io import file_partitions

from .conftest import TPCH_TABLES
from .test_tpch import _same

MAX_FILES = "spark.lambda.sql.driverFooters.maxFiles"
SPLIT = "spark.sql.files.maxPartitionBytes"
QUERIES = [Path(__file__).parent / "tpch" / f"{q}.sql"
           for q in ("q01", "q03", "q05", "q06", "q10", "q12", "q14", "q18", "q19")]


def _write_ids(root: Path) -> int:
    """Files of unique ids: row groups of several sizes, one row group larger than any small
    split, files smaller than one; the ids written."""
    root.mkdir()
    start = 0
    layouts = [(20_000, 20_000), (30_000, 1_000), (5_000, 700), (300, 300), (12_000, 4_000),
               (50, 50)]
    for k, (rows, group) in enumerate(layouts):
        ids = pa.array(range(start, start + rows), pa.int64())
        table = pa.table({"id": ids, "pad": pa.array([f"row {i} " * (1 + i % 5) for i in
                                                      range(start, start + rows)])})
        pq.write_table(table, root / f"part-{k}.parquet", row_group_size=group,
                       compression="none" if k % 2 else "snappy")
        start += rows
    return start


@pytest.fixture()
def settings(spark):
    """Sets session settings for the test, unset after it."""
    touched = []

    def set_(**kv):
        for k, v in kv.items():
            spark.conf.set(k, str(v))
            touched.append(k)
    yield set_
    for k in touched:
        spark.conf.unset(k)


@pytest.mark.parametrize("split", [600, 4_000, 20_000, 70_000, 250_000, 1 << 20, 128 << 20])
def test_every_row_is_read_exactly_once_whatever_the_split_size(spark, settings, tmp_path,
                                                                 split):
    from spark_lambda.sql.io.source import FileScan
    n = _write_ids(tmp_path / "ids")
    settings(**{MAX_FILES: 0, SPLIT: split})
    df = spark.read.parquet(str(tmp_path / "ids"))
    source = df._plan.source.value
    assert source.byte_ranges and source.footers is None
    splits = source.splits()
    sizes = {i: f.size for i, f in enumerate(source.files)}
    assert sorted((i, s) for i, s, _ in splits) == sorted(
        (i, s) for i, size in sizes.items() for s in range(0, size, source.split_size()))
    scan = FileScan(source.reader, [(f.url, f.size, f.partition) for f in source.files],
                    source.data_fields, [], None, None, True)
    seen = {}
    for sp in splits:
        (i, g0, g1), footer = scan.row_group_split(sp)
        for g in range(g0, g1):
            seen[(i, g)] = seen.get((i, g), 0) + 1
    groups = {(i, g) for i in sizes for g in range(pq.ParquetFile(source.files[i].url)
                                                   .metadata.num_row_groups)}
    assert seen == dict.fromkeys(groups, 1)
    ids = [r[0] for r in df.select("id").collect()]
    assert len(ids) == n and sorted(ids) == list(range(n))
    assert df.count() == n
    assert df.agg(F.sum("id")).collect()[0][0] == n * (n - 1) // 2


def test_small_files_share_a_task_as_spark_packs_them(spark, settings, tmp_path):
    root = tmp_path / "small"
    root.mkdir()
    for k in range(20):
        pq.write_table(pa.table({"id": pa.array(range(k * 100, k * 100 + 100), pa.int64())}),
                       root / f"part-{k:02d}.parquet")
    settings(**{MAX_FILES: 19})
    df = spark.read.parquet(str(root))
    source = df._plan.source.value
    scan = df._plan
    parts = source.partitions(scan.attrs, scan.filters)
    # 20 files of ~1 KB and 4 MiB of open cost each over 2 cores: splits of 40 MiB, 10 a task
    assert source.split_size() == (sum(f.size for f in source.files) + 20 * (4 << 20)) // 2
    assert [len(p) for p in parts] == [10, 10]
    assert sorted(r[0] for r in df.collect()) == list(range(2000))
    settings(**{MAX_FILES: 20})   # at the threshold: the footers, a split a file
    df = spark.read.parquet(str(root))
    assert df._plan.source.value.footers is not None
    assert len(df._plan.source.value.partitions(df._plan.attrs, df._plan.filters)) == 20


def test_pack_closes_a_partition_before_the_split_that_would_overflow_it():
    splits = [(0, 0, 60), (1, 0, 50), (2, 0, 30), (3, 0, 10), (4, 0, 5)]
    assert file_partitions.pack(splits, 100, 10) == [[(0, 0, 60)], [(1, 0, 50), (2, 0, 30)],
                                                     [(3, 0, 10), (4, 0, 5)]]
    assert file_partitions.byte_splits([25, 0, 10], 10) == [
        (0, 0, 10), (0, 10, 20), (2, 0, 10), (0, 20, 25)]


def test_the_driver_reads_one_footer_and_estimates_from_file_sizes(spark, settings, tmp_path):
    _write_ids(tmp_path / "ids")
    settings(**{MAX_FILES: 2})
    from spark_lambda.sql.io.parquet_format import ParquetReader
    read = []
    original = ParquetReader.footers

    def counting(self, files, threads=1):
        read.extend(f.url for f in files)
        return original(self, files, threads)
    ParquetReader.footers = counting
    try:
        df = spark.read.parquet(str(tmp_path / "ids"))
        given = spark.read.schema("id bigint, pad string").parquet(str(tmp_path / "ids"))
    finally:
        ParquetReader.footers = original
    source = df._plan.source.value
    assert len(read) == 1 and given._plan.source.value.byte_ranges
    assert df.schema.simpleString() == "struct<id:bigint,pad:string>"
    total = sum(f.size for f in source.files)
    one = [a for a in df._plan.attrs if a.name == "id"]
    assert source.read_bytes(one) == total // 2 == source.estimated_size(one)
    assert given.count() == df.count()


def test_a_byte_range_scan_names_a_bad_file(spark, settings, tmp_path):
    from spark_lambda.sql.errors import SparkRuntimeException
    root = tmp_path / "bad"
    root.mkdir()
    pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64())}), root / "a.parquet")
    (root / "b.parquet").write_bytes(b"not parquet at all" * 10)
    settings(**{MAX_FILES: 0})
    df = spark.read.schema("id bigint").parquet(str(root))
    with pytest.raises(SparkRuntimeException, match="b.parquet"):
        df.collect()


def _run_queries(spark, root: str, con, max_files: str, queries=QUERIES,
                 tables=TPCH_TABLES, one_task: bool = False) -> dict:
    """Each query's rows with the threshold at ``max_files`` (distributed, or as one task
    with ``one_task``; 200 KB splits), checked against DuckDB's (``con``) when given."""
    from spark_lambda.sql.execution.one_task import runs_in_one_task
    spark.conf.set(MAX_FILES, max_files)
    spark.conf.set(SPLIT, "200000")
    spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "256m" if one_task else "0")
    try:
        for t in tables:
            df = spark.read.parquet(f"{root}/{t}")
            assert df._plan.source.value.byte_ranges == (max_files == "0")
            df.createOrReplaceTempView(t)
        out = {}
        for q in queries:
            df = spark.sql(q.read_text())
            assert runs_in_one_task(spark, df._plan) == one_task, q.stem
            out[q.stem] = [tuple(r) for r in df.collect()]
            if con is not None:
                want = con.execute(q.read_text()).fetchall()
                assert len(out[q.stem]) == len(want), q.stem
                for got, row in zip(out[q.stem], want):
                    assert all(_same(a, b) for a, b in zip(got, row)), (q.stem, got, row)
        return out
    finally:
        for k in (MAX_FILES, SPLIT, "spark.sql.adaptive.singleTask.maxInputBytes"):
            spark.conf.unset(k)


def test_tpch_queries_give_the_same_rows_with_byte_ranges_as_with_footers(spark, tpch_files):
    root, con = tpch_files
    ranges = _run_queries(spark, str(root), con, "0")
    footers = _run_queries(spark, str(root), None, "64")
    assert ranges == footers


def test_tpch_queries_as_one_task_read_whole_files_with_byte_ranges(spark, tpch_files):
    root, con = tpch_files
    queries = [q for q in QUERIES if q.stem in ("q01", "q06", "q12", "q14")]
    ranges = _run_queries(spark, str(root), con, "0", queries, one_task=True)
    assert ranges == _run_queries(spark, str(root), None, "64", queries, one_task=True)


def test_input_file_block_is_the_byte_range_of_the_split(spark, settings, tmp_path):
    n = _write_ids(tmp_path / "ids")
    settings(**{MAX_FILES: 0, SPLIT: 70_000})
    df = spark.read.parquet(str(tmp_path / "ids"))
    source = df._plan.source.value
    ranges = {(f.url.rsplit("/", 1)[1], s, e - s) for i, s, e in source.splits()
              for f in [source.files[i]]}
    rows = df.select(F.input_file_name().alias("f"), F.input_file_block_start().alias("s"),
                     F.input_file_block_length().alias("n")).collect()
    assert len(rows) == n
    got = {(r.f.rsplit("/", 1)[1], r.s, r.n) for r in rows}
    assert got <= ranges and any(s > 0 for _, s, _ in got)


def test_merge_schema_reads_every_footer_whatever_the_count(spark, settings, tmp_path):
    root = tmp_path / "merge"
    root.mkdir()
    pq.write_table(pa.table({"a": pa.array([1], pa.int64())}), root / "p0.parquet")
    pq.write_table(pa.table({"b": pa.array(["x"])}), root / "p1.parquet")
    settings(**{MAX_FILES: 0})
    df = spark.read.option("mergeSchema", "true").parquet(str(root))
    assert not df._plan.source.value.byte_ranges
    assert df.columns == ["a", "b"] and sorted(map(tuple, df.collect()), key=str) == \
        sorted([(1, None), (None, "x")], key=str)
    assert spark.read.parquet(str(root)).columns == ["a"]
