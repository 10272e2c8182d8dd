"""What the SQL benchmarks share: their size arguments, a run on a local[2] session, and the
table and JSON of a run's seconds per row set."""

from __future__ import annotations

import json
import platform
import tempfile
from pathlib import Path


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


def report_seconds(app: str, run, description: str, label: str, relative_to=None) -> None:
    """Parse the size arguments, time ``run`` on a local session (``on_local_session``), print
    a table of its ``{name: seconds}`` (rows per second, and the ratio to ``relative_to``'s
    seconds when given) and write it to bench/results/<app with underscores>.json."""
    import argparse
    ap = argparse.ArgumentParser(description=description)
    add_size_args(ap)
    args = ap.parse_args()
    secs = on_local_session(app, run, args)
    print(f"{args.rows} rows, {args.partitions} partitions, median of {args.repeat}")
    width = max(len(label), *map(len, secs))
    ratio = f" {'vs ' + relative_to:>8s}" if relative_to else ""
    print(f"{label:{width}s} {'seconds':>9s} {'rows/s':>12s}{ratio}")
    for name, s in secs.items():
        ratio = f" {s / secs[relative_to]:8.1f}" if relative_to else ""
        print(f"{name:{width}s} {s:9.3f} {args.rows / s:12,.0f}{ratio}")
    out = Path(__file__).resolve().parent / "results" / f"{app.replace('-', '_')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": args.rows, "partitions": args.partitions,
                               "repeat": args.repeat, "seconds": secs,
                               "machine": platform.platform()}, indent=1) + "\n")
