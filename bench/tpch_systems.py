"""The systems of the TPC-H benchmark, each as ``start(paths, conf) -> handle``,
``run(handle, query) -> rows`` and ``stop(handle)``; ``tpch_run_one.py`` times them.

- ``spark-lambda``: ``local[2]``, the query text through ``spark.sql``;
- ``spark-lambda-df``: the same session, the queries written with the DataFrame API
  (``tpch_df.py``; only the queries written there);
- ``pyspark``: PySpark ``local[2]`` (a benchmark dependency only), ``spark.sql``;
- ``duckdb``: DuckDB alone in this process, 2 threads, views over the same files;
- ``polars``: Polars' lazy SQL interface over ``scan_parquet``, 2 threads.

``start`` is what is reported apart as context start (for the Spark systems the context,
the session and the views; for the others the connection and the views). ``worker_peaks``
gives spark-lambda's worker processes' peak resident memory.
"""

from __future__ import annotations

import os

WORKERS = 2


class WorkerPeaks:
    """Listener of a spark-lambda context: the highest peak resident memory (MB) each worker
    process reported in its tasks' metrics (``peak_memory_kb``, the process's so far; a
    benchmark run starts fresh workers, so this is the worker's peak over the run), its
    baseline (``memory_baseline_kb``: resident with the SQL stack loaded, recorded once) and
    the most its SQL tasks counted against DuckDB's share at their start (``memory_counted_kb``).
    A query run in the driver (``spark.lambda.sql.inDriver``) reports the driver process's peak
    and no baseline."""

    def __init__(self):
        self.mb: dict = {}
        self.base_mb: dict = {}
        self.counted_mb: dict = {}

    events = frozenset({"task_end"})   # so the context describes no SQL plans for it

    def __call__(self, event, fields):
        if event != "task_end":
            return
        metrics = fields.get("metrics") or {}
        worker = (metrics.get("executor") or {}).get("id", "?")
        for into, key in ((self.mb, "peak_memory_kb"), (self.base_mb, "memory_baseline_kb"),
                          (self.counted_mb, "memory_counted_kb")):
            if metrics.get(key):
                into[worker] = max(into.get(worker, 0.0), metrics[key] / 1024)


def worker_peaks(handle) -> list:
    """Peak resident MB of each spark-lambda worker that ran a task, highest first; [] for
    the other systems."""
    peaks = getattr(handle, "bench_worker_peaks", None)
    return sorted(peaks.mb.values(), reverse=True) if peaks is not None else []


def worker_data_memory(handle) -> dict:
    """Of the spark-lambda workers with a baseline: each one's peak less its baseline, highest
    first (``above_baseline_mb``), and the most any task counted against DuckDB's share
    (``counted_mb``); {} for the other systems."""
    peaks = getattr(handle, "bench_worker_peaks", None)
    if peaks is None or not peaks.base_mb:
        return {}
    return {"above_baseline_mb": sorted((peaks.mb.get(w, 0.0) - b for w, b in
                                         peaks.base_mb.items()), reverse=True),
            "baseline_mb": sorted(peaks.base_mb.values(), reverse=True),
            "counted_mb": max(peaks.counted_mb.values(), default=0.0)}


def _spark_lambda_start(paths, conf):
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    c = SparkConf().setMaster(f"local[{WORKERS}]").setAppName("tpch")
    sql = {}
    for k, v in conf.items():
        (sql.__setitem__(k, v) if k.startswith("spark.sql.") else c.set(k, v))
    sc = SparkContext(conf=c)
    peaks = WorkerPeaks()
    sc.add_listener(peaks)
    spark = SparkSession(sc, sql)
    spark.bench_worker_peaks = peaks
    for t, p in paths.items():
        spark.read.parquet(p).createOrReplaceTempView(t)
    return spark


def _spark_sql_run(spark, query):
    from tpch_data import query_text
    return [tuple(r) for r in spark.sql(query_text(query)).collect()]


def _spark_df_run(spark, query):
    from tpch_df import QUERIES
    return [tuple(r) for r in QUERIES[query](spark).collect()]


def _pyspark_start(paths, conf):
    from pyspark.sql import SparkSession
    b = (SparkSession.builder.master(f"local[{WORKERS}]").appName("tpch")
         .config("spark.driver.memory", "6g").config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false"))
    for k, v in conf.items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for t, p in paths.items():
        spark.read.parquet(p).createOrReplaceTempView(t)
    return spark


def _spark_stop(spark):
    spark.stop()


def _duckdb_start(paths, conf):
    import duckdb
    con = duckdb.connect(config={"threads": WORKERS})
    for t, p in paths.items():
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{p}')")
    return con


def _duckdb_run(con, query):
    from tpch_data import query_text
    return con.execute(query_text(query)).fetchall()


def _polars_start(paths, conf):
    os.environ["POLARS_MAX_THREADS"] = str(WORKERS)  # read once, when polars is imported
    import polars as pl
    ctx = pl.SQLContext()
    for t, p in paths.items():
        ctx.register(t, pl.scan_parquet(p))
    return ctx


def _polars_run(ctx, query):
    from tpch_data import query_text
    return ctx.execute(query_text(query), eager=False).collect().rows()


SYSTEMS = {
    "spark-lambda": (_spark_lambda_start, _spark_sql_run, _spark_stop),
    "spark-lambda-df": (_spark_lambda_start, _spark_df_run, _spark_stop),
    "pyspark": (_pyspark_start, _spark_sql_run, _spark_stop),
    "duckdb": (_duckdb_start, _duckdb_run, lambda con: con.close()),
    "polars": (_polars_start, _polars_run, lambda ctx: None),
}


def has_query(system: str, query: str) -> bool:
    """Whether ``system`` runs ``query`` (the DataFrame form exists only for some)."""
    if system == "spark-lambda-df":
        from tpch_df import QUERIES
        return query in QUERIES
    return True
