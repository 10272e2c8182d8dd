"""What the VARIANT and TIME functions cost per row, on local[2].

    python bench/variant_time.py [--rows 200000] [--repeat 3] [--pyspark]

VARIANT functions run in Python over Arrow batches inside each task's DuckDB query
(``execution/variant_ops.py``); TIME functions are DuckDB SQL. Each query aggregates to one
row (no collect cost): parse_json + to_json, parse_json + variant_get, schema_of_variant,
the DuckDB JSON extraction of the same field as a floor (``get_json_object``, plain SQL), and
time_trunc + time_to_micros. Prints the fastest of ``--repeat`` runs per query (and PySpark's
with ``--pyspark``: the same DataFrames in one JVM) and writes bench/results/variant_time.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def queries(spark, F, rows: int) -> dict:
    """Name → a zero-argument function running one query over ``rows`` rows."""
    docs = spark.range(rows, numPartitions=4).select(
        F.concat(F.lit('{"b": [1, 2.5, "x"], "a": '), F.col("id").cast("string"),
                 F.lit(', "c": {"d": null}}')).alias("j"),
        (F.col("id") % 86400).alias("s"))
    v = F.parse_json("j")
    t = (F.col("s") % 24).cast("string")
    times = docs.select(F.make_time((F.col("s") / 3600).cast("int"),
                                    (F.col("s") / 60 % 60).cast("int"),
                                    (F.col("s") % 60).cast("decimal(16,6)")).alias("t"))
    return {
        "parse_json+to_json": lambda: docs.select(F.sum(F.length(F.to_json(v)))).collect(),
        "parse_json+variant_get": lambda: docs.select(
            F.sum(F.variant_get(v, "$.a", "bigint"))).collect(),
        "schema_of_variant": lambda: docs.select(
            F.count_distinct(F.schema_of_variant(v))).collect(),
        "get_json_object (SQL floor)": lambda: docs.select(
            F.sum(F.get_json_object("j", "$.a").cast("bigint"))).collect(),
        "make_time+time_trunc+time_to_micros": lambda: times.select(
            F.sum(F.time_to_micros(F.time_trunc(F.lit("MINUTE"), "t")))).collect(),
        "cast string to time": lambda: docs.select(
            F.count(F.concat(F.lpad(t, 2, "0"), F.lit(":00:00")).cast("time"))).collect(),
    }


def fastest(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pyspark", action="store_true")
    args = ap.parse_args()
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession, functions as F
    sc = SparkContext("local[2]", "variant-time", conf=SparkConf(loadDefaults=False))
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
    ours = {name: fastest(run, args.repeat) for name, run in queries(spark, F, args.rows).items()}
    sc.stop()
    theirs = {}
    if args.pyspark:
        from pyspark.sql import SparkSession as PySession, functions as PF
        ps = (PySession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
              .config("spark.sql.timeType.enabled", "true").getOrCreate())
        theirs = {name: fastest(run, args.repeat)
                  for name, run in queries(ps, PF, args.rows).items()}
        ps.stop()
    print(f"{'query':40s} {'spark-lambda s':>15s} {'us/row':>8s} {'pyspark s':>10s}")
    for name, secs in ours.items():
        other = f"{theirs[name]:10.3f}" if name in theirs else f"{'-':>10s}"
        print(f"{name:40s} {secs:15.3f} {secs / args.rows * 1e6:8.2f} {other}")
    out = ROOT / "bench" / "results" / "variant_time.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": args.rows, "repeat": args.repeat,
                               "machine": platform.platform(), "spark_lambda_s": ours,
                               "pyspark_s": theirs}, indent=1) + "\n")


if __name__ == "__main__":
    main()
