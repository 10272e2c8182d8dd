"""The SQL our planner writes for a one-task TPC-H query, against DuckDB's own text.

    python bench/tpch_expr_gap.py [--scale 1] [--queries 1,6,14] [--repeat 5] [--show]

For each query (run as one task: at SF 1 every TPC-H query is) the planner's final task is
captured instead of run: its SQL and its inputs' views (the Parquet files DuckDB reads in
place). Both texts then run in this process on one DuckDB connection of 2 threads, the
task's SQL over the task's views, the query's own text over views named as TPC-H's tables
on the same files: the fastest of ``--repeat`` runs each after one warm-up run, so what is
left between them is what the SQL we write costs (casts to Spark's types, ANSI checks,
decimal widths), not the engine around it. ``--show`` prints each task's SQL.
JSON: ``results/tpch_expr_gap.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from tpch_data import query_names, query_text, table_paths  # noqa: E402
from tpch_systems import WORKERS, _spark_lambda_start  # noqa: E402

from spark_lambda.sql.execution import planner as planner_module  # noqa: E402


class CaptureTask(planner_module.FragmentTask):
    """A task that returns its SQL and its inputs (views' SQL or Arrow IPC) instead of
    running the SQL."""

    def __call__(self, index, records):
        from spark_lambda.sql.execution.arrow_io import as_table, to_ipc
        views: dict = {}
        for name, data in records:
            view = getattr(data, "view_sql", None)
            views.setdefault(name, []).append(view() if view else to_ipc(as_table(data)))
        yield ("task", {"sql": self.sql, "inputs": views, "threads": self.threads})


def capture(spark, query: str) -> dict:
    """The one task of ``query``: its SQL and inputs."""
    from spark_lambda.sql.catalyst.optimizer import optimize
    planner_module.FragmentTask = CaptureTask
    try:
        df = spark.sql(query_text(query))
        rdd = spark._planner().result_rdd(optimize(spark._use_cache(df._plan)))
        out = rdd.collect()
    finally:
        planner_module.FragmentTask = CaptureTask.__mro__[1]
    if len(out) != 1:
        raise SystemExit(f"{query} does not run as one task ({len(out)} tasks): raise "
                         "spark.sql.adaptive.singleTask.maxInputBytes or lower --scale")
    return out[0][1]


def best_of(con, sql: str, repeat: int) -> tuple:
    """(fastest seconds of ``repeat`` runs after one warm-up, rows)."""
    rows = con.sql(sql).to_arrow_table().num_rows
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        con.sql(sql).to_arrow_table()
        best = min(best, time.perf_counter() - t)
    return best, rows


def task_connection(task: dict):
    """A DuckDB connection with the task's inputs as views and its functions registered."""
    import duckdb
    import pyarrow as pa
    from spark_lambda.sql.execution.arrow_io import from_ipc
    from spark_lambda.sql.execution.function_udfs import register_functions
    con = duckdb.connect(config={"threads": WORKERS})
    register_functions(con, task["sql"])
    for name, items in task["inputs"].items():
        if all(isinstance(i, str) for i in items):
            con.execute(f'CREATE TEMP VIEW "{name}" AS ' + " UNION ALL ".join(items))
        else:
            con.register(name, pa.concat_tables([from_ipc(i) for i in items]))
    return con


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="1")
    p.add_argument("--queries", default="")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--show", action="store_true")
    a = p.parse_args()
    import duckdb
    names = [f"q{int(q):02d}" for q in a.queries.split(",") if q] or query_names()
    paths = table_paths(a.scale)
    spark = _spark_lambda_start(paths, {})
    duck = duckdb.connect(config={"threads": WORKERS})
    for t, path in paths.items():
        duck.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{path}')")
    results = {}
    print(f"SF {a.scale}, {WORKERS} DuckDB threads, fastest of {a.repeat} (seconds)")
    print(f"{'query':6s} {'ours':>8s} {'duckdb':>8s} {'ratio':>7s} {'rows':>6s}")
    for q in names:
        task = capture(spark, q)
        if a.show:
            print(task["sql"])
        con = task_connection(task)
        ours, n_ours = best_of(con, task["sql"], a.repeat)
        con.close()
        theirs, n_theirs = best_of(duck, query_text(q), a.repeat)
        if n_ours != n_theirs:
            raise SystemExit(f"{q}: {n_ours} rows from our SQL, {n_theirs} from DuckDB's")
        results[q] = {"ours": ours, "duckdb": theirs, "rows": n_ours}
        print(f"{q:6s} {ours:8.3f} {theirs:8.3f} {ours / theirs:7.2f} {n_ours:6d}", flush=True)
    tot_o = sum(r["ours"] for r in results.values())
    tot_d = sum(r["duckdb"] for r in results.values())
    print(f"{'total':6s} {tot_o:8.3f} {tot_d:8.3f} {tot_o / tot_d:7.2f}")
    spark.stop()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "tpch_expr_gap.json"), "w") as f:
        json.dump({"scale": a.scale, "repeat": a.repeat, "threads": WORKERS,
                   "queries": results}, f, indent=1)


if __name__ == "__main__":
    main()
