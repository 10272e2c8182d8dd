"""The CPU a task spends in the S3 client per request: ranged GETs and PUTs through the engine's store.

    python bench/s3_client_cpu.py [--requests 2000] [--bytes 360,65536,1048576] [--threads 1,16]

Against moto's S3 server on 127.0.0.1 (started here), this process GETs byte ranges of one
object through ``storage.open_root`` (the store every task uses: boto3 with the engine's
client settings) from ``--threads`` threads at once, and PUTs small objects, and prints this
process's CPU time (user + system, ``time.process_time``) per request: the client's share
only, since moto's CPU is its own process's. ``spark-lambda plan`` takes a task's CPU per
request from here (``client_ms_per_request`` in ``planning/aws.py``). Writes
``bench/results/s3_client_cpu.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.servers import MotoServer, apply_env  # noqa: E402

BUCKET = "client-cpu"


def measure(store, key: str, size: int, requests: int, threads: int) -> dict:
    """CPU and wall time of ``requests`` ranged GETs of ``size`` bytes from ``threads`` threads."""
    def one(i):
        start = (i * size) % max(1, (8 << 20) - size)
        return len(store.get(key, start, start + size))
    cpu, wall = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        got = sum(pool.map(one, range(requests)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert got == requests * size
    return {"kind": "GET", "bytes": size, "threads": threads, "requests": requests,
            "cpu_ms_per_request": round(cpu * 1000 / requests, 3), "wall_ms_per_request": round(wall * 1000 / requests, 3)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--bytes", default="360,65536,1048576")
    p.add_argument("--threads", default="1,16")
    a = p.parse_args()
    moto = MotoServer()
    apply_env(moto.env())
    rows = []
    try:
        import boto3
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        from spark_lambda.storage import open_root
        store = open_root(f"s3://{BUCKET}/")
        store.put("object", os.urandom(8 << 20))
        store.get("object", 0, 10)   # the client is made and connected before the clock starts
        for threads in [int(x) for x in a.threads.split(",")]:
            for size in [int(x) for x in a.bytes.split(",")]:
                rows.append(measure(store, "object", size, a.requests, threads))
        cpu = time.process_time()
        n = max(1, a.requests // 4)
        for i in range(n):
            store.put(f"small/{i}", b"x" * 360)
        rows.append({"kind": "PUT", "bytes": 360, "threads": 1, "requests": n,
                     "cpu_ms_per_request": round((time.process_time() - cpu) * 1000 / n, 3), "wall_ms_per_request": None})
    finally:
        moto.stop()
    print(f"{'kind':5} {'bytes':>9} {'threads':>7} {'requests':>8} {'client CPU ms':>13} {'wall ms':>8}")
    for r in rows:
        print(f"{r['kind']:5} {r['bytes']:>9,} {r['threads']:>7} {r['requests']:>8} {r['cpu_ms_per_request']:>13.3f} "
              f"{r['wall_ms_per_request'] if r['wall_ms_per_request'] is not None else '':>8}")
    out = os.path.join(ROOT, "bench", "results", "s3_client_cpu.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"cpus": os.cpu_count(), "rows": rows}, f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
