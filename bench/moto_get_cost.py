"""What one ranged GET costs moto's S3 server, against the size of the object it reads.

    python bench/moto_get_cost.py [--sizes 1,4,8,16,24,32,64] [--gets 12] [--range-kib 64]

Starts moto's S3 server on 127.0.0.1, puts four objects of each size, and GETs ``--range-kib``
KiB ranges of them: from one client on one object, then from four clients on four objects at
once. Prints moto's CPU (its process's user + system time) and the wall time per GET. S3 serves
a byte range in a time that does not depend on the object's size; moto reads the object whole
for every ranged GET, so its cost grows with the object past some size. Runs on the emulator
whose objects are past that size measure moto, not the model (``plan_tpch.py`` keeps its
tables' files below it). Writes ``bench/results/moto_get_cost.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from procs import tree_cpu_seconds  # noqa: E402
from results_file import write_results  # noqa: E402
from tests.servers import MotoServer, apply_env  # noqa: E402

BUCKET = "moto-get-cost"


def measure(moto, mb: int, gets: int, clients: int, range_bytes: int) -> dict:
    """moto's CPU and the wall time per GET of ``gets`` ranges by each of ``clients`` clients at
    once, each on its own object of ``mb`` MB."""
    import boto3

    def client(i):
        s3 = boto3.client("s3")
        for j in range(gets):
            start = j * range_bytes
            body = s3.get_object(Bucket=BUCKET, Key=f"{mb}/{i}",
                                 Range=f"bytes={start}-{start + range_bytes - 1}")["Body"].read()
            assert len(body) == range_bytes
    cpu, wall = tree_cpu_seconds(moto.proc.pid), time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    n = gets * clients
    return {"object_mb": mb, "clients": clients, "gets": n,
            "server_cpu_ms_per_get": round((tree_cpu_seconds(moto.proc.pid) - cpu) * 1000 / n, 2),
            "wall_ms_per_get": round((time.perf_counter() - wall) * 1000 / n, 2)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1,4,8,16,24,32,64", help="object sizes in MB")
    p.add_argument("--gets", type=int, default=12, help="GETs per client and size")
    p.add_argument("--range-kib", type=int, default=64)
    a = p.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    range_bytes = a.range_kib << 10
    if a.gets * range_bytes > min(sizes) << 20:
        p.error("--gets x --range-kib must fit in the smallest object")
    moto = MotoServer()
    try:
        apply_env(moto.env())
        import boto3
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        for mb in sizes:
            for i in range(4):
                s3.put_object(Bucket=BUCKET, Key=f"{mb}/{i}", Body=os.urandom(mb << 20))
        rows = [measure(moto, mb, a.gets, clients, range_bytes) for mb in sizes for clients in (1, 4)]
    finally:
        moto.stop()
    print("object MB | clients | moto CPU ms per GET | wall ms per GET")
    for r in rows:
        print(f"{r['object_mb']} | {r['clients']} | {r['server_cpu_ms_per_get']} | {r['wall_ms_per_get']}")
    write_results("moto_get_cost", {"range_bytes": range_bytes, "rows": rows})


if __name__ == "__main__":
    main()
