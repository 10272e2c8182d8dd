"""What seeing a job costs the driver: event log, progress bar, report, at scale.

    python bench/ui_report.py [--tasks 1000,10000,50000]

For each size, builds the events of one application whose stages hold that
many task attempts in all (100 tasks per stage, 100 in flight, durations
spread over 50-500 ms, one attempt in fifty failed and retried, metrics as
an executor reports them) and measures, on this machine:

* the event log listener's time per event (JSON encoding, redaction, and
  the puts of the in-progress and final log to a local directory), and the
  log's size;
* the progress bar listener's time per event (drawing to a terminal-less
  buffer, throttled as on a terminal);
* ``spark-lambda report``'s time to read the log and write the HTML page,
  and the page's size.

Prints a table and writes bench/results/ui_report.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from spark_lambda.ui.eventlog import EventLogWriter  # noqa: E402
from spark_lambda.ui.progress import ConsoleProgressBar  # noqa: E402
from spark_lambda.ui.report import write_report  # noqa: E402

PER_STAGE = 100


def synthetic_events(n_tasks: int, seed: int = 7) -> list[tuple[str, dict]]:
    rnd = random.Random(seed)
    t = 1_800_000_000.0
    events = [("app_start", {"time": t, "app_id": "app-bench", "app_name": "bench", "master": "lambda://x",
                             "memory_mb": 2048, "max_concurrency": 100, "conf": {}}),
              ("job_start", {"time": t, "job": 0, "name": "collect at bench.py:1", "final_stage": 0,
                             "partitions": PER_STAGE})]
    task_id = 0
    for stage in range(max(n_tasks // PER_STAGE, 1)):
        events.append(("stage_submitted", {"time": t, "job": 0, "stage": stage, "attempt": 0,
                                           "tasks": PER_STAGE, "kind": "map", "name": f"stage {stage}",
                                           "parents": [stage - 1] if stage else []}))
        end = t
        for p in range(PER_STAGE):
            for attempt in range(2 if rnd.random() < 0.02 else 1):
                common = {"job": 0, "stage": stage, "stage_attempt": 0, "partition": p,
                          "attempt": attempt, "task_id": task_id}
                task_id += 1
                start = t + attempt * 0.6
                duration = rnd.uniform(50, 500)
                ok = attempt == 1 or rnd.random() >= 0.02
                metrics = {"records_read": 1000, "records_written": 1000, "bytes_read": 65536,
                           "bytes_written": 65536, "spills": 0, "spill_bytes": 0, "duration_ms": duration,
                           "cpu_ms": duration * 0.9, "peak_memory_kb": 90000, "start": start,
                           "requests": {"GET": 100, "GET_bytes": 65536, "PUT": 1, "PUT_bytes": 65536},
                           "lambda": {"duration_ms": duration, "billed_duration_ms": int(duration) + 1,
                                      "memory_size_mb": 2048, "max_memory_used_mb": 120}}
                events.append(("task_start", {"time": start, **common}))
                events.append(("task_end", {"time": start + duration / 1000, **common,
                                            "status": "success" if ok else "failed", "metrics": metrics,
                                            "error": None if ok else {"type": "OSError", "message": "x"}}))
                end = max(end, start + duration / 1000)
        events.append(("stage_completed", {"time": end, "job": 0, "stage": stage, "attempt": 0,
                                           "tasks": PER_STAGE}))
        t = end
    events += [("job_end", {"time": t, "job": 0, "ok": True}),
               ("app_end", {"time": t, "app_id": "app-bench", "driver_requests": {"PUT": 3}})]
    return events


def measure(n_tasks: int, workdir: str) -> dict:
    events = synthetic_events(n_tasks)
    writer = EventLogWriter(workdir, f"app-bench-{n_tasks}", [])
    started = time.perf_counter()
    for name, fields in events:
        writer(name, fields)
    log_s = time.perf_counter() - started
    bar = ConsoleProgressBar(io.StringIO(), width=120)
    started = time.perf_counter()
    for name, fields in events:
        bar(name, fields)
    bar_s = time.perf_counter() - started
    log_path = os.path.join(workdir, f"app-bench-{n_tasks}")
    html_path = os.path.join(workdir, f"report-{n_tasks}.html")
    started = time.perf_counter()
    write_report(log_path, html_path)
    report_s = time.perf_counter() - started
    return {"task_attempts": sum(1 for n, _ in events if n == "task_end"), "events": len(events),
            "eventlog_us_per_event": log_s / len(events) * 1e6, "eventlog_mb": os.path.getsize(log_path) / 1e6,
            "progress_us_per_event": bar_s / len(events) * 1e6, "report_s": report_s,
            "report_mb": os.path.getsize(html_path) / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="1000,10000,50000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for n in [int(x) for x in args.tasks.split(",")]:
            rows.append(measure(n, workdir))
    print("| task attempts | events | event log us/event | log MB | progress us/event | report s | report MB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['task_attempts']} | {r['events']} | {r['eventlog_us_per_event']:.1f} | "
              f"{r['eventlog_mb']:.1f} | {r['progress_us_per_event']:.1f} | {r['report_s']:.2f} | "
              f"{r['report_mb']:.1f} |")
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "ui_report.json"), "w") as f:
        json.dump({"machine": platform.platform(), "python": platform.python_version(), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
