"""The 22 TPC-H queries through ``spark.sql`` on ``lambda://`` at SF 0.01: the Lambda emulator
runs every task in the function ``spark-lambda deploy --with sql`` built (DuckDB and trimmed
pyarrow inside the zip); the tables are Parquet objects on moto's S3 server, read with ranged
GETs, and the shuffle goes through it too. Answers are compared with DuckDB's on the same
files."""

from __future__ import annotations

import decimal
import os
from pathlib import Path

import pytest

from .conftest import TPCH_TABLES

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")

TPCH = Path(__file__).parent / "tpch"
QUERIES = [p.stem for p in sorted(TPCH.glob("q*.sql"))]   # all 22


@pytest.fixture(scope="module")
def lambda_tpch(sql_lambda_conf, tpch_data_small):
    from spark_lambda import SparkContext
    from spark_lambda.sql import SparkSession
    import boto3
    bucket = sql_lambda_conf.get("spark.lambda.s3.bucket")[len("s3://"):]
    for t in TPCH_TABLES:
        boto3.client("s3").upload_file(str(tpch_data_small / f"{t}.parquet"), bucket,
                                       f"tpch-sf0.01/{t}.parquet")
    sc = SparkContext(conf=sql_lambda_conf.copy().setAppName("tpch-lambda"))
    # distributed: exchanges and broadcasts through S3 (small input would run as one task)
    spark = SparkSession(sc, {"spark.sql.adaptive.singleTask.maxInputBytes": "0"})
    for t in TPCH_TABLES:
        spark.read.parquet(f"s3://{bucket}/tpch-sf0.01/{t}.parquet").createOrReplaceTempView(t)
    import duckdb
    con = duckdb.connect()
    for t in TPCH_TABLES:
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{tpch_data_small}/{t}.parquet')")
    yield spark, con
    con.close()
    spark.stop()


def _same(a, b) -> bool:
    if isinstance(b, (float, decimal.Decimal)) and a is not None:
        return abs(float(a) - float(b)) <= 1e-6 + 1e-9 * abs(float(b))
    return a == b


@pytest.mark.parametrize("query", QUERIES)
def test_tpch_on_lambda_matches_duckdb(lambda_tpch, query):
    spark, con = lambda_tpch
    text = (TPCH / f"{query}.sql").read_text()
    rows = [tuple(r) for r in spark.sql(text).collect()]
    expected = con.execute(text).fetchall()
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert all(_same(a, b) for a, b in zip(got, want)), (got, want)


@pytest.mark.parametrize("query", ["q09", "q22"])
def test_a_small_query_on_lambda_is_one_invocation(lambda_tpch, query):
    spark, con = lambda_tpch
    text = (TPCH / f"{query}.sql").read_text()
    tasks = []
    listener = lambda name, fields: tasks.append(name) if name == "task_end" else None  # noqa
    spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "256m")
    spark.sparkContext.add_listener(listener)
    try:
        rows = [tuple(r) for r in spark.sql(text).collect()]
    finally:
        spark.sparkContext.remove_listener(listener)
        spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "0")
    expected = con.execute(text).fetchall()
    assert len(rows) == len(expected) and len(tasks) == 1
    for got, want in zip(rows, expected):
        assert all(_same(a, b) for a, b in zip(got, want)), (got, want)


def test_sql_tasks_on_lambda_use_the_functions_vcpus(lambda_tpch):
    """A task's DuckDB settings as the executor computes them in the function (2,048 MB:
    one vCPU, a memory limit of half the function's memory)."""
    spark, _ = lambda_tpch

    def settings(_):
        import duckdb
        from spark_lambda.sql.execution.task import _config
        con = duckdb.connect(config=_config(None))
        row = con.execute("SELECT current_setting('threads'), "
                          "current_setting('memory_limit')").fetchone()
        return [(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), row[0], row[1])]
    got = spark.sparkContext.parallelize([0], 1).mapPartitions(settings).collect()
    assert got[0][0] == "2048" and got[0][1] == 1
    assert got[0][2] == "1.0 GiB"


@pytest.mark.parametrize("query", ["q06", "q12"])
def test_tpch_on_lambda_with_byte_range_splits_matches_duckdb(lambda_tpch, query):
    """Every scan cut in byte ranges (``spark.lambda.sql.driverFooters.maxFiles`` 0, 200 KB
    splits): each invocation reads its file's footer and its range's row groups."""
    spark, con = lambda_tpch
    bucket = spark.sparkContext.getConf().get("spark.lambda.s3.bucket")[len("s3://"):]
    settings = {"spark.lambda.sql.driverFooters.maxFiles": "0",
                "spark.sql.files.maxPartitionBytes": "200000"}
    for k, v in settings.items():
        spark.conf.set(k, v)
    try:
        for t in ("lineitem", "orders"):
            df = spark.read.parquet(f"s3://{bucket}/tpch-sf0.01/{t}.parquet")
            assert df._plan.source.value.byte_ranges
            df.createOrReplaceTempView(t)
        text = (TPCH / f"{query}.sql").read_text()
        rows = [tuple(r) for r in spark.sql(text).collect()]
    finally:
        for k in settings:
            spark.conf.unset(k)
        for t in ("lineitem", "orders"):
            spark.read.parquet(f"s3://{bucket}/tpch-sf0.01/{t}.parquet").createOrReplaceTempView(t)
    expected = con.execute(text).fetchall()
    assert len(rows) == len(expected) and rows
    for got, want in zip(rows, expected):
        assert all(_same(a, b) for a, b in zip(got, want)), (got, want)
