"""Benchmark: the shuffle kinds (direct, combining, two-level) on S3 (moto's server on 127.0.0.1).

    python bench/shuffle_kinds.py [--sizes 64,128,256] [--kinds direct,combining,two-level]
                                  [--records-per-block 4] [--master local[2]] [--hedge]

For each M = R in ``--sizes`` and each kind (``spark.shuffle.s3.kind``), M map
tasks each write about ``--records-per-block`` small records to every one
of R reducers (tiny blocks: the regime where the direct shuffle's M x R GETs
cost most), ``partitionBy(R)`` routes them and each reducer counts what it
got (checked against what was written), after one small warm-up job. Prints a table of job time and the
executors' requests (all, and the reducers' GETs alone), from the per-stage
metrics, and writes ``bench/results/shuffle_kinds-<time>.json``. moto is a
single local process: its per-request time is not S3's (about 27 ms median
first byte), so the request counts carry over to AWS, the times do not.
Hedged GETs are off unless ``--hedge`` (moto under load on a small machine
is slow enough to be hedged often, which would blur the counts); the
``hedged`` column counts the second requests sent.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def run_once(kind: str, n: int, per_block: int, master: str, bucket: str, local_dir: str,
             hedge: bool = False) -> dict:
    from spark_lambda import SparkConf, SparkContext
    conf = (SparkConf(loadDefaults=False).set("spark.local.dir", local_dir)
            .set("spark.shuffle.s3.enabled", "true").set("spark.shuffle.s3.bucket", f"s3://{bucket}/{kind}-{n}")
            .set("spark.shuffle.s3.kind", kind).set("spark.shuffle.s3.hedge.enabled", str(hedge).lower()))
    sc = SparkContext(master, f"bench-{kind}-{n}", conf=conf)
    per_map = per_block * n
    hedges = []
    sc.add_listener(lambda event, f: hedges.append((f.get("metrics") or {}).get("hedged_gets", 0))
                    if event == "task_end" else None)
    try:
        started = time.perf_counter()
        shuffled = sc.parallelize(range(n), n).flatMap(lambda m: ((m * per_map + i, m) for i in range(per_map))) \
            .partitionBy(n)
        counts = shuffled.mapPartitions(lambda it: [sum(1 for _ in it)]).collect()
        elapsed = time.perf_counter() - started
        ex = shuffled.dep.exchange
    finally:
        sc.stop()
    if sum(counts) != n * per_map:
        raise SystemExit(f"{kind} {n}: reducers saw {sum(counts)} records, expected {n * per_map}")
    stages = sorted(sc.stage_metrics.stages.items())
    reducer = stages[-1][1]["requests"]
    hedged = sum(hedges)
    total = sc.stage_metrics.requests()
    return {"kind": kind, "maps": n, "reducers": n, "records": n * per_map, "seconds": round(elapsed, 2),
            "combiners": ex.combiners if ex else 0,
            "maps_per_combiner": ex.maps_per_combiner if ex else 0,
            "reducers_per_combiner": ex.reducers_per_combiner if ex else 0,
            "gets": total.get("GET", 0), "puts": total.get("PUT", 0), "reducer_gets": reducer.get("GET", 0),
            "hedged": hedged,
            "get_mib": round(total.get("GET_bytes", 0) / 2**20, 2),
            "stages": [{"tasks": s["tasks"], "requests": {k: v for k, v in s["requests"].items()
                                                          if not k.endswith("_bytes")}} for _, s in stages]}


def table(rows: list[dict]) -> str:
    head = (f"{'kind':<10} {'M x R':>9} {'combiners':>9} {'p x f':>9} {'time s':>7} {'GET':>7} "
            f"{'reducer GET':>11} {'PUT':>5} {'hedged':>6} {'MiB read':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        pf = f"{r['maps_per_combiner']} x {r['reducers_per_combiner']}" if r["combiners"] else "-"
        lines.append(f"{r['kind']:<10} {r['maps']:>4} x {r['reducers']:<4} {r['combiners']:>9} {pf:>9} "
                     f"{r['seconds']:>7} {r['gets']:>7} {r['reducer_gets']:>11} {r['puts']:>5} {r['hedged']:>6} "
                     f"{r['get_mib']:>8}")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="64,128,256", help="M = R values (default 64,128,256)")
    p.add_argument("--kinds", default="direct,combining,two-level")
    p.add_argument("--records-per-block", type=int, default=4)
    p.add_argument("--master", default="local[2]")
    p.add_argument("--hedge", action="store_true", help="leave hedged GETs on (spark.shuffle.s3.hedge.enabled)")
    args = p.parse_args(argv)
    import boto3
    from tests.servers import MotoServer, apply_env, restore_env
    server = MotoServer()
    old = apply_env(server.env())
    local_dir = tempfile.mkdtemp(prefix="bench-kinds-")
    rows = []
    try:
        boto3.client("s3").create_bucket(Bucket="bench-kinds")
        run_once("direct", 4, 1, args.master, "bench-kinds", local_dir)   # warm-up: imports, moto's first requests
        for n in (int(x) for x in args.sizes.split(",")):
            for kind in args.kinds.split(","):
                rows.append(run_once(kind, n, args.records_per_block, args.master, "bench-kinds", local_dir,
                                     args.hedge))
                print(table(rows[-1:]).splitlines()[-1], flush=True)
    finally:
        restore_env(old)
        server.stop()
    print()
    print(table(rows))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = os.path.join(ROOT, "bench", "results", f"shuffle_kinds-{stamp}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"args": vars(args), "cpus": os.cpu_count(), "runs": rows}, f, indent=2)
    print(f"\nwrote {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
