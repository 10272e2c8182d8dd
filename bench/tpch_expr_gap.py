"""The SQL our planner writes for a one-task TPC-H query, against DuckDB's own text.

    python bench/tpch_expr_gap.py [--scale 1] [--queries 1,6,14] [--repeat 5] [--show]

For each query (run as one task: at SF 1 every TPC-H query is) the planner's final task is
captured instead of run: its SQL and its inputs' views (the Parquet files DuckDB reads in
place). Both texts then run in this process on one DuckDB connection of 2 threads, the
task's SQL over the task's views, the query's own text over views named as TPC-H's tables
on the same files, taking turns: the fastest of ``--repeat`` runs each after one warm-up run
(and the least CPU time of this process, steadier on a shared machine), so what is
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
    import cloudpickle
    from spark_lambda.sql.catalyst.optimizer import optimize
    cloudpickle.register_pickle_by_value(sys.modules[__name__])   # workers cannot import it
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


def best_of(runs: list, repeat: int) -> list:
    """For each ``(connection, sql)``: (fastest wall seconds, least CPU seconds of this
    process's threads, rows), of ``repeat`` runs after one warm-up, taking turns."""
    out = [[float("inf"), float("inf"), con.sql(sql).to_arrow_table().num_rows]
           for con, sql in runs]
    for _ in range(repeat):
        for (con, sql), best in zip(runs, out):
            t, c = time.perf_counter(), time.process_time()
            con.sql(sql).to_arrow_table()
            best[0] = min(best[0], time.perf_counter() - t)
            best[1] = min(best[1], time.process_time() - c)
    return out


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


KEYS = ("ours", "duckdb", "ours_cpu", "duckdb_cpu")


def _line(q: str, r: dict) -> str:
    return (f"{q:6s} {r['ours']:8.3f} {r['duckdb']:8.3f} {r['ours'] / r['duckdb']:7.2f} "
            f"{r['ours_cpu']:9.3f} {r['duckdb_cpu']:9.3f} "
            f"{r['ours_cpu'] / r['duckdb_cpu']:7.2f} {r.get('rows', ''):>6}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="1")
    p.add_argument("--queries", default="")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--show", action="store_true")
    p.add_argument("--out", default="tpch_expr_gap.json", help="file name in results/")
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
    print(f"{'query':6s} {'ours':>8s} {'duckdb':>8s} {'ratio':>7s} {'ours cpu':>9s} "
          f"{'duck cpu':>9s} {'ratio':>7s} {'rows':>6s}")
    for q in names:
        task = capture(spark, q)
        if a.show:
            print(task["sql"])
        con = task_connection(task)
        (ours, ours_cpu, n_ours), (theirs, theirs_cpu, n_theirs) = best_of(
            [(con, task["sql"]), (duck, query_text(q))], a.repeat)
        con.close()
        if n_ours != n_theirs:
            raise SystemExit(f"{q}: {n_ours} rows from our SQL, {n_theirs} from DuckDB's")
        results[q] = {"ours": ours, "duckdb": theirs, "ours_cpu": ours_cpu,
                      "duckdb_cpu": theirs_cpu, "rows": n_ours}
        print(_line(q, results[q]), flush=True)
    print(_line("total", {k: sum(r[k] for r in results.values()) for k in KEYS}))
    spark.stop()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", a.out), "w") as f:
        json.dump({"scale": a.scale, "repeat": a.repeat, "threads": WORKERS,
                   "queries": results}, f, indent=1)


if __name__ == "__main__":
    main()
