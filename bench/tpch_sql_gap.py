"""The SQL a one-task TPC-H plan hands DuckDB, against DuckDB running the query's own text.

    python bench/tpch_sql_gap.py [--scale 1] [--queries 2,4,11] [--repeat 5] [--threads 2]
                                 [--show-sql QUERY] [--out results/tpch_sql_gap.json]

In one warm process: for each query, the planner's one-task fragment (the SQL of the query's
one task and the scans it reads, as ``Planner.result_rdd`` makes them), its scans' records
computed as the task would receive them (local Parquet read in place: a view over the file),
and then, on one DuckDB database with the task's settings (``threads``, the worker's memory
limit), the best of ``--repeat`` runs (after one unmeasured run; the two run in turn, so
that the other work of a shared machine weighs on both alike) of

- ``ours``: the fragment's SQL over views of its inputs, as ``FragmentTask`` sets them up;
- ``duckdb``: the query text over views named for the tables, each the whole Parquet file.

The ratio is the gap due to the SQL text alone: no scheduling, workers or result transfer.
Both results are checked for the same number of rows. ``--show-sql`` prints one query's
fragment SQL and exits. JSON: ``--out`` (default ``results/tpch_sql_gap.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from tpch_data import query_names, query_text, table_paths  # noqa: E402
from tpch_systems import _spark_lambda_start  # noqa: E402


def one_task_fragment(spark, text: str):
    """``(sql, {input name: records})`` of the query's one task (its inputs' records
    computed by jobs of their own, as the task would read them)."""
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.one_task import one_task_input
    from spark_lambda.sql.execution.reuse import Reuse
    plan = optimize(spark._use_cache(spark.sql(text)._plan))
    planner = spark._planner()
    planner.one_task_bytes = one_task_input(spark, plan)
    if planner.one_task_bytes is None:
        raise SystemExit("the query does not run as one task: raise "
                         "spark.sql.adaptive.singleTask.maxInputBytes")
    planner.one_task, planner.reuse = True, Reuse(plan)
    frag = planner.task_fragment(planner.fragment(plan))
    return frag.sql, {n: r.collect() for n, r in frag.inputs.items()}


def _views(con, inputs: dict) -> None:
    """The task's views and tables of its inputs (as ``FragmentTask`` registers them)."""
    import pyarrow as pa
    from spark_lambda.sql.execution.arrow_io import as_table
    for name, records in inputs.items():
        items = [d for _, d in records]
        views = [getattr(d, "view_sql", None) for d in items]
        if items and all(views):
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS ' +
                        " UNION ALL ".join(v() for v in views))
        else:
            tables = [as_table(d) for d in items]
            con.register(name, pa.concat_tables(tables) if len(tables) > 1 else tables[0])


def _timed(runs: list, repeat: int) -> list:
    """``(best seconds, rows)`` of each ``(connection, sql)`` in ``runs``: one unmeasured run
    each, then ``repeat`` rounds running each in turn (so that a busy moment of the machine
    falls on both)."""
    for con, sql in runs:
        con.sql(sql).to_arrow_table()
    best, rows = [float("inf")] * len(runs), [0] * len(runs)
    for _ in range(repeat):
        for i, (con, sql) in enumerate(runs):
            t = time.perf_counter()
            rows[i] = con.sql(sql).to_arrow_table().num_rows
            best[i] = min(best[i], time.perf_counter() - t)
    return list(zip(best, rows))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="1")
    p.add_argument("--queries", default="")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--show-sql", default="")
    p.add_argument("--out", default=os.path.join(HERE, "results", "tpch_sql_gap.json"))
    a = p.parse_args()
    import duckdb
    from spark_lambda.sql.execution.resources import duckdb_config
    paths = table_paths(a.scale)
    spark = _spark_lambda_start(paths, {})
    if a.show_sql:
        print(one_task_fragment(spark, query_text(a.show_sql))[0])
        spark.stop()
        return
    queries = [f"q{int(q):02d}" for q in a.queries.split(",") if q] or query_names()
    db = duckdb.connect(config=duckdb_config(a.threads, 512 << 20, None))
    from spark_lambda.sql.execution.function_udfs import register_functions
    for t, path in paths.items():
        db.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{path}')")
    results, done = {}, set()
    print(f"SF {a.scale}, {a.threads} DuckDB threads, best of {a.repeat} warm runs (s)")
    print(f"{'query':6s} {'ours':>8s} {'duckdb':>8s} {'ratio':>7s}")
    for q in queries:
        sql, inputs = one_task_fragment(spark, query_text(q))
        con = db.cursor()
        register_functions(db, sql, done)
        _views(con, inputs)
        (ours, rows), (theirs, want) = _timed([(con, sql), (db.cursor(), query_text(q))],
                                              a.repeat)
        con.close()
        if rows != want:
            raise SystemExit(f"{q}: {rows} rows from our SQL, {want} from DuckDB's")
        results[q] = {"ours": ours, "duckdb": theirs, "ratio": ours / theirs}
        print(f"{q:6s} {ours:8.3f} {theirs:8.3f} {ours / theirs:7.2f}", flush=True)
    tot_o = sum(r["ours"] for r in results.values())
    tot_d = sum(r["duckdb"] for r in results.values())
    geo = statistics.geometric_mean([r["ratio"] for r in results.values()])
    print(f"{'total':6s} {tot_o:8.3f} {tot_d:8.3f} {tot_o / tot_d:7.2f}   geomean ratio {geo:.2f}")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"scale": a.scale, "threads": a.threads, "repeat": a.repeat,
                   "queries": results}, f, indent=1)
    spark.stop()


if __name__ == "__main__":
    main()
