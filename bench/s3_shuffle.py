"""Benchmark: one M x R shuffle through S3 (moto's server on 127.0.0.1) and through the local store.

    python bench/s3_shuffle.py [--mb 256] [--maps 16] [--reduces 32] [--master local[2]]

Map tasks generate their own records (1 KiB incompressible values, so the
shuffle moves about ``--mb`` MiB), ``partitionBy`` routes them to the
reducers, and each reducer sums what it got (checked against what was
generated). For each store it prints a table of wall time, requests by kind
and bytes, from the executors' per-stage metrics, next to what the seed's
scheme would have issued for the same shuffle: a data object and an index
object per map task (2·M PUTs) and two opens per block, the index then the
data (2·M·R GETs). Results go to ``bench/results/s3_shuffle-<time>.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

VALUE = 1024
KINDS = ("PUT", "GET", "LIST", "DELETE", "HEAD", "COPY")


def generate(records_per_map: int):
    def gen(split, _it):
        import random
        rng = random.Random(split)
        for i in range(records_per_map):
            yield rng.getrandbits(32), rng.randbytes(VALUE)
    return gen


def run_once(label: str, conf_pairs: dict, args) -> dict:
    from spark_lambda import SparkConf, SparkContext
    conf = SparkConf(loadDefaults=False).setAll(conf_pairs.items())
    conf.set("spark.local.dir", args.local_dir)
    sc = SparkContext(args.master, f"bench-{label}", conf=conf)
    records_per_map = (args.mb << 20) // VALUE // args.maps
    try:
        started = time.perf_counter()
        source = sc.parallelize(range(args.maps), args.maps).mapPartitionsWithIndex(generate(records_per_map))
        sizes = (source.partitionBy(args.reduces)
                 .mapPartitions(lambda it: [sum(len(v) for _, v in it)]).collect())
        elapsed = time.perf_counter() - started
    finally:
        stop_started = time.perf_counter()
        sc.stop()
        stop_time = time.perf_counter() - stop_started
    expected = records_per_map * args.maps * VALUE
    if sum(sizes) != expected:
        raise SystemExit(f"{label}: reducers saw {sum(sizes)} value bytes, expected {expected}")
    stages = sorted(sc.stage_metrics.stages.values(), key=lambda s: s["tasks"] != args.maps)
    requests = sc.stage_metrics.requests()
    return {
        "store": label, "maps": args.maps, "reduces": args.reduces, "value_mib": round(expected / 2**20, 1),
        "seconds": round(elapsed, 2), "stop_seconds": round(stop_time, 2),
        "requests": {k: requests.get(k, 0) for k in KINDS},
        "bytes": {"PUT": requests.get("PUT_bytes", 0), "GET": requests.get("GET_bytes", 0)},
        "per_stage": [{"tasks": s["tasks"], "requests": dict(s["requests"])} for s in stages],
        "seed_scheme": {"PUT": 2 * args.maps, "GET": 2 * args.maps * args.reduces},
    }


def table(rows: list[dict]) -> str:
    head = (f"{'store':<6} {'M x R':>8} {'MiB':>6} {'time s':>7} {'PUT':>5} {'GET':>6} {'LIST':>4} "
            f"{'DEL':>4} {'MiB put':>8} {'MiB get':>8} | {'seed PUT':>8} {'seed GET':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        q = r["requests"]
        lines.append(f"{r['store']:<6} {r['maps']:>3} x {r['reduces']:<3} {r['value_mib']:>6} {r['seconds']:>7} "
                     f"{q['PUT']:>5} {q['GET']:>6} {q['LIST']:>4} {q['DELETE']:>4} "
                     f"{r['bytes']['PUT'] / 2**20:>8.1f} {r['bytes']['GET'] / 2**20:>8.1f} | "
                     f"{r['seed_scheme']['PUT']:>8} {r['seed_scheme']['GET']:>8}")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=int, default=256, help="MiB of values to shuffle (default 256)")
    p.add_argument("--maps", type=int, default=16, help="map tasks M (default 16)")
    p.add_argument("--reduces", type=int, default=32, help="reduce partitions R (default 32)")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--stores", default="s3,local", help="comma-separated: s3, local")
    p.add_argument("--local-dir", default=None, help="spark.local.dir (default: a temp dir)")
    args = p.parse_args(argv)
    import tempfile
    args.local_dir = args.local_dir or tempfile.mkdtemp(prefix="bench-s3-")
    rows = []
    for label in args.stores.split(","):
        if label == "s3":
            import boto3
            from tests.servers import MotoServer, apply_env, restore_env
            server = MotoServer()
            old = apply_env(server.env())
            try:
                boto3.client("s3").create_bucket(Bucket="bench-shuffle")
                rows.append(run_once("s3", {"spark.shuffle.s3.enabled": "true",
                                            "spark.shuffle.s3.bucket": "s3://bench-shuffle"}, args))
                left = boto3.client("s3").list_objects_v2(Bucket="bench-shuffle").get("KeyCount", 0)
                rows[-1]["objects_left_after_stop"] = left
            finally:
                restore_env(old)
                server.stop()
        elif label == "local":
            rows.append(run_once("local", {}, args))
        else:
            raise SystemExit(f"unknown store {label!r}; use s3 or local")
    print(table(rows))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = os.path.join(ROOT, "bench", "results", f"s3_shuffle-{stamp}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"args": {k: v for k, v in vars(args).items() if k != "local_dir"}, "runs": rows}, f, indent=2)
    print(f"\nwrote {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
