"""The benchmark suite: spark-lambda, PySpark and plain Python side by side.

    python bench/run.py [--workers 2] [--systems plain,spark-lambda,pyspark]
                        [--wordcount 50] [--sort 20] [--reduceByKey 2] [--join 1]
                        [--groupByKey-skew 2] [--empty-tasks 2000] [--over-memory 64]

Every (system, workload) runs in a fresh process, one after another on the same data;
results are checked equal across systems. Prints a table of seconds and ratios and
writes bench/results/run.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # the snippets below import this checkout's package


def run_one(system, workload, size, workers, memory=None):
    cmd = [sys.executable, os.path.join(HERE, "run_one.py"), system, workload, str(size), str(workers)]
    if memory:
        cmd.append(memory)
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if out.returncode or not lines:
        raise RuntimeError(f"{system} {workload} failed:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


def empty_tasks(n, workers):
    code = (f"import time\nfrom spark_lambda import SparkContext\n"
            f"sc = SparkContext('local[{workers}]', 'bench')\n"
            f"sc.parallelize([], {workers}).count()\n"
            f"t = time.perf_counter(); sc.parallelize([], {n}).count(); d = time.perf_counter() - t\n"
            f"sc.stop(); print(d)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return n / float(out.stdout.split()[-1])


def first_job(workers):
    code = (f"import time\nt0 = time.perf_counter()\nfrom spark_lambda import SparkContext\n"
            f"t1 = time.perf_counter()\nsc = SparkContext('local[{workers}]', 'bench')\n"
            f"assert sc.parallelize(range(100)).count() == 100\nt2 = time.perf_counter()\n"
            f"sc.stop(); print(t1 - t0, t2 - t1)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    imp, start = map(float, out.stdout.split())
    return imp, start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--systems", default="plain,spark-lambda,pyspark")
    p.add_argument("--wordcount", type=float, default=50)
    p.add_argument("--sort", type=float, default=20)
    p.add_argument("--reduceByKey", type=float, default=2)
    p.add_argument("--join", type=float, default=1)
    p.add_argument("--groupByKey-skew", dest="skew", type=float, default=2)
    p.add_argument("--empty-tasks", type=int, default=2000)
    p.add_argument("--over-memory", type=float, default=64, help="MB per task for the over-memory runs")
    a = p.parse_args()
    systems = a.systems.split(",")
    sizes = {"wordcount": a.wordcount, "sort": a.sort, "reduceByKey": a.reduceByKey, "join": a.join,
             "groupByKey-skew": a.skew}
    report = {"workers": a.workers, "machine_cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M"),
              "workloads": {}}
    print(f"{'workload':18s} {'size':>6s} " + " ".join(f"{s:>13s}" for s in systems)
          + "   sl/plain  sl/pyspark")
    for name, size in sizes.items():
        rows = {s: run_one(s, name, size, a.workers) for s in systems}
        digests = {r["digest"] for r in rows.values()}
        if len(digests) != 1:
            raise SystemExit(f"{name}: results differ between systems: {rows}")
        report["workloads"][name] = rows
        t = {s: rows[s]["seconds"] for s in systems}
        line = f"{name:18s} {size:6g} " + " ".join(f"{t[s]:13.2f}" for s in systems)
        if "spark-lambda" in t and "plain" in t:
            line += f"   {t['spark-lambda'] / t['plain']:8.2f}"
        if "spark-lambda" in t and "pyspark" in t:
            line += f"  {t['spark-lambda'] / t['pyspark']:10.2f}"
        print(line, flush=True)
    # over-memory: groupByKey and sortByKey over data 4x the task memory budget
    budget_mb = a.over_memory
    for name, size in (("groupByKey-skew", None), ("sort", None)):
        data_mb = budget_mb * 4
        size = data_mb / 50 if name == "groupByKey-skew" else data_mb  # ~50 MB of pairs per million
        r = run_one("spark-lambda", name, size, a.workers, f"{int(budget_mb)}m")
        ratio = r["worker_peak"] / (budget_mb * 2**20)
        report["workloads"][f"{name}-over-memory"] = r | {"budget_mb": budget_mb, "peak_over_budget": ratio}
        print(f"{name + ' >mem':18s} {size:6g} {r['seconds']:13.2f}  worker peak "
              f"{r['worker_peak'] / 2**20:.0f} MB = {ratio:.2f} x budget {budget_mb:g} MB", flush=True)
    rate = empty_tasks(a.empty_tasks, a.workers)
    imp, start = first_job(a.workers)
    report["empty_tasks_per_second"] = rate
    report["first_job"] = {"import_s": imp, "start_and_first_job_s": start}
    print(f"empty tasks per second: {rate:.0f}")
    print(f"context start + first job: {start:.3f} s (import {imp:.3f} s)")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "run.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
