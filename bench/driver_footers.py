"""The driver's time before a Parquet scan's first stage, reading every footer or one.

    python bench/driver_footers.py [--files 1000] [--runs 3]

Against moto's S3 server on 127.0.0.1 (started here), writes ``--files`` small Parquet files
(2 row groups each) under one prefix, then on a local[2] context reads them
(``spark.read.parquet``: listing, footers, schema) and runs a sum over them, with
``spark.lambda.sql.driverFooters.maxFiles`` above the file count (the driver reads every footer,
64 at a time, and cuts row-group splits) and at its default (byte ranges: the driver reads one
footer, each task its own). Prints, fastest of ``--runs``, the wall and the driver process's
CPU time of the read (what comes before the first stage) and the query's wall time, and the
tasks; writes ``bench/results/driver_footers.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.servers import MotoServer, apply_env  # noqa: E402

BUCKET = "driver-footers"


def write_files(n: int) -> int:
    """``n`` Parquet files of 2 row groups under ``s3://BUCKET/t/``; the rows written."""
    import boto3
    import pyarrow as pa
    import pyarrow.parquet as pq
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    for i in range(n):
        buf = io.BytesIO()
        pq.write_table(pa.table({"k": pa.array(range(i * 200, i * 200 + 200), pa.int64()),
                                 "v": pa.array([j * 0.5 for j in range(200)])}),
                       buf, row_group_size=100)
        s3.put_object(Bucket=BUCKET, Key=f"t/part-{i:05d}.parquet", Body=buf.getvalue())
    return n * 200


def measure(spark, max_files: int, rows: int) -> dict:
    """One read and one query with the threshold at ``max_files``."""
    from spark_lambda.sql import functions as F
    spark.conf.set("spark.lambda.sql.driverFooters.maxFiles", str(max_files))
    cpu, wall = time.process_time(), time.perf_counter()
    df = spark.read.parquet(f"s3://{BUCKET}/t")
    read_cpu, read_wall = time.process_time() - cpu, time.perf_counter() - wall
    source = df._plan.source.value
    tasks = len(source.partitions(df._plan.attrs, df._plan.filters))
    wall = time.perf_counter()
    total = df.agg(F.sum("k")).collect()[0][0]
    query_wall = time.perf_counter() - wall
    assert total == rows * (rows - 1) // 2, total
    return {"max_files": max_files, "byte_ranges": source.byte_ranges, "tasks": tasks,
            "read_wall_s": round(read_wall, 3), "read_cpu_s": round(read_cpu, 3),
            "query_wall_s": round(query_wall, 3)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    moto = MotoServer()
    apply_env(moto.env())
    rows = []
    try:
        n = write_files(a.files)
        from spark_lambda import SparkConf, SparkContext
        from spark_lambda.keys import REGISTRY
        from spark_lambda.sql import SparkSession
        sc = SparkContext("local[2]", "driver-footers", conf=SparkConf(loadDefaults=False))
        spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "2",
                                  "spark.sql.adaptive.singleTask.maxInputBytes": "0"})
        try:
            default = REGISTRY["spark.lambda.sql.driverFooters.maxFiles"].default
            for max_files in (a.files, default):
                runs = [measure(spark, max_files, n) for _ in range(a.runs)]
                rows.append(min(runs, key=lambda r: r["read_wall_s"]))
        finally:
            spark.stop()
    finally:
        moto.stop()
    print(f"{a.files:,} files on moto's S3, fastest of {a.runs}")
    print(f"{'maxFiles':>8} {'splits':>12} {'tasks':>6} {'read s':>7} {'read CPU s':>10} {'query s':>8}")
    for r in rows:
        kind = "byte ranges" if r["byte_ranges"] else "row groups"
        print(f"{r['max_files']:>8} {kind:>12} {r['tasks']:>6} {r['read_wall_s']:>7.3f} "
              f"{r['read_cpu_s']:>10.3f} {r['query_wall_s']:>8.3f}")
    out = os.path.join(ROOT, "bench", "results", "driver_footers.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"cpus": os.cpu_count(), "files": a.files, "rows": rows}, f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
