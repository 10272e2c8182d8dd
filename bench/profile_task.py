"""Profile one task of each stage of a benchmark workload, in this process.

    python bench/profile_task.py WORKLOAD SIZE [--workers 2] [--top 25] [--sort tottime]
                                 [--memory 512m] [--partition 0] [--time N] [--conf KEY=VALUE]

Runs the workload on spark-lambda ``local[N]`` while recording every task dict the
scheduler sends, then runs the chosen partition's task of each stage again here,
through ``executor.run_task`` (the same code path the workers run), under cProfile, and
prints the top functions (or, with ``--time N``, runs it N times unprofiled and prints
the fastest and median times: on a shared machine the fastest is the steadiest
figure for comparing two versions of the code; the task's own CPU time, also printed, moves
less with other work on the machine). Map tasks rewrite their own output object; the shuffle
inputs of reduce tasks are still in the work store, since the context is stopped
only afterwards. Also prints the driver's own profile of the job (scheduling,
result decoding).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # this checkout's package
from workloads import WORKLOADS  # noqa: E402


def _stats(prof, sort, top) -> str:
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, l in enumerate(lines) if "ncalls" in l), 0)
    return "\n".join(lines[max(start - 3, 0):])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=sorted(WORKLOADS))
    p.add_argument("size", type=float)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--sort", default="tottime")
    p.add_argument("--memory", default=None)
    p.add_argument("--partition", type=int, default=0)
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--time", type=int, default=0, metavar="N",
                   help="instead of profiling, run each stage's task N times and print the fastest")
    a = p.parse_args()
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.executor.run_task import run_task
    prepare, rdd_job, _plain, _norm = WORKLOADS[a.workload]
    inp = prepare(a.size)
    conf = SparkConf().setMaster(f"local[{a.workers}]").setAppName("profile")
    if a.memory:
        conf.set("spark.python.worker.memory", a.memory)
    for kv in a.conf:
        conf.set(*kv.split("=", 1))
    sc = SparkContext(conf=conf)
    tasks = []
    submit = sc.backend.submit
    sc.backend.submit = lambda task: (tasks.append(task), submit(task))[1]
    driver = cProfile.Profile()
    t = time.perf_counter()
    driver.enable()
    rdd_job(sc, inp)
    driver.disable()
    print(f"job: {time.perf_counter() - t:.2f} s, {len(tasks)} tasks")
    if not a.time:
        print("=== driver ===")
        print(_stats(driver, a.sort, a.top))
    seen = set()
    for task in tasks:
        if task["stage_id"] in seen or task["partition"] != a.partition:
            continue
        seen.add(task["stage_id"])
        if a.time:
            took, cpu = [], []
            for _ in range(a.time):
                t = time.perf_counter()
                cpu.append(run_task(task)["metrics"]["cpu_ms"])
                took.append(time.perf_counter() - t)
            took.sort()
            cpu.sort()
            print(f"stage {task['stage_id']} ({task['kind']}) partition {task['partition']}: fastest "
                  f"{took[0] * 1000:.1f} ms, median {took[len(took) // 2] * 1000:.1f} ms of {a.time}; "
                  f"CPU fastest {cpu[0]:.1f} ms, median {cpu[len(cpu) // 2]:.1f} ms")
            continue
        prof = cProfile.Profile()
        t = time.perf_counter()
        prof.enable()
        result = run_task(task)
        prof.disable()
        took = time.perf_counter() - t
        m = result["metrics"]
        print(f"=== stage {task['stage_id']} ({task['kind']}) partition {task['partition']}: "
              f"{result['status']}, {took:.2f} s under the profiler, records read {m['records_read']}, "
              f"written {m['records_written']}, bytes written {m['bytes_written']}, spills {m['spills']} ===")
        print(_stats(prof, a.sort, a.top))
    sc.stop()


if __name__ == "__main__":
    main()
