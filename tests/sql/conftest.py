"""Fixtures of the DataFrame and SQL tests: one local[2] session per module, TPC-H data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TPCH_TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region",
               "supplier"]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """A local[2] SparkSession with few shuffle partitions (fast tests)."""
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    conf = SparkConf(loadDefaults=False).set("spark.local.dir",
                                             str(tmp_path_factory.mktemp("local")))
    sc = SparkContext("local[2]", "sql-tests", conf=conf)
    session = SparkSession(sc, {"spark.sql.shuffle.partitions": "3"})
    yield session
    session.stop()


@pytest.fixture(scope="module")
def distributed(spark):
    """The module's session with no query run as one task for its small input
    (``spark.sql.adaptive.singleTask.maxInputBytes`` 0): the tests of exchanges, broadcasts
    and Spark's distributed plans, whose data is small."""
    spark.conf.set("spark.sql.adaptive.singleTask.maxInputBytes", "0")
    yield spark
    spark.conf.unset("spark.sql.adaptive.singleTask.maxInputBytes")


@pytest.fixture()
def wh(spark, tmp_path):
    """The session's ``spark.sql.warehouse.dir`` in a temporary directory, for the test."""
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "wh"))
    yield str(tmp_path / "wh")
    spark.conf.unset("spark.sql.warehouse.dir")
    spark._current_db = "default"


def tpch_dir(scale: str = "0.01") -> Path:
    """TPC-H Parquet files at ``scale``, generated once with tpchgen-cli into a cache dir."""
    root = Path(os.environ.get("SPARK_LAMBDA_TPCH_CACHE",
                               Path.home() / ".cache" / "spark-lambda" / "tpch"))
    out = root / f"sf{scale}"
    if all((out / f"{t}.parquet").exists() for t in TPCH_TABLES):
        return out
    tmp = root / f"sf{scale}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    exe = shutil.which("tpchgen-cli") or str(Path(sys.executable).parent / "tpchgen-cli")
    subprocess.run([exe, "parquet", "-s", scale, "--output-dir", str(tmp)], check=True,
                   capture_output=True)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


@pytest.fixture(scope="session")
def tpch_data():
    """The directory of the SF 0.1 TPC-H tables (``<table>.parquet``): the local[2] suite's."""
    return tpch_dir("0.1")


@pytest.fixture(scope="session")
def tpch_data_small():
    """The SF 0.01 TPC-H tables: the Lambda emulator's runs (every task an invocation)."""
    return tpch_dir("0.01")


@pytest.fixture(scope="module")
def tpch(spark, tpch_data):
    """(session, DuckDB connection), each with the SF 0.1 TPC-H tables as views."""
    for t in TPCH_TABLES:
        spark.read.parquet(str(tpch_data / f"{t}.parquet")).createOrReplaceTempView(t)
    import duckdb
    con = duckdb.connect()
    for t in TPCH_TABLES:
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{tpch_data}/{t}.parquet')")
    yield spark, con
    con.close()


SQL_BUCKET = "spark-lambda-test"
SQL_FUNCTION = "spark-lambda-sql-test"
SQL_VERSION = "0.1.0-test-sql"


@pytest.fixture(scope="session")
def sql_lambda_conf(lambda_emulator):
    """The settings of a ``lambda://`` context on a function ``spark-lambda deploy --with sql``
    made in the emulator (DuckDB and trimmed pyarrow in its zip; deployed once per session),
    with the shuffle on moto's S3 server."""
    import boto3
    from spark_lambda import SparkConf
    from spark_lambda.cli import main
    s3 = boto3.client("s3")
    try:
        s3.create_bucket(Bucket=SQL_BUCKET)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    assert main(["deploy", "--bucket", "s3://" + SQL_BUCKET, "--function-name", SQL_FUNCTION,
                 "--memory", "2048", "--timeout", "120", "--version", SQL_VERSION, "--create-role",
                 "--with", "sql"]) == 0
    return (SparkConf(loadDefaults=False).setMaster("lambda://" + SQL_FUNCTION)
            .set("spark.lambda.s3.bucket", "s3://" + SQL_BUCKET)
            .set("spark.lambda.spark.software.version", SQL_VERSION)
            .set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", f"s3://{SQL_BUCKET}/shuffle")
            .set("spark.lambda.concurrent.requests.max", "4"))


@pytest.fixture(scope="module")
def tpch_files(tmp_path_factory, tpch_data_small):
    """(directory, DuckDB connection): the SF 0.01 tables, each in 3 files of small row
    groups (``<table>/part-<k>.parquet``), and DuckDB over them."""
    import duckdb
    import pyarrow.parquet as pq
    root = tmp_path_factory.mktemp("tpch-files")
    con = duckdb.connect()
    for t in TPCH_TABLES:
        table = pq.read_table(tpch_data_small / f"{t}.parquet")
        (root / t).mkdir()
        step = -(-table.num_rows // 3)
        for k in range(3):
            pq.write_table(table.slice(k * step, step), root / t / f"part-{k}.parquet",
                           row_group_size=4_000)
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{root / t}/*.parquet')")
    yield root, con
    con.close()


@pytest.fixture(scope="module")
def s3spark(moto_server, tmp_path_factory):
    """A session on ``local[2]`` with a fresh bucket on moto's S3 server (``s3spark.bucket``)."""
    import uuid

    import boto3

    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path_factory.mktemp("local")))
    sc = SparkContext("local[2]", "sql-s3-tests", conf=conf)
    session = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
    session.bucket = f"b-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=session.bucket)
    yield session
    session.stop()
