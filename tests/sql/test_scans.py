"""How scans read Parquet: splits sized by bytes, local splits read in place by DuckDB (same
rows as pyarrow's reading), and only the columns a query needs (semi-join sides too)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from spark_lambda.sql import functions as F
from spark_lambda.sql.catalyst import plans as lp
from spark_lambda.sql.catalyst.optimizer import optimize
from spark_lambda.sql.io.source import FileScan, ParquetSplit

N = 40_000


def _file_scan(df):
    """The source of ``df``'s one scan and the task that reads its splits."""
    (scan,) = [p for p in optimize(df._plan).walk() if isinstance(p, lp.FileRelation)]
    source = scan.source.value
    return source, FileScan(source.reader, [(f.url, f.size, f.partition) for f in source.files],
                            source.data_fields,
                            [(a.expr_id, a.name, a.dtype) for a in scan.attrs], source.footers)


def _write(path, row_group_size=5_000):
    table = pa.table({"k": pa.array([i % 97 for i in range(N)], pa.int64()),
                      "v": pa.array([i * 0.25 for i in range(N)]),
                      "s": pa.array([f"text {i % 13}" for i in range(N)]),
                      "d": pa.array([None if i % 7 == 0 else i for i in range(N)], pa.int32())})
    pq.write_table(table, path, row_group_size=row_group_size)
    return table


def test_splits_cover_the_row_groups_in_about_equal_runs_of_the_split_size(spark, tmp_path):
    _write(tmp_path / "t.parquet", row_group_size=2_000)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "65536")
    try:
        source = spark.read.parquet(str(tmp_path / "t.parquet"))._plan.source.value
        splits, sizes = source.splits(), source.footers[0].row_group_bytes
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    bytes_of = [sum(sizes[s:e]) for _, s, e in splits]
    assert bytes_of == sorted(bytes_of, reverse=True)   # the largest first, as Spark's scans
    splits = sorted(splits)
    assert len(sizes) == 20 and len(splits) == -(-sum(sizes) // 65536)
    assert splits[0][1] == 0 and splits[-1][2] == 20
    assert all(a[2] == b[1] for a, b in zip(splits, splits[1:]))
    share = sum(sizes) / len(splits)   # about equal runs: within a row group of the share
    assert all(abs(sum(sizes[s:e]) - share) <= max(sizes) for _, s, e in splits)


def test_local_splits_are_read_in_place_with_pyarrows_rows(spark, tmp_path):
    path = str(tmp_path / "t.parquet")
    _write(path)
    df = spark.read.parquet(path)
    source, fs = _file_scan(df)
    con = duckdb.connect()
    for split in source.splits():
        _, got = fs(split)
        assert isinstance(got, ParquetSplit)
        in_place = con.sql(got.view_sql()).to_arrow_table()
        assert in_place.equals(fs.read_table(split))
    q = df.where(F.col("d") > 100).groupBy("k").agg(F.sum("v").alias("sv"), F.count("s"))
    expected = duckdb.sql(f"SELECT k, sum(v), count(s) FROM '{path}' WHERE d > 100 "
                          "GROUP BY k").fetchall()
    assert sorted(tuple(r) for r in q.collect()) == sorted(expected)


def test_text_stored_as_string_view_is_read_in_place(spark, tmp_path):
    path = str(tmp_path / "t.parquet")
    table = _write(path)
    viewed = table.set_column(2, "s", table.column("s").cast(pa.string_view()))
    pq.write_table(viewed, path, row_group_size=5_000)     # as tpchgen-cli writes text
    df = spark.read.parquet(path)
    assert dict(df.dtypes)["s"] == "string"
    source, fs = _file_scan(df)
    _, got = fs(source.splits()[0])
    assert isinstance(got, ParquetSplit)
    in_place = duckdb.connect().sql(got.view_sql()).to_arrow_table()
    assert in_place.column(2).to_pylist() == fs.read_table(source.splits()[0]).column(2).to_pylist()
    assert df.where(F.col("s") == "text 3").count() == sum(1 for i in range(N) if i % 13 == 3)


def test_a_column_of_another_type_than_the_plans_is_read_by_pyarrow(spark, tmp_path):
    path = str(tmp_path / "t.parquet")
    _write(path)
    df = spark.read.schema("k LONG, v DOUBLE, s STRING, d LONG").parquet(path)
    source, fs = _file_scan(df)
    _, got = fs(source.splits()[0])
    assert isinstance(got, pa.Table) and got.schema.field(3).type == pa.int64()
    assert df.agg(F.sum("d")).collect()[0][0] == sum(i for i in range(N) if i % 7)


def test_exists_select_star_reads_only_the_compared_columns(spark, tmp_path):
    _write(str(tmp_path / "t.parquet"))
    spark.createDataFrame([(k, f"g{k % 3}") for k in range(0, 200, 2)],
                          "k LONG, g STRING").createOrReplaceTempView("keys_view")
    spark.read.parquet(str(tmp_path / "t.parquet")).createOrReplaceTempView("facts_view")
    q = spark.sql("SELECT g, count(*) AS n FROM keys_view WHERE EXISTS (SELECT * FROM "
                  "facts_view WHERE facts_view.k = keys_view.k AND d > 50) GROUP BY g")
    scans = [p for p in optimize(q._plan).walk() if isinstance(p, lp.FileRelation)]
    assert [sorted(a.name for a in s.attrs) for s in scans] == [["d", "k"]]
    present = {i % 97 for i in range(N) if i % 7 and i > 50}
    expected = {}
    for k in range(0, 200, 2):
        if k in present:
            expected[f"g{k % 3}"] = expected.get(f"g{k % 3}", 0) + 1
    assert {r["g"]: r["n"] for r in q.collect()} == expected
