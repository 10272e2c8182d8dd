"""TPC-H on S3: per query, the S3 requests (GET, PUT) and the bytes read against the files' sizes.

The tables (tpchgen-cli Parquet) are uploaded to a bucket and read as ``s3://`` URLs; the
shuffle goes through the same bucket (``spark.shuffle.s3.enabled``). Without ``--endpoint``
a moto S3 server is started on 127.0.0.1, so the figures need no AWS account. Counts come
from the executors' metered stores, summed per stage by ``sc.stage_metrics``; requests the
driver makes itself (listing, footers, stage code uploads) are not in them. Beside the bytes
the tasks read from the tables, the table prints what the query needs, from the files' own
footers: the compressed column chunks of the columns the query names, in every row group
(TPC-H's columns have table-unique names, so a name in the text is a column read; the
generated tables are not sorted by the columns the queries filter, so no row group can be
skipped), and the files' sizes. ``tables MB`` is what the tasks read of the tables'
objects (``data_GET_bytes`` of their metered stores: not shuffle blocks, broadcast values or
stage code); ``needed MB`` counts each file's needed chunks once, as one task reads them;
``scans MB`` counts them once per scan of the optimized plan (with the columns that scan
reads), as a distributed plan whose scans of one table are tasks of their own reads them.

    python bench/tpch_s3.py --scale 0.01 --master local[2]
    python bench/tpch_s3.py --master lambda://spark-lambda-sql --endpoint https://s3.amazonaws.com \
        --bucket s3://my-bucket

Writes ``bench/results/tpch_s3-sf<scale>-<master>[-<each --conf, last part of its key>].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]


def needed_bytes(path, text: str) -> int:
    """Bytes a query over the Parquet file ``path`` must read: the compressed chunks of the
    columns ``text`` names, in every row group, and the footer."""
    return _read_need(path, lambda name: re.search(rf"\b{name}\b", text, re.IGNORECASE))


def _read_need(path, wanted) -> int:
    """The compressed chunks, in every row group, of the columns of the Parquet file ``path``
    whose names ``wanted(name)`` accepts, and the footer."""
    import pyarrow.parquet as pq
    meta = pq.ParquetFile(path).metadata
    columns = [i for i in range(meta.num_columns) if wanted(meta.schema.column(i).name)]
    chunks = sum(meta.row_group(g).column(i).total_compressed_size
                 for g in range(meta.num_row_groups) for i in columns)
    return chunks + meta.serialized_size + 8


def scan_needed_bytes(df, data) -> int:
    """Bytes the scans of ``df``'s optimized plan must read, one scan at a time: per scan of a
    table file, the compressed chunks of the columns that scan produces, in every row group,
    and the footer. Scans inside subquery expressions count too."""
    from spark_lambda.sql.catalyst import plans as lp
    from spark_lambda.sql.catalyst.optimizer import optimize

    def scans(plan):
        for node in plan.walk():
            if isinstance(node, lp.FileRelation):
                yield node
            for e in node.expressions():
                for sub in e.walk():
                    if isinstance(getattr(sub, "plan", None), lp.Plan):
                        yield from scans(sub.plan)
    total = 0
    for scan in scans(optimize(df.sparkSession._use_cache(df._plan))):
        names = {a.name.lower() for a in scan.attrs}
        total += sum(_read_need(data / f.url.rsplit("/", 1)[-1], lambda n: n.lower() in names)
                     for f in scan.source.value.files)
    return total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", default="0.01")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--bucket", default="s3://tpch-bench")
    ap.add_argument("--endpoint", help="an S3 endpoint (default: start moto's server)")
    ap.add_argument("--queries", default="", help="comma-separated, e.g. q01,q05 (default: all 22)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args(argv)

    import boto3
    from tests.sql.conftest import tpch_dir
    server = None
    if args.endpoint:
        os.environ["AWS_ENDPOINT_URL_S3"] = args.endpoint
    else:
        from tests.servers import MotoServer, apply_env
        server = MotoServer()
        apply_env(server.env())
    bucket = args.bucket[len("s3://"):].strip("/")
    s3 = boto3.client("s3")
    try:
        s3.create_bucket(Bucket=bucket)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
    data = tpch_dir(args.scale)
    sizes = {}
    for t in TABLES:
        s3.upload_file(str(data / f"{t}.parquet"), bucket, f"tpch/sf{args.scale}/{t}.parquet")
        sizes[t] = (data / f"{t}.parquet").stat().st_size

    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    conf = (SparkConf(loadDefaults=False).setMaster(args.master).setAppName("tpch-s3")
            .set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", f"s3://{bucket}/shuffle"))
    for kv in args.conf:
        k, v = kv.split("=", 1)
        conf.set(k, v)
    sc = SparkContext(conf=conf)
    spark = SparkSession(sc, {})
    for t in TABLES:
        spark.read.parquet(f"s3://{bucket}/tpch/sf{args.scale}/{t}.parquet") \
            .createOrReplaceTempView(t)
    queries = sorted((ROOT / "tests" / "sql" / "tpch").glob("q*.sql"))
    if args.queries:
        wanted = set(args.queries.split(","))
        queries = [q for q in queries if q.stem in wanted]
    results = []
    print(f"{'query':6} {'s':>6} {'GET':>6} {'PUT':>5} {'GET MB':>8} {'other MB':>10} "
          f"{'tables MB':>9} {'needed MB':>9} {'scans MB':>8} {'files MB':>8}")
    for q in queries:
        text = q.read_text()
        used = [t for t in TABLES if re.search(rf"\b{t}\b", text)]
        before = {k: dict(v["requests"]) | {"bytes_read": v["bytes_read"]}
                  for k, v in sc.stage_metrics.stages.items()}
        start = time.perf_counter()
        df = spark.sql(text)
        rows = df.collect()
        seconds = time.perf_counter() - start
        counts = {"GET": 0, "PUT": 0, "GET_bytes": 0, "PUT_bytes": 0, "data_GET_bytes": 0}
        for sid, st in sc.stage_metrics.stages.items():
            old = before.get(sid, {})
            for k in ("GET", "PUT", "GET_bytes", "PUT_bytes", "data_GET_bytes"):
                counts[k] += st["requests"].get(k, 0) - old.get(k, 0)
        table_bytes = counts["data_GET_bytes"]
        files = sum(sizes[t] for t in used)
        needed = sum(needed_bytes(data / f"{t}.parquet", text) for t in used)
        per_scan = scan_needed_bytes(df, data)
        results.append({"query": q.stem, "rows": len(rows), "seconds": round(seconds, 3),
                        **counts, "table_bytes_read": table_bytes, "needed_bytes": needed,
                        "scans_needed_bytes": per_scan, "files_bytes": files,
                        "tables": used})
        print(f"{q.stem:6} {seconds:6.2f} {counts['GET']:6} {counts['PUT']:5} "
              f"{counts['GET_bytes'] / 1e6:8.2f} {(counts['GET_bytes'] - counts['data_GET_bytes']) / 1e6:10.2f} "
              f"{table_bytes / 1e6:9.2f} {needed / 1e6:9.2f} {per_scan / 1e6:8.2f} {files / 1e6:8.2f}")
    spark.stop()
    if server is not None:
        server.stop()
    settings = "".join("-" + re.sub(r"[^A-Za-z0-9]+", "_", kv.rsplit(".", 1)[-1]) for kv in args.conf)
    out = ROOT / "bench" / "results" / \
        f"tpch_s3-sf{args.scale}-{re.sub(r'[^A-Za-z0-9]+', '_', args.master).strip('_')}{settings}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"scale": args.scale, "master": args.master,
                               "note": "table_bytes_read = the tasks' GET bytes of the tables' "
                                       "objects (data_GET_bytes)",
                               "queries": results}, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
