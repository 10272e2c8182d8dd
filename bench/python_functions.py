"""What the functions computed in Python inside a task cost per row, next to a DuckDB-native
function over the same rows.

    python bench/python_functions.py [--rows 1000000] [--repeat 2]

Over ``spark.range(rows)`` in two partitions on local[2], times ``sum`` of each expression
(best of ``--repeat``): the seeded random functions (Spark's generators, a batch of rows at
a time), XPath, URL parts, ``to_char`` and ``hmac`` (one Python call per row), and ``abs``
(DuckDB) as the floor. Prints a table and writes bench/results/python_functions.json.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession, functions as F
    sc = SparkContext("local[2]", "python-functions", conf=SparkConf(loadDefaults=False))
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "2"})
    df = spark.range(0, args.rows, 1, 2)
    text = F.col("id").cast("string")
    cases = [
        ("abs (DuckDB)", F.abs("id")),
        ("rand(42)", F.rand(42)),
        ("randn(42)", F.randn(42)),
        ("uniform(0, 10, 3)", F.uniform(0, 10, 3)),
        ("xpath_int", F.xpath_int(F.concat(F.lit("<a>"), text, F.lit("</a>")), F.lit("a"))),
        ("parse_url HOST", F.length(F.parse_url(F.concat(F.lit("http://h"), text, F.lit("/p")),
                                                F.lit("HOST")))),
        ("to_char", F.length(F.to_char("id", F.lit("9999999")))),
        ("hmac", F.length(F.hmac(text, F.lit("k")))),
    ]
    df.select(F.sum("id")).collect()   # workers started
    rows = []
    for label, expr in cases:
        best = min(_timed(lambda: df.select(F.sum(expr)).collect()) for _ in range(args.repeat))
        rows.append({"function": label, "seconds": round(best, 3),
                     "us_per_row": round(best / args.rows * 1e6, 2)})
    sc.stop()
    print(f"{'function':20s} {'seconds':>8s} {'µs/row':>8s}   ({args.rows:,} rows, local[2])")
    for r in rows:
        print(f"{r['function']:20s} {r['seconds']:8.2f} {r['us_per_row']:8.2f}")
    out = ROOT / "bench" / "results" / "python_functions.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": args.rows, "machine": platform.machine(),
                               "cpus": __import__("os").cpu_count(), "results": rows},
                              indent=1) + "\n")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
