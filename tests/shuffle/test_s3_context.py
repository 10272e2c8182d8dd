"""A context with its work area in S3: cleanup at stop() and at exit, settings, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections import Counter
from operator import add

import pytest

from spark_lambda.errors import StoreError

from .test_s3_shuffle import keys_in, make_bucket


def _busy_app(sc) -> None:
    """Shuffle, persisted partitions, a large parallelized collection and a large result."""
    big = [("k%d" % (i % 50), "x" * 100) for i in range(5000)]  # > the inline slice limit
    grouped = sc.parallelize(big, 3).groupByKey(4).mapValues(len).cache()
    assert sorted(grouped.collect()) == sorted((f"k{i}", 100) for i in range(50))
    assert grouped.map(lambda kv: kv[1]).reduce(add) == 5000


def test_stop_leaves_no_object_of_the_app(moto_server, new_context):
    bucket = make_bucket()
    sc = new_context(spark_shuffle_s3_enabled="true", spark_lambda_s3_bucket=bucket)  # the fallback key
    assert sc.work_url == f"s3://{bucket}"
    _busy_app(sc)
    during = keys_in(bucket)
    assert any("/shuffle-" in k for k in during) and any("/cache/" in k for k in during)
    assert all(sc.app_id in k for k in during)
    sc.stop()
    assert keys_in(bucket) == []


def test_interpreter_exit_leaves_no_object_of_the_app(moto_server, tmp_path):
    bucket = make_bucket()
    program = textwrap.dedent(f"""
        from operator import add
        from spark_lambda import SparkConf, SparkContext
        conf = (SparkConf(loadDefaults=False).set("spark.shuffle.s3.enabled", "true")
                .set("spark.shuffle.s3.bucket", "{bucket}").set("spark.local.dir", {str(tmp_path)!r}))
        sc = SparkContext("local[2]", "exit-test", conf=conf)
        print(sc.parallelize(range(100), 3).map(lambda x: (x % 5, x)).reduceByKey(add).count())
        print(len([k for k in sc.work_store.list("")]))
        # no sc.stop(): the interpreter exits
    """)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": root})
    assert out.returncode == 0, out.stderr
    count, objects = out.stdout.split()
    assert count == "5" and int(objects) > 0
    assert keys_in(bucket) == []


def test_missing_shuffle_bucket_fails_at_start(moto_server, new_context):
    with pytest.raises(StoreError, match=r"Bucket s3://no-such-shuffle-bucket does not exist.*spark.shuffle.s3.bucket"):
        new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket="s3://no-such-shuffle-bucket/x")


def test_seed_credentials_travel_to_executors_redacted(moto_server, new_context):
    bucket = make_bucket()
    sc = new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket=bucket,
                     **{"spark.hadoop.fs.s3n.awsAccessKeyId": "AKIDSEED",
                        "spark.hadoop.fs.s3n.awsSecretAccessKey": "seed-secret-value"})
    assert sc.store_options["awsAccessKeyId"] == "AKIDSEED"
    assert sorted(sc.parallelize(range(10), 2).map(lambda x: (x % 2, x)).reduceByKey(add).collect()) == \
        [(0, 20), (1, 25)]
    shown = sc.getConf().toDebugString()
    assert "seed-secret-value" not in shown and "AKIDSEED" not in shown


def test_endpoint_setting_reaches_executors(moto_server, new_context, monkeypatch):
    """Without AWS_ENDPOINT_URL_S3 in any process, spark.hadoop.fs.s3a.endpoint alone finds the server."""
    bucket = make_bucket()
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3")
    sc = new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket=bucket,
                     **{"spark.hadoop.fs.s3a.endpoint": moto_server.url})
    data = [(i % 3, i) for i in range(30)]
    assert sorted(sc.parallelize(data, 3).reduceByKey(add).collect()) == [(0, 135), (1, 145), (2, 155)]
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_server.url)  # for this test's own client
    assert any("/shuffle-" in k for k in keys_in(bucket))
    sc.stop()


def test_failed_save_leaves_nothing_under_the_output_prefix(moto_server, new_context):
    """Tasks still running when the job fails finish before cleanup, so none writes after it."""
    bucket = make_bucket()
    sc = new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket=bucket,
                     spark_task_maxFailures="1")

    def slow_or_fail(i, it):
        import time
        if i == 0:
            raise RuntimeError("partition 0 fails at once")
        time.sleep(0.5)
        return it
    with pytest.raises(RuntimeError, match="fails at once"):
        sc.parallelize(range(8), 4).mapPartitionsWithIndex(slow_or_fail).saveAsTextFile(f"s3://{bucket}/out")
    sc.stop()  # waits for the worker processes: every task that was running has finished
    assert keys_in(bucket, "out") == []
    sc = new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket=bucket)
    sc.parallelize(range(8), 4).saveAsTextFile(f"s3://{bucket}/out")  # the path is free for a retry
    assert keys_in(bucket, "out/")[0] == "out/_SUCCESS"


def test_spilled_map_output_is_uploaded_from_disk(moto_server, new_context):
    """Past the memory budget the map side spills, and its output is uploaded to S3 in parts as it
    is assembled from the spill files."""
    import hashlib
    bucket = make_bucket()
    sc = new_context(spark_shuffle_s3_enabled="true", spark_shuffle_s3_bucket=bucket,
                     spark_python_worker_memory="1m")
    pairs = sc.range(100000, numSlices=2).map(lambda i: (i % 97, hashlib.sha512(b"%d" % i).hexdigest()))
    got = pairs.partitionBy(5).mapPartitions(lambda it: [sum(len(v) for _, v in it)]).collect()
    assert sum(got) == 100000 * 128
    assert sum(s["spill_bytes"] for s in sc.stage_metrics.stages.values()) > 0
    counts = pairs.partitionBy(3).map(lambda kv: (kv[0], 1)).reduceByKey(add).collect()
    assert dict(counts) == Counter(i % 97 for i in range(100000))


def test_checkpoint_to_s3_names_an_s3_uri(moto_server, new_context):
    bucket = make_bucket()
    sc = new_context()
    sc.setCheckpointDir(f"s3://{bucket}/ck")
    assert sc.getCheckpointDir().startswith(f"s3://{bucket}/ck/")
    rdd = sc.parallelize(range(6), 2).map(lambda x: x * 2)
    rdd.checkpoint()
    assert rdd.collect() == [0, 2, 4, 6, 8, 10]
    uri = rdd.getCheckpointFile()
    assert uri == f"{sc.getCheckpointDir()}/rdd-{rdd.id()}"
    key = uri[len(f"s3://{bucket}/"):]
    assert {k for k in keys_in(bucket) if k.startswith(key)} == {f"{key}/part-00000", f"{key}/part-00001"}
    assert rdd.map(lambda x: -x).collect() == [0, -2, -4, -6, -8, -10]
