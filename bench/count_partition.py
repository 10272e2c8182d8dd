"""What counting one partition's elements costs, per element: the ways of counting in Python.

    python bench/count_partition.py [--elements 1000000] [--repeat 7]

``RDD.count`` runs one counting function per partition (``rdd/actions._count``). Times, best
and median of ``--repeat`` runs (the candidates interleaved, so load on the machine touches
each alike), over a list's iterator and over a generator: a Python ``for`` loop adding one,
``deque(enumerate(it, 1), maxlen=1)`` and the project's ``_count``,
``deque(zip(it, count()), maxlen=0)`` (both iterate in C). Prints a table and writes
bench/results/count_partition.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def loop(it) -> int:
    n = 0
    for _ in it:
        n += 1
    return n


def enumerate_last(it) -> int:
    last = deque(enumerate(it, 1), maxlen=1)
    return last[0][0] if last else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--elements", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from spark_lambda.rdd.actions import _count
    data = list(range(args.elements))
    sources = {"list iterator": lambda: iter(data), "generator": lambda: (x for x in data)}
    candidates = {"for loop": loop, "deque(enumerate)": enumerate_last, "_count: deque(zip)": _count}
    times: dict = {(s, c): [] for s in sources for c in candidates}
    for _ in range(args.repeat):
        for s, make in sources.items():
            for c, fn in candidates.items():
                it = make()
                t0 = time.perf_counter()
                n = fn(it)
                times[s, c].append(time.perf_counter() - t0)
                assert n == args.elements, (c, n)
    rows = [{"source": s, "count": c, "best_ns_per_element": round(min(v) / args.elements * 1e9, 2),
             "median_ns_per_element": round(statistics.median(v) / args.elements * 1e9, 2)}
            for (s, c), v in times.items()]
    print(f"{'source':14s} {'count':20s} {'best ns/el':>10s} {'median':>8s}   "
          f"({args.elements:,} elements, best of {args.repeat}, Python {platform.python_version()})")
    for r in rows:
        print(f"{r['source']:14s} {r['count']:20s} {r['best_ns_per_element']:10.2f} "
              f"{r['median_ns_per_element']:8.2f}")
    out = ROOT / "bench" / "results" / "count_partition.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"elements": args.elements, "repeat": args.repeat, "python": platform.python_version(),
                               "cpus": os.cpu_count(), "load": os.getloadavg()[0], "results": rows},
                              indent=1) + "\n")


if __name__ == "__main__":
    main()
