"""Where a fresh process's time goes for one TPC-H query on spark-lambda, as a timeline.

    python bench/tpch_timeline.py QUERY [--scale 1] [--conf KEY=VALUE ...] [--wait S] [--runs N]

Runs the query as ``tpch_run_one.py`` does (``local[2]``, a fresh process, the session and
views first) and prints, in seconds from this process's start (``/proc``): the driver's
steps (imports, context, session, views, ``spark.sql``, ``collect``), the scheduler's
events (job, each task sent and its result back), and for every task the worker's side
from its metrics: when ``run_task`` began there (the gap after the task was sent is the
worker still importing, or busy; a one-task query runs in the driver, whose pid those lines
then show), its wall and CPU time. Each worker process's start and
its CPU time up to the moment the driver had the task's result (``/proc``; the imports are
most of it) close the table; the driver's lines show its CPU time so far. ``--wait S``
sleeps S seconds after the views (the workers done importing) before the query; ``--runs N``
runs the query N times in turn (the first run's one-off costs apart). Last, each run's
phases: ``plan`` (the text to the first task sent), ``wait`` (sent to begun in the worker),
``task`` (its wall time), ``rows`` (the last task's end to the Rows on the driver). Linux
only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # this checkout's package first
_TICK = os.sysconf("SC_CLK_TCK")


def _proc(pid) -> tuple:
    """(start time, CPU seconds so far) of a process, from /proc (its start is counted in
    clock ticks since boot)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    since_start = time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / _TICK
    return time.time() - since_start, (int(fields[11]) + int(fields[12])) / _TICK


T0 = _proc("self")[0]
MARKS: list = []   # (time, who, what, the driver's CPU seconds so far or None)


def mark(who: str, what: str, at: float | None = None) -> None:
    MARKS.append((time.time() if at is None else at, who, what,
                  time.process_time() if who == "driver" else None))


class Events:
    """The scheduler's events as marks; each task's worker side from its metrics."""

    def __init__(self):
        self.workers: dict = {}   # pid -> CPU seconds when its last task ended
        self.tasks: list = []     # (sent, begun in the worker, ended there) per task

    def __call__(self, event, fields):
        if event == "job_start":
            mark("driver", f"job {fields['job']} starts")
        elif event == "task_start":
            mark("driver", f"task {fields['task_id']} sent")
            self.tasks.append([time.time(), None, None])
        elif event == "task_end":
            m = fields.get("metrics") or {}
            pid = str((m.get("executor") or {}).get("id", "?")).rsplit(":", 1)[-1]
            who = f"worker {pid}"
            if "start" in m:
                mark(who, f"task {fields['task_id']} begins (run_task)", m["start"])
                mark(who, f"task {fields['task_id']} ends: wall {m.get('duration_ms', 0) / 1000:.3f} s, "
                          f"CPU {m.get('cpu_ms', 0) / 1000:.3f} s", m["start"] + m.get("duration_ms", 0) / 1000)
                if self.tasks:
                    self.tasks[-1][1:] = [m["start"], m["start"] + m.get("duration_ms", 0) / 1000]
            mark("driver", f"task {fields['task_id']} result back ({fields['status']})")
            if pid.isdigit():
                self.workers[pid] = _proc(pid)
        elif event == "job_end":
            mark("driver", f"job {fields['job']} ends")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("query")
    p.add_argument("--scale", default="1")
    p.add_argument("--conf", action="append", default=[], help="KEY=VALUE")
    p.add_argument("--wait", type=float, default=0.0, help="seconds idle before the query")
    p.add_argument("--runs", type=int, default=1, help="times to run the query in turn")
    a = p.parse_args()
    mark("driver", "script runs (interpreter started)")
    from tpch_data import query_text, scale_text, table_paths
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.sql import SparkSession
    mark("driver", "spark_lambda and spark_lambda.sql imported")
    query = a.query if a.query.startswith("q") else f"q{int(a.query):02d}"
    paths, text = table_paths(scale_text(a.scale)), query_text(query)
    conf = SparkConf().setMaster("local[2]").setAppName("tpch-timeline")
    sql_conf = {}
    for k, v in (c.split("=", 1) for c in a.conf):
        (sql_conf.__setitem__(k, v) if k.startswith("spark.sql.") else conf.set(k, v))
    sc = SparkContext(conf=conf)
    events = Events()
    sc.add_listener(events)
    mark("driver", "context created (workers spawned)")
    spark = SparkSession(sc, sql_conf)
    mark("driver", "session created (workers asked to preload)")
    for t, path in paths.items():
        spark.read.parquet(path).createOrReplaceTempView(t)
    mark("driver", "views created (footers read): START done")
    if a.wait:
        time.sleep(a.wait)
        mark("driver", f"idle {a.wait:g} s")
    phases = []
    for run in range(1, a.runs + 1):
        cpu0, t0 = time.process_time(), time.time()
        first = len(events.tasks)
        df = spark.sql(text)
        mark("driver", f"run {run}: spark.sql returned (parsed, analyzed)")
        rows = df.collect()
        mark("driver", f"run {run}: collect returned {len(rows)} rows: QUERY done in "
                       f"{time.time() - t0:.3f} s (driver CPU in the query "
                       f"{time.process_time() - cpu0:.3f} s)")
        phases.append(_phases(t0, time.time(), events.tasks[first:]))
    for pid, (started, cpu) in events.workers.items():
        mark(f"worker {pid}", "process started", started)
        MARKS.append((float("inf"), f"worker {pid}", f"CPU {cpu:.3f} s up to its last task's end", None))
    spark.stop()
    print(f"TPC-H {query} SF {a.scale}: seconds from this process's start (driver CPU so far)")
    prev = None
    for at, who, what, cpu in sorted(MARKS, key=lambda m: m[0]):
        shown = "" if at == float("inf") else f"{at - T0:8.3f}"
        step = "" if prev is None or at == float("inf") else f"+{at - prev:.3f}"
        used = "" if cpu is None else f"({cpu:.3f})"
        print(f"{shown:>8s} {step:>7s} {used:>8s}  {who:14s} {what}")
        prev = at if at != float("inf") else prev
    print("run   plan   wait   task   rows  total (s)")
    for run, p in enumerate(phases, 1):
        print(f"{run:3d} " + " ".join(f"{x:6.3f}" for x in p))


def _phases(t0: float, done: float, tasks: list) -> tuple:
    """A run's (plan, wait, task, rows, total) seconds from its tasks' (sent, begun, ended)
    (a query of several tasks: the first sent to the last ended, ``task`` their span)."""
    tasks = [t for t in tasks if t[1] is not None]
    if not tasks:
        return (done - t0, 0.0, 0.0, 0.0, done - t0)
    sent, begun = tasks[0][0], tasks[0][1]
    ended = max(t[2] for t in tasks)
    return (sent - t0, max(0.0, begun - sent), ended - begun, done - ended, done - t0)


if __name__ == "__main__":
    main()
