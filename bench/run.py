"""The benchmark suite: spark-lambda, PySpark and plain Python side by side.

    python bench/run.py [--workers 2] [--systems plain,spark-lambda,pyspark] [--repeat 3]
                        [--wordcount 50] [--sort 20] [--reduceByKey 2] [--join 1]
                        [--groupByKey-skew 2] [--empty-tasks 2000] [--over-memory 64] [--no-floor]

Sizes: word count and sort in MB of input, the others in millions of records.
Every (system, workload) runs in a fresh process, one after another on the same data,
``--repeat`` times (the systems take turns within each round, so that a noisy spell
on the shared machine hits them alike); the table shows medians. Results are checked
equal across systems. Then ``floor.py``'s table at the same sizes (the least CPU any
engine in Python needs for these programs, against plain Python). Then the over-memory runs: groupByKey with skew and sortByKey
with one task holding data four times ``--over-memory`` MB (spark.python.worker.memory;
spark.default.parallelism=1), results checked against plain Python, with the worker's
peak RSS. Then empty tasks per second and context start plus a first job.
Prints a table and writes bench/results/run.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from floor import FLOORS
from procs import settle
from workloads import SIZES, add_size_arguments, chosen_sizes, size_arguments

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # the snippets below import this checkout's package
SKEW_PAIR_BYTES = 109   # a (key, value) pair of groupByKey-skew as Python objects (tracemalloc)


def run_one(system, workload, size, workers, memory=None, parallelism=None):
    cmd = [sys.executable, os.path.join(HERE, "run_one.py"), system, workload, str(size), str(workers)]
    if memory:
        cmd.append(memory)
    if parallelism:
        cmd.append(str(parallelism))
    out = subprocess.run(cmd, capture_output=True, text=True)
    settle()
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


def shuffle_workloads(a, systems, report):
    sizes = chosen_sizes(a, SIZES)
    print(f"{'workload':18s} {'size':>6s} " + " ".join(f"{s:>13s}" for s in systems)
          + "   sl/plain  sl/pyspark   (median seconds of the job, context start excluded)")
    for name, size in sizes.items():
        runs = {s: [] for s in systems}
        for _ in range(a.repeat):
            for s in systems:
                runs[s].append(run_one(s, name, size, a.workers))
        digests = {r["digest"] for rs in runs.values() for r in rs}
        if len(digests) != 1:
            raise SystemExit(f"{name}: results differ between systems: {runs}")
        t = {s: statistics.median(r["seconds"] for r in runs[s]) for s in systems}
        report["workloads"][name] = {"size": size, "median_seconds": t,
                                     "seconds": {s: [r["seconds"] for r in runs[s]] for s in systems},
                                     "runs": runs}
        line = f"{name:18s} {size:6g} " + " ".join(f"{t[s]:13.2f}" for s in systems)
        if "spark-lambda" in t and "plain" in t:
            line += f"   {t['spark-lambda'] / t['plain']:8.2f}"
        if "spark-lambda" in t and "pyspark" in t:
            line += f"  {t['spark-lambda'] / t['pyspark']:10.2f}"
        print(line, flush=True)


def floor(a, report):
    """``floor.py`` at the same sizes: the least any engine in Python needs (see there)."""
    cmd = [sys.executable, os.path.join(HERE, "floor.py"), "--workers", str(a.workers),
           "--repeat", str(a.repeat)] + size_arguments(chosen_sizes(a, FLOORS))
    print(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout, end="", flush=True)
    with open(os.path.join(HERE, "results", "floor.json")) as f:
        report["floor"] = json.load(f)


def over_memory(a, report):
    """One task holds data 4x the budget: groupByKey-skew by the pairs' size as Python
    objects, the sort by its input file's size (about 2.6x that again as objects)."""
    budget_mb = a.over_memory
    budget = int(budget_mb * 2**20)
    runs = (("groupByKey-skew", round(4 * budget / SKEW_PAIR_BYTES / 1e6, 3)),
            ("sort-checked", 4 * budget_mb))
    for name, size in runs:
        ref = run_one("plain", name, size, a.workers)
        r = run_one("spark-lambda", name, size, a.workers, f"{int(budget_mb)}m", 1)
        if r["digest"] != ref["digest"]:
            raise SystemExit(f"{name} over memory: result differs from plain Python's")
        grown = r["worker_peak"] - r["worker_baseline"]
        report["workloads"][f"{name}-over-memory"] = r | {
            "budget_mb": budget_mb, "plain_seconds": ref["seconds"],
            "peak_over_budget": r["worker_peak"] / budget, "growth_over_budget": grown / budget}
        print(f"{name + ' >mem':18s} {size:6g} {r['seconds']:8.2f} s  worker peak RSS {r['worker_peak'] / 2**20:.0f} MB"
              f" = {r['worker_peak'] / budget:.2f} x budget; above the fresh worker's "
              f"{r['worker_baseline'] / 2**20:.0f} MB: {grown / 2**20:.0f} MB = {grown / budget:.2f} x budget "
              f"({budget_mb:g} MB)", flush=True)


def per_task(a, report):
    """Empty tasks per second and context start plus a first job, medians of --repeat."""
    rates = [empty_tasks(a.empty_tasks, a.workers) for _ in range(a.repeat)]
    firsts = [first_job(a.workers) for _ in range(a.repeat)]
    rate = statistics.median(rates)
    imp = statistics.median(f[0] for f in firsts)
    start = statistics.median(f[1] for f in firsts)
    report["empty_tasks_per_second"] = {"median": rate, "runs": rates}
    report["first_job"] = {"import_s": imp, "start_and_first_job_s": start, "runs": firsts}
    print(f"empty tasks per second: {rate:.0f} (median of {' '.join(f'{r:.0f}' for r in rates)})")
    print(f"context start + first job: {start:.3f} s (import {imp:.3f} s; medians)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--systems", default="plain,spark-lambda,pyspark")
    p.add_argument("--repeat", type=int, default=3)
    add_size_arguments(p, SIZES)
    p.add_argument("--empty-tasks", type=int, default=2000, help="0: skip empty tasks and first job")
    p.add_argument("--no-floor", dest="floor", action="store_false", help="skip floor.py's table")
    p.add_argument("--over-memory", type=float, default=64, help="MB per task for the over-memory runs (0: skip)")
    a = p.parse_args()
    systems = a.systems.split(",")
    report = {"workers": a.workers, "machine_cpus": os.cpu_count(), "repeat": a.repeat,
              "when": time.strftime("%Y-%m-%d %H:%M"), "load_before": os.getloadavg(), "workloads": {}}
    shuffle_workloads(a, systems, report)
    if a.floor:
        floor(a, report)
    if a.over_memory:
        over_memory(a, report)
    if a.empty_tasks:  # 0: skip the per-task figures
        per_task(a, report)
    report["load_after"] = os.getloadavg()
    print(f"load average before {report['load_before'][0]:.2f}, after {report['load_after'][0]:.2f}")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "run.json"), "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
