"""What the SQL benchmarks share: their size arguments and a run on a local[2] session."""

from __future__ import annotations

import tempfile


def add_size_args(ap) -> None:
    """``--rows``, ``--partitions`` and ``--repeat`` on an argument parser."""
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)


def on_local_session(app: str, run, args):
    """``run(spark, F, rows, partitions, repeat)`` on a spark-lambda local[2] session (4
    shuffle partitions), stopped afterwards; what ``run`` returns."""
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    from spark_lambda.sql import functions as F
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", tempfile.mkdtemp())
    sc = SparkContext("local[2]", app, conf=conf)
    try:
        return run(SparkSession(sc, {"spark.sql.shuffle.partitions": "4"}), F, args.rows,
                   args.partitions, args.repeat)
    finally:
        sc.stop()
