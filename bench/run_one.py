"""Run one workload on one system in this process; print a JSON line.

    python bench/run_one.py SYSTEM WORKLOAD SIZE WORKERS [MEMORY [PARALLELISM]]

SYSTEM is plain, spark-lambda or pyspark. MEMORY sets spark.python.worker.memory (the
task memory budget), PARALLELISM spark.default.parallelism (1: one task holds all the
data). The JSON has the job's seconds (context start excluded), a digest of the
normalised result, the tasks' CPU seconds, and memory figures: ``worker_peak`` is the
largest peak RSS (ru_maxrss) a worker process reported, ``worker_baseline`` the
smallest peak RSS of a worker when one of its tasks started (a fresh worker after its
imports), so ``worker_peak - worker_baseline`` is what tasks added to a worker.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's package
from workloads import WORKLOADS  # noqa: E402


def context(system, workers, memory, parallelism=None):
    if system == "spark-lambda":
        from spark_lambda import SparkConf, SparkContext
    else:
        from pyspark import SparkConf, SparkContext
    conf = SparkConf().setMaster(f"local[{workers}]").setAppName("bench")
    if memory:
        conf.set("spark.python.worker.memory", memory)
    if parallelism:
        conf.set("spark.default.parallelism", parallelism)
    sc = SparkContext(conf=conf)
    if system == "pyspark":  # its workers import only what they are given
        for name in ("data.py", "workloads.py"):
            sc.addPyFile(os.path.join(os.path.dirname(os.path.abspath(__file__)), name))
    return sc


def main():
    system, name, size, workers = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    memory = sys.argv[5] if len(sys.argv) > 5 else None
    parallelism = sys.argv[6] if len(sys.argv) > 6 else None
    prepare, rdd_job, plain, normalise = WORKLOADS[name]
    inp = prepare(size)
    worker_peak = worker_baseline = 0
    task_cpu = 0.0
    if system == "plain":
        t = time.perf_counter()
        out = plain(inp)
        seconds = time.perf_counter() - t
    else:
        sc = context(system, workers, memory, parallelism)
        peaks, before, cpu = [], [], []
        if system == "spark-lambda":
            sc.add_listener(lambda ev, f: ev == "task_end" and (
                peaks.append(f["metrics"].get("peak_memory_kb", 0)),
                before.append(f["metrics"].get("peak_memory_before_kb", 0)),
                cpu.append(f["metrics"].get("cpu_ms", 0))))
        t = time.perf_counter()
        out = rdd_job(sc, inp)
        seconds = time.perf_counter() - t
        sc.stop()
        worker_peak = max(peaks, default=0) * 1024
        worker_baseline = min(before, default=0) * 1024
        task_cpu = sum(cpu) / 1000
    result = normalise(out)
    digest = hashlib.sha256(repr(result).encode()).hexdigest()[:16]
    print(json.dumps({"system": system, "workload": name, "size": size, "seconds": seconds,
                      "digest": digest, "driver_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "worker_peak": worker_peak, "worker_baseline": worker_baseline,
                      "task_cpu_seconds": task_cpu}))


if __name__ == "__main__":
    main()
