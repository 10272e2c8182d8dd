"""Where one TPC-H query's time goes on spark-lambda, in this process.

    python bench/tpch_profile.py QUERY [--scale 0.1] [--conf KEY=VALUE ...] [--cprofile N]
                                 [--form sql|df]

Splits the query's wall time on the driver into parsing and analysis (``spark.sql``),
optimising and physical planning (fragment SQL, plus the jobs planning itself runs:
broadcast tables and scalar subqueries), and the final job; counts jobs, stages and tasks
from the scheduler's events with the tasks' summed wall and CPU time and shuffle bytes
written, stage by stage. With ``--cprofile N`` the whole query runs again under cProfile and
the driver's top N functions by cumulative time are printed.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tpch_data import query_text, table_paths  # noqa: E402
from tpch_systems import _spark_lambda_start  # noqa: E402


class Events:
    """Stages and task metrics from the scheduler's events."""

    def __init__(self):
        self.stages = {}
        self.tasks = collections.defaultdict(list)
        self.jobs = 0

    def __call__(self, ev, f):
        if ev == "stage_submitted":
            self.stages[f["stage"]] = (f["kind"], f["tasks"], f.get("name", ""))
        elif ev == "task_end":
            self.tasks[f["stage"]].append(f["metrics"])
        elif ev == "job_end":
            self.jobs += 1

    def report(self):
        tot_n = tot_wall = tot_cpu = 0
        for sid, (kind, n, name) in sorted(self.stages.items()):
            ms = self.tasks[sid]
            wall = sum(m.get("duration_ms", 0) for m in ms) / 1000
            cpu = sum(m.get("cpu_ms", 0) for m in ms) / 1000
            written = sum(m.get("bytes_written", 0) for m in ms) / 2**20
            tot_n, tot_wall, tot_cpu = tot_n + n, tot_wall + wall, tot_cpu + cpu
            print(f"  stage {sid:3d} {kind:6s} {n:4d} tasks  wall {wall:7.2f} s  cpu {cpu:7.2f} s"
                  f"  written {written:8.2f} MiB  {name[:60]}")
        print(f"  {self.jobs} jobs, {len(self.stages)} stages, {tot_n} tasks; tasks' wall "
              f"{tot_wall:.2f} s, CPU {tot_cpu:.2f} s")


def timed_query(spark, build):
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.engine_bridge import run_partitions
    t0 = time.perf_counter()
    df = build()
    t1 = time.perf_counter()
    planner = spark._planner()
    rdd = planner.result_rdd(optimize(spark._use_cache(df._plan)))
    t2 = time.perf_counter()
    records = run_partitions(spark.sparkContext, rdd)
    t3 = time.perf_counter()
    from spark_lambda.sql.execution.arrow_io import from_ipc
    rows = sum(from_ipc(ipc).num_rows for _, ipc in records)
    t4 = time.perf_counter()
    print(f"  parse+analyze {t1 - t0:.3f} s   optimize+plan (with its jobs) {t2 - t1:.3f} s   "
          f"final job {t3 - t2:.3f} s   decode {t4 - t3:.3f} s   ({rows} rows)")
    return t4 - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("query")
    p.add_argument("--scale", default="0.1")
    p.add_argument("--conf", action="append", default=[])
    p.add_argument("--cprofile", type=int, default=0)
    p.add_argument("--form", choices=["sql", "df"], default="sql")
    a = p.parse_args()
    q = a.query if a.query.startswith("q") else f"q{int(a.query):02d}"
    t = time.perf_counter()
    spark = _spark_lambda_start(table_paths(a.scale), dict(kv.split("=", 1) for kv in a.conf))
    print(f"{q} SF {a.scale} {' '.join(a.conf)}: context start {time.perf_counter() - t:.2f} s")
    if a.form == "sql":
        def build():
            return spark.sql(query_text(q))
    else:
        from tpch_df import QUERIES

        def build():
            return QUERIES[q](spark)
    events = Events()
    spark.sparkContext.add_listener(events)
    total = timed_query(spark, build)
    print(f"  total {total:.3f} s")
    events.report()
    if a.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        build().collect()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(a.cprofile)
        print(out.getvalue())
    spark.stop()


if __name__ == "__main__":
    main()
