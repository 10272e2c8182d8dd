"""Planning time of a union of n aggregates joined to its own aggregate, by n.

    python bench/union_self_join_planning.py [--sizes 8,12,16,20,24,40,80,160] [--run]

For each n, builds ``u = parts[0].union(parts[1])...`` of n ``groupBy("k").agg(sum)`` frames
over one ``spark.range(100)`` and ``q = u.join(u.groupBy("k").agg(max), "k")``, and measures
on the driver, separately: building the n parts and their unions (each DataFrame step is
analyzed), analyzing the join, optimizing, and physical planning (``Planner.result_rdd``,
which for a small query includes the one-task planner's search for subplans to reuse); with
``--run``, also ``q.count()``. Prints a table and writes
bench/results/union_self_join_planning.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sql.test_union_planning import (  # noqa: E402
    joined_to_own_aggregate, union_of_aggregates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8,12,16,20,24,40,80,160")
    ap.add_argument("--run", action="store_true")
    args = ap.parse_args()
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    from spark_lambda.sql.catalyst.optimizer import optimize
    sc = SparkContext("local[2]", "union-self-join-planning", conf=SparkConf(loadDefaults=False))
    spark = SparkSession(sc, {"spark.sql.shuffle.partitions": "4"})
    rows = []
    print(f"{'n':>5} {'build s':>9} {'join s':>8} {'optimize s':>11} {'physical s':>11} "
          f"{'count s':>8} {'rows':>6}")
    for n in (int(x) for x in args.sizes.split(",")):
        t0 = time.perf_counter()
        u = union_of_aggregates(spark, n)
        t1 = time.perf_counter()
        q = joined_to_own_aggregate(u)
        t2 = time.perf_counter()
        optimized = optimize(spark._use_cache(q.groupBy().count()._plan))
        t3 = time.perf_counter()
        spark._planner().result_rdd(optimized)
        t4 = time.perf_counter()
        count = q.count() if args.run else None
        t5 = time.perf_counter()
        row = {"n": n, "build_s": t1 - t0, "join_s": t2 - t1, "optimize_s": t3 - t2,
               "physical_s": t4 - t3, "count_s": (t5 - t4) if args.run else None,
               "rows": count}
        rows.append(row)
        print(f"{n:5d} {row['build_s']:9.3f} {row['join_s']:8.3f} {row['optimize_s']:11.3f} "
              f"{row['physical_s']:11.3f} "
              f"{'' if count is None else format(row['count_s'], '8.3f'):>8} "
              f"{'' if count is None else count:>6}", flush=True)
    out = ROOT / "bench" / "results" / "union_self_join_planning.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": platform.python_version(), "cpus": os.cpu_count(),
                               "load": os.getloadavg()[0], "results": rows}, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    spark.stop()


if __name__ == "__main__":
    main()
