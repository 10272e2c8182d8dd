"""Input text read from S3 (moto's server) in ranged GETs of ``spark.lambda.io.readSize``:
the same lines whatever the size, and requests in proportion to bytes over it."""

from __future__ import annotations

import uuid

import boto3
import pytest

from spark_lambda import SparkConf, SparkContext

LINES = [f"{i:08d} " + "y" * (i % 97) for i in range(60_000)]   # about 3.5 MB


@pytest.fixture(scope="module")
def text_url(moto_server):
    bucket = f"b-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3")
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="in/a.txt", Body="\n".join(LINES).encode() + b"\n")
    return f"s3://{bucket}/in/a.txt"


@pytest.mark.parametrize("read_size", ["64k", "1m", "8m"])
def test_lines_are_the_same_and_gets_follow_the_read_size(read_size, text_url, tmp_path):
    conf = (SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path))
            .set("spark.lambda.io.readSize", read_size))
    sc = SparkContext("local[2]", "read-size", conf=conf)
    ends = []
    sc.add_listener(lambda name, f: ends.append(f) if name == "task_end" else None)
    try:
        assert sc.textFile(text_url, 3).collect() == LINES
    finally:
        sc.stop()
    size = sum(len(line) + 1 for line in LINES)
    gets = sum(f["metrics"]["requests"].get("GET", 0) for f in ends)
    per = {"64k": 64 << 10, "1m": 1 << 20, "8m": 8 << 20}[read_size]
    parts = 3
    # each split: its bytes over the read size, one GET past its end, one to find its first
    # line, one for the stage's code
    assert gets <= parts * (-(-size // parts // per) + 1 + 3)
    assert gets >= min(size // per, parts)
