"""Word count: spark-lambda (local[N]) next to plain Python's Counter, side by side.

    python bench/wordcount.py --mb 50 --workers 2 [--pyspark]

Prints a table and writes bench/results/wordcount.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's package
import data  # noqa: E402


def plain(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            counts.update(line.split())
    return counts


def spark_lambda_run(path, workers):
    from operator import add
    from spark_lambda import SparkContext
    with SparkContext(f"local[{workers}]", "bench-wordcount") as sc:
        return dict(sc.textFile(path).flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(add).collect())


def pyspark_run(path, workers):
    from operator import add
    from pyspark import SparkContext
    sc = SparkContext(f"local[{workers}]", "bench-wordcount")
    try:
        return dict(sc.textFile(path).flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(add).collect())
    finally:
        sc.stop()


def timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mb", type=float, default=50)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--pyspark", action="store_true")
    a = p.parse_args()
    path = data.text(os.path.join(os.path.dirname(__file__), "data", f"text-{a.mb:g}mb.txt"), a.mb)
    rows = []
    t_plain, ref = timed(plain, path)
    rows.append(("plain Python Counter (1 process)", t_plain))
    t_sl, got = timed(spark_lambda_run, path, a.workers)
    assert got == dict(ref), "spark-lambda's counts differ from Counter's"
    rows.append((f"spark-lambda local[{a.workers}]", t_sl))
    if a.pyspark:
        t_ps, got = timed(pyspark_run, path, a.workers)
        assert got == dict(ref)
        rows.append((f"PySpark local[{a.workers}]", t_ps))
    print(f"word count over {os.path.getsize(path) / 2**20:.1f} MB ({len(ref)} distinct words)")
    print(f"{'system':40s} {'seconds':>8s} {'x plain':>8s}")
    for name, t in rows:
        print(f"{name:40s} {t:8.2f} {t / t_plain:8.2f}")
    os.makedirs(os.path.join(os.path.dirname(__file__), "results"), exist_ok=True)
    with open(os.path.join(os.path.dirname(__file__), "results", "wordcount.json"), "w") as f:
        json.dump({"mb": a.mb, "workers": a.workers, "seconds": dict(rows)}, f, indent=1)


if __name__ == "__main__":
    main()
