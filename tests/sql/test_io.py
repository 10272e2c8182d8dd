"""Reading and writing files on local disk: what we write reads back equal here, in DuckDB and
in pyarrow; save modes; the commit protocol under a failing task; splits and pruning; errors.
(Behaviour against PySpark's recorded outputs: the ``c_read_*``/``c_write_*`` cases.)"""

from __future__ import annotations

import datetime
import os
import re

import duckdb
import pyarrow.dataset as ds
import pytest

from spark_lambda.sql import functions as F
from spark_lambda.sql.errors import AnalysisException, SparkRuntimeException

from .cases_io import _io


def _frame(spark):
    rows = [(i, f"n{i}", i * 1.5, ["east", "west", None][i % 3],
             datetime.date(2020, 1, 1 + i % 28)) for i in range(60)]
    return spark.createDataFrame(rows, "id INT, name STRING, x DOUBLE, region STRING, d DATE")


def _files(root):
    return sorted(os.path.relpath(os.path.join(r, f), root)
                  for r, _, fs in os.walk(root) for f in fs)


def test_parquet_round_trip_read_by_us_duckdb_and_pyarrow(spark, tmp_path):
    out = str(tmp_path / "t")
    df = _frame(spark).repartition(3)
    df.write.partitionBy("region").parquet(out)
    want = sorted(tuple(r) for r in _frame(spark).collect())
    ours = spark.read.parquet(out).select("id", "name", "x", "region", "d").collect()
    assert sorted(tuple(r) for r in ours) == want
    con = duckdb.connect()
    got = con.execute(f"SELECT id, name, x, region, d FROM read_parquet('{out}/*/*.parquet', "
                      "hive_partitioning=true)").fetchall()
    fix = [(i, n, x, None if r == "__HIVE_DEFAULT_PARTITION__" else r, d)
           for i, n, x, r, d in got]
    assert sorted(fix) == want
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    rows = zip(*(table.column(c).to_pylist() for c in ("id", "name", "x", "region", "d")))
    assert sorted((i, n, x, None if r == "__HIVE_DEFAULT_PARTITION__" else r, d)
                  for i, n, x, r, d in rows) == want


def test_csv_and_json_round_trip_read_by_duckdb(spark, tmp_path):
    df = _frame(spark).drop("region")
    want = sorted(tuple(r) for r in df.collect())
    df.write.csv(str(tmp_path / "c"), header=True)
    df.write.json(str(tmp_path / "j"))
    con = duckdb.connect()
    csv_rows = con.execute(f"SELECT id, name, x, d FROM read_csv('{tmp_path}/c/*.csv', "
                           "header=true)").fetchall()
    json_rows = con.execute(f"SELECT id, name, x, d::DATE FROM read_json('{tmp_path}/j/*.json')"
                            ).fetchall()
    assert sorted(csv_rows) == want and sorted(json_rows) == want
    again = spark.read.csv(str(tmp_path / "c"), header=True, inferSchema=True)
    assert again.dtypes == [("id", "int"), ("name", "string"), ("x", "double"), ("d", "date")]
    assert sorted(tuple(r) for r in again.collect()) == want


def test_part_files_are_named_as_spark_names_them_and_success_comes_last(spark, tmp_path):
    out = tmp_path / "t"
    _frame(spark).repartition(2).write.parquet(str(out))
    files = _files(out)
    assert "_SUCCESS" in files and not any("_temporary" in f for f in files)
    parts = [f for f in files if f != "_SUCCESS"]
    assert len(parts) == 2
    uuids = {re.fullmatch(r"part-0000[01]-([0-9a-f-]{36})-c000\.snappy\.parquet", f).group(1)
             for f in parts}
    assert len(uuids) == 1


def test_partition_values_are_escaped_and_null_is_the_default_partition(spark, tmp_path):
    out = tmp_path / "t"
    df = spark.createDataFrame([(1, "a/b"), (2, None), (3, "x=y %"), (4, "#{}")],
                               "i INT, k STRING")
    df.write.partitionBy("k").csv(str(out))
    dirs = sorted({f.split("/")[0] for f in _files(out) if "/" in f})
    assert dirs == ["k=%23%7B}", "k=__HIVE_DEFAULT_PARTITION__", "k=a%2Fb", "k=x%3Dy %25"]
    back = spark.read.csv(str(out), schema="i INT").orderBy("i").collect()
    assert [tuple(r) for r in back] == [(1, "a/b"), (2, None), (3, "x=y %"), (4, "#{}")]


