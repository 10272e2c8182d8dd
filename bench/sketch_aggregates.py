"""What the sketch aggregates cost, next to the exact aggregates they stand in for.

    python bench/sketch_aggregates.py [--rows 1000000] [--partitions 4] [--repeat 3] [--pyspark]

Over ``spark.range(rows)`` (ids modulo 100 000: that many distinct values) on local[2], times
(median of ``--repeat``) a global ``agg`` of each: ``count(DISTINCT)``, ``hll_sketch_agg``,
``theta_sketch_agg``, ``kll_sketch_agg_bigint`` (a median), ``bitmap_construct_agg`` and
``count_min_sketch``, each read back by its estimate. With ``--pyspark`` the same queries run
on PySpark (local[2]) too. Prints a table and writes bench/results/sketch_aggregates.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sql_local import add_size_args, on_local_session  # noqa: E402

QUERIES = {
    "count(DISTINCT v)": lambda F: F.count_distinct("v"),
    "hll_sketch_estimate(hll_sketch_agg(v))":
        lambda F: F.hll_sketch_estimate(F.hll_sketch_agg("v")),
    "theta_sketch_estimate(theta_sketch_agg(v))":
        lambda F: F.theta_sketch_estimate(F.theta_sketch_agg("v")),
    "kll median of v": lambda F: F.kll_sketch_get_quantile_bigint(
        F.kll_sketch_agg_bigint("v"), F.lit(0.5)),
    "bitmap_count(bitmap_construct_agg(bit_position(v)))": lambda F: F.bitmap_count(
        F.bitmap_construct_agg(F.bitmap_bit_position("v"))),
    "length(hex(count_min_sketch(v, 0.01, 0.99, 1)))": lambda F: F.length(
        F.hex(F.count_min_sketch("v", 0.01, 0.99, 1))),
}


def run(spark, F, rows: int, parts: int, repeat: int) -> dict:
    """Median seconds and result of each query."""
    df = spark.range(0, rows, numPartitions=parts).selectExpr("id % 100000 AS v")
    out = {}
    for name, q in QUERIES.items():
        times, value = [], None
        for _ in range(repeat):
            t0 = time.perf_counter()
            value = df.agg(q(F).alias("x")).first()[0]
            times.append(time.perf_counter() - t0)
        out[name] = {"seconds": statistics.median(times), "value": value}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_size_args(ap)
    ap.add_argument("--pyspark", action="store_true")
    args = ap.parse_args()
    ours = on_local_session("sketch-aggregates", run, args)
    theirs = {}
    if args.pyspark:
        from pyspark.sql import SparkSession as PySession
        from pyspark.sql import functions as PF
        spark = PySession.builder.master("local[2]").getOrCreate()
        theirs = run(spark, PF, args.rows, args.partitions, args.repeat)
        spark.stop()
    print(f"{args.rows} rows, {args.partitions} partitions, median of {args.repeat}")
    print(f"{'query':55s} {'spark-lambda s':>14s} {'value':>12s} {'pyspark s':>10s} {'value':>12s}")
    for name, r in ours.items():
        p = theirs.get(name, {})
        print(f"{name:55s} {r['seconds']:14.2f} {str(r['value']):>12s} "
              f"{p.get('seconds', float('nan')):10.2f} {str(p.get('value', '')):>12s}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "sketch_aggregates.json").write_text(json.dumps(
        {"rows": args.rows, "partitions": args.partitions, "repeat": args.repeat,
         "machine": platform.machine(), "cpus": os.cpu_count(),
         "spark_lambda": ours, "pyspark": theirs}, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
