"""Run one TPC-H query on one system in this fresh process; print one JSON line.

    python bench/tpch_run_one.py SYSTEM QUERY SCALE [KEY=VALUE ...]

KEY=VALUE pairs are settings for the Spark systems. The JSON has ``start_seconds``
(context, session and views: see ``tpch_systems.py``), ``seconds`` (the query, from the
text to the rows on the driver), ``driver_peak_mb`` and ``worker_peak_mb`` (peak resident
memory of the driver and of each spark-lambda worker process), for spark-lambda workers
``above_baseline_mb``, ``baseline_mb`` and ``counted_mb`` (``tpch_systems.worker_data_memory``)
and ``rows``, normalised for comparison: decimals as
floats, dates and timestamps as ISO text.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # this checkout's package first

from tpch_data import table_paths  # noqa: E402
from tpch_systems import SYSTEMS, worker_data_memory, worker_peaks  # noqa: E402


def normal(v):
    """A value as JSON can carry it and every system spells it."""
    if isinstance(v, (decimal.Decimal, float)):
        return float(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v


def main():
    system, query, scale = sys.argv[1], sys.argv[2], sys.argv[3]
    conf = dict(a.split("=", 1) for a in sys.argv[4:])
    start, run, stop = SYSTEMS[system]
    paths = table_paths(scale)
    t0 = time.perf_counter()
    handle = start(paths, conf)
    t1 = time.perf_counter()
    rows = run(handle, query)
    t2 = time.perf_counter()
    peaks = worker_peaks(handle)
    data = worker_data_memory(handle)
    stop(handle)
    print(json.dumps({"system": system, "query": query, "scale": scale,
                      "start_seconds": t1 - t0, "seconds": t2 - t1,
                      "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_peak_mb": peaks, **data,
                      "rows": [[normal(v) for v in r] for r in rows]}))


if __name__ == "__main__":
    main()
