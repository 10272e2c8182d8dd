"""Driver throughput against job size: empty tasks per second at growing task counts.

    python bench/driver_scale.py [--tasks 1000,4000,16000,100000] [--workers 2] [--repeat 3]

Each (task count, round) runs in a fresh process: a context on ``local[N]``, one warm-up job,
then one job of that many empty partitions, timed. The driver's CPU seconds over the job are
measured in the same process (``time.process_time``: the scheduler, the backend's threads,
result decoding), so the table shows what the driver spends per task as jobs grow. Scheduler
work per event must not grow with the job: tasks per second and driver CPU per task stay flat
across the rows. Medians of ``--repeat`` rounds, the task counts taking turns in each round;
JSON in ``bench/results/driver_scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CODE = """
import sys, time
from spark_lambda import SparkContext
n, workers = int(sys.argv[1]), int(sys.argv[2])
sc = SparkContext(f"local[{workers}]", "driver-scale")
sc.parallelize([], workers).count()
c0, t0 = time.process_time(), time.perf_counter()
sc.parallelize([], n).count()
t1, c1 = time.perf_counter(), time.process_time()
sc.stop()
print(t1 - t0, c1 - c0)
"""


def one_run(n: int, workers: int) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", CODE, str(n), str(workers)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    seconds, cpu = map(float, out.stdout.split()[-2:])
    return seconds, cpu


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tasks", default="1000,4000,16000,100000")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    counts = [int(x) for x in a.tasks.split(",")]
    runs: dict[int, list] = {n: [] for n in counts}
    for _ in range(a.repeat):
        for n in counts:
            runs[n].append(one_run(n, a.workers))
    rows = []
    print(f"{'tasks':>8} {'seconds':>9} {'tasks/s':>9} {'driver CPU ms/task':>19}")
    for n in counts:
        seconds = statistics.median(s for s, _ in runs[n])
        cpu = statistics.median(c for _, c in runs[n])
        rows.append({"tasks": n, "seconds": seconds, "tasks_per_second": n / seconds,
                     "driver_cpu_ms_per_task": cpu * 1000 / n, "runs": runs[n]})
        print(f"{n:>8} {seconds:>9.2f} {n / seconds:>9.0f} {cpu * 1000 / n:>19.3f}")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "driver_scale.json"), "w") as f:
        json.dump({"workers": a.workers, "repeat": a.repeat, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
