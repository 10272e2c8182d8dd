"""What announcing a DataFrame action as a SQL execution costs the driver, per action.

    python bench/sql_plan_overhead.py [--scale 0.01] [--repeat 5]

For each TPC-H query (``tests/sql/tpch``) over tpchgen-cli's Parquet files, measures on this
machine the driver's time to build and print the physical plan (``spark_plan``), the formatted
text and node tree the ``sql_execution_start`` event carries, and to declare its metrics — the
work every DataFrame action now does before its jobs — next to the time of the whole action
(``collect()``) on local[2]; then, for the queries named by ``--scan-queries``, the median
time of the action with its file scans counted (``sql_metrics.ScanCounter``, on in every
announced action) and without, the two taking turns. Prints tables and writes
bench/results/sql_plan_overhead.json.
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

from tests.sql.conftest import TPCH_TABLES, tpch_dir  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", default="0.01")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scan-queries", default="q01,q06,q12,q14")
    args = ap.parse_args()
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.spark_plan import physical_plan
    from spark_lambda.sql.explain import formatted
    from spark_lambda.sql.sql_execution import plan_info
    from spark_lambda.sql.sql_metrics import declare
    data = tpch_dir(args.scale)
    sc = SparkContext("local[2]", "sql-plan-overhead", conf=SparkConf(loadDefaults=False))
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "4"})
    for t in TPCH_TABLES:
        spark.read.parquet(str(data / f"{t}.parquet")).createOrReplaceTempView(t)
    rows = []
    for q in sorted((ROOT / "tests" / "sql" / "tpch").glob("q*.sql")):
        df = spark.sql(q.read_text())
        optimized = optimize(spark._use_cache(df._plan))
        plan_ms = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            root = physical_plan(spark, optimized, {})
            declare(root)
            formatted(root), plan_info(root)
            plan_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        df.collect()
        action_ms = (time.perf_counter() - t0) * 1000
        rows.append({"query": q.stem, "plan_ms": statistics.median(plan_ms),
                     "action_ms": action_ms,
                     "share": statistics.median(plan_ms) / action_ms})
    scans = _scan_counting(spark, args.scan_queries.split(","), args.repeat)
    sc.stop()
    print(f"{'query':6} {'plan ms':>9} {'action ms':>10} {'share':>7}")
    for r in rows:
        print(f"{r['query']:6} {r['plan_ms']:9.2f} {r['action_ms']:10.1f} {r['share']:7.2%}")
    total_plan = sum(r["plan_ms"] for r in rows)
    total_action = sum(r["action_ms"] for r in rows)
    print(f"{'all':6} {total_plan:9.2f} {total_action:10.1f} {total_plan / total_action:7.2%}")
    print(f"\n{'query':6} {'counted ms':>11} {'uncounted ms':>13} {'ratio':>7}")
    for r in scans:
        print(f"{r['query']:6} {r['counted_ms']:11.1f} {r['uncounted_ms']:13.1f} "
              f"{r['counted_ms'] / r['uncounted_ms']:7.3f}")
    out = ROOT / "bench" / "results" / "sql_plan_overhead.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"scale": args.scale, "repeat": args.repeat,
                               "machine": {"cpus": os.cpu_count(),
                                           "python": platform.python_version()},
                               "queries": rows, "scan_counting": scans}, indent=1) + "\n")


def _scan_counting(spark, queries: list, repeat: int) -> list:
    from spark_lambda.sql import sql_execution
    counting = sql_execution.sql_execution.instrument
    out = []
    for q in queries:
        text = (ROOT / "tests" / "sql" / "tpch" / f"{q}.sql").read_text()
        times: dict = {"counted": [], "uncounted": []}
        for _ in range(repeat):
            for mode in times:
                sql_execution.sql_execution.instrument = counting if mode == "counted" else \
                    (lambda self, planner: planner)
                t0 = time.perf_counter()
                spark.sql(text).collect()
                times[mode].append((time.perf_counter() - t0) * 1000)
        sql_execution.sql_execution.instrument = counting
        out.append({"query": q, "counted_ms": statistics.median(times["counted"]),
                    "uncounted_ms": statistics.median(times["uncounted"])})
    return out


if __name__ == "__main__":
    main()