def test_error_mode_on_an_existing_path_is_path_already_exists(spark, tmp_path):
    out = tmp_path / "t"
    _frame(spark).write.parquet(str(out))
    with pytest.raises(AnalysisException) as e:
        _frame(spark).write.mode("errorifexists").parquet(str(out))
    assert str(e.value) == (f"[PATH_ALREADY_EXISTS] Path file:{out} already exists. Set mode as "
                            "\"overwrite\" to overwrite the existing path. SQLSTATE: 42K04")
    assert e.value.getErrorClass() == "PATH_ALREADY_EXISTS"


def test_modes_append_overwrite_ignore(spark, tmp_path):
    out = str(tmp_path / "t")
    df = _frame(spark)
    df.write.mode("append").parquet(out)
    df.write.mode("append").parquet(out)
    assert spark.read.parquet(out).count() == 120
    df.limit(5).write.mode("overwrite").parquet(out)
    assert spark.read.parquet(out).count() == 5
    df.write.mode("ignore").parquet(out)
    assert spark.read.parquet(out).count() == 5


def test_a_task_failing_mid_write_commits_nothing(spark, tmp_path):
    out = tmp_path / "t"
    rows = [(str(i),) for i in range(30)] + [("not a number",)]
    bad = spark.createDataFrame(rows, "s STRING").repartition(4).select(
        F.col("s").cast("int").alias("n"))
    with pytest.raises(Exception):
        bad.write.parquet(str(out))
    assert _files(out) == [] if out.exists() else True
    _frame(spark).write.parquet(str(out / "kept"))
    before = _files(out / "kept")
    with pytest.raises(Exception):
        bad.write.mode("overwrite").parquet(str(out / "kept"))
    assert _files(out / "kept") == before  # the old data stays when the new write fails


def test_large_csv_splits_by_bytes_and_reads_every_line_once(spark, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("id,word\n" + "".join(f'{i},"w{i}, quoted"\n' for i in range(20000)))
    spark.conf.set("spark.sql.files.maxPartitionBytes", "65536")
    try:
        df = spark.read.csv(str(path), header=True, inferSchema=True)
        assert len(df._plan.source.value.splits()) > 5
        got = df.agg(F.count("*"), F.sum("id"), F.countDistinct("word")).collect()[0]
        assert tuple(got) == (20000, sum(range(20000)), 20000)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")


def test_partition_filters_prune_files_on_the_driver(spark):
    from spark_lambda.sql.catalyst import plans as lp
    from spark_lambda.sql.catalyst.optimizer import optimize
    df = spark.read.csv(_io("sales"), schema="id INT, amount DOUBLE")
    assert df.dtypes[2:] == [("year", "int"), ("region", "string")]
    q = df.where((F.col("year") == 2020) & (F.col("region") == "east"))
    (scan,) = [p for p in optimize(q._plan).walk() if isinstance(p, lp.FileRelation)]
    source = scan.source.value
    assert len(source.splits()) == 4
    assert len(source.pruned_splits(scan.attrs, scan.filters)) == 1
    assert [tuple(r) for r in q.collect()] == [(1, 10.5, 2020, "east"), (2, 20.0, 2020, "east")]


def test_csv_failfast_fails_on_the_first_bad_record(spark):
    df = spark.read.csv(_io("malformed.csv"), schema="a INT, b INT", header=True,
                        mode="FAILFAST")
    with pytest.raises(SparkRuntimeException) as e:
        df.collect()
    assert e.value.getErrorClass() == "FAILED_READ_FILE.NO_HINT"
    assert "malformed.csv" in str(e.value) and "FAILFAST" in str(e.value)


def test_json_failfast_fails_while_inferring(spark):
    with pytest.raises(SparkRuntimeException) as e:
        spark.read.json(_io("people.json"), mode="FAILFAST")
    assert e.value.getErrorClass() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"


def test_missing_path_is_path_not_found_with_the_file_url(spark, tmp_path):
    with pytest.raises(AnalysisException) as e:
        spark.read.parquet(str(tmp_path / "nope"))
    assert str(e.value) == (f"[PATH_NOT_FOUND] Path does not exist: file:{tmp_path}/nope. "
                            "SQLSTATE: 42K03")


def test_corrupt_parquet_names_the_file(spark, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(SparkRuntimeException) as e:
        spark.read.parquet(str(bad))
    assert e.value.getErrorClass() == "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER"
    assert f"file:{bad}" in str(e.value)


def test_text_writer_needs_one_string_column(spark, tmp_path):
    with pytest.raises(AnalysisException):
        _frame(spark).write.text(str(tmp_path / "t"))
