"""The S3 endpoint named only in ``spark.hadoop.fs.s3a.endpoint`` serves the driver's reads
of data files too (Parquet footers, CSV schema inference), not only the tasks'."""

from __future__ import annotations

import io
import uuid

import boto3
import pyarrow as pa
import pyarrow.parquet as pq


def test_driver_reads_use_the_endpoint_setting_without_the_environment(moto_server, monkeypatch, tmp_path):
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    from spark_lambda.sql import functions as F
    bucket = f"endpoint-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=moto_server.url)
    s3.create_bucket(Bucket=bucket)
    buf = io.BytesIO()
    pq.write_table(pa.table({"k": [i % 3 for i in range(60)], "v": list(range(60))}), buf, row_group_size=20)
    s3.put_object(Bucket=bucket, Key="t/part-0.parquet", Body=buf.getvalue())
    s3.put_object(Bucket=bucket, Key="c/data.csv", Body=b"name,n\na,1\nb,2\nc,3\n")
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3")
    # an endpoint no S3 answers at, where the setting does not reach
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    conf = (SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path))
            .set("spark.hadoop.fs.s3a.endpoint", moto_server.url))
    sc = SparkContext("local[2]", "endpoint-setting", conf=conf)
    try:
        spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
        df = spark.read.parquet(f"s3://{bucket}/t")   # the footer is read on the driver
        got = {r.k: r.s for r in df.groupBy("k").agg(F.sum("v").alias("s")).collect()}
        assert got == {k: sum(v for v in range(60) if v % 3 == k) for k in range(3)}
        csv = spark.read.csv(f"s3://{bucket}/c/data.csv", header=True, inferSchema=True)
        assert csv.schema.simpleString() == "struct<name:string,n:int>"
        assert [tuple(r) for r in csv.orderBy("n").collect()] == [("a", 1), ("b", 2), ("c", 3)]
    finally:
        sc.stop()
