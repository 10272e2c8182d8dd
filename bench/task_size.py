"""CPU per task of the sort's stages against the task's size: fixed and per-byte costs.

    python bench/task_size.py [--mb-per-task 0.5,2,8,32,64] [--tasks 2] [--store s3|local]

Runs ``plan_validation.py``'s sort (sortByKey of 100-byte records) on ``local[2]`` once per
task size, ``--tasks`` tasks per stage, input and shuffle in moto's S3 (``--store s3``, as
the emulator's runs) or in local directories, each run's event log on. For each stage
(sampling scan, map, reduce) it prints the median task's CPU and bytes at every size, and
the least-squares line over all tasks: CPU = fixed + per-MB x MB of the task's input
(source bytes, or shuffle bytes for the reduce). A per-MB figure taken from the smallest
size alone counts the fixed part as if it grew with the data. Writes
bench/results/task_size.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import data  # noqa: E402
from plan_validation import sort_job  # noqa: E402


def run(url: str, parts: int, logdir: str, store: str, warmup: str) -> list[dict]:
    """One sort run after a warm-up sort of ``warmup`` (each worker's first task imports the
    engine: a cost per instance, which ``plan`` counts apart); the sort's successful task_end
    events."""
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.ui.eventlog import log_url, read_event_log
    conf = (SparkConf(loadDefaults=False).setMaster("local[2]").set("spark.eventLog.enabled", "true")
            .set("spark.eventLog.dir", logdir))
    if store == "s3":
        conf.set("spark.shuffle.s3.enabled", "true").set("spark.shuffle.s3.bucket", "s3://task-size/shuffle")
    sc = SparkContext(conf=conf)
    try:
        sort_job(sc, warmup, parts)
        sort_job(sc, url, parts)
        app = sc.app_id
    finally:
        sc.stop()
    log = log_url(logdir, app)
    events = read_event_log(log)
    last = [e["stage"] for e in events if e["event"] == "stage_submitted"][-3:]
    return log, [e for e in events if e["event"] == "task_end" and e.get("status") == "success"
                 and e["stage"] in last]


def stage_rows(events: list[dict]) -> dict:
    """Per stage id: [(MB in, cpu ms)] of each task."""
    out: dict = {}
    for e in events:
        m = e.get("metrics") or {}
        mb = int(m.get("bytes_read", 0) or 0) / (1 << 20)
        out.setdefault(e["stage"], []).append((mb, float(m.get("cpu_ms", 0) or 0)))
    return out


def fit(points: list) -> tuple[float, float]:
    """(fixed ms, ms per MB): the least-squares line through ``points`` of (MB, ms)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - slope * mx, slope


NAMES = {0: "sample (scan)", 1: "map", 2: "reduce"}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb-per-task", default="0.5,2,8,32,64")
    p.add_argument("--tasks", type=int, default=2)
    p.add_argument("--store", default="s3", choices=["s3", "local"])
    a = p.parse_args()
    sizes = [float(x) for x in a.mb_per_task.split(",")]
    tmp = tempfile.mkdtemp(prefix="task-size-")
    moto = None
    if a.store == "s3":
        from tests.servers import MotoServer, apply_env
        moto = MotoServer()
        apply_env(moto.env())
        import boto3
        boto3.client("s3").create_bucket(Bucket="task-size")
    per_stage: dict = {}
    runs, urls = [], []
    try:
        for mb in sizes:
            n = int(mb * a.tasks * (1 << 20)) // 100
            path = data.sort_records(os.path.join(ROOT, "bench", "data", f"sort-{mb * a.tasks:g}mb.txt"), n)
            url = path
            if moto is not None:
                import boto3
                key = f"input/{os.path.basename(path)}"
                boto3.client("s3").upload_file(path, "task-size", key)
                url = f"s3://task-size/{key}"
            urls.append(url)
            log, events = run(url, a.tasks, os.path.join(tmp, "logs"), a.store, urls[0])
            rows = stage_rows(events)
            first = min(rows)
            for sid, pts in rows.items():
                per_stage.setdefault(sid - first, []).extend(pts)
            runs.append({"mb_per_task": mb, "log": log,
                         "stages": {NAMES.get(s - first, str(s - first)):
                                    {"median_mb": statistics.median(x for x, _ in pts),
                                     "median_cpu_ms": statistics.median(y for _, y in pts)}
                                    for s, pts in rows.items()}})
            print(f"ran {mb:g} MB per task", flush=True)
    finally:
        if moto is not None:
            moto.stop()
    print(f"\nstore {a.store}, {a.tasks} tasks per stage; median task: CPU ms (ms per MB of its input)")
    print("stage | " + " | ".join(f"{mb:g} MB" for mb in sizes) + " | fit: fixed ms | fit: ms per MB")
    fits = {}
    for idx in sorted(per_stage):
        name = NAMES.get(idx, str(idx))
        cells = []
        for r in runs:
            s = r["stages"].get(name)
            cells.append(f"{s['median_cpu_ms']:.0f} ({s['median_cpu_ms'] / max(s['median_mb'], 1e-9):.0f})"
                         if s else "-")
        fixed, slope = fit(per_stage[idx])
        fits[name] = {"fixed_ms": round(fixed, 1), "ms_per_mb": round(slope, 2)}
        print(f"{name} | " + " | ".join(cells) + f" | {fixed:.0f} | {slope:.1f}")
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    out = os.path.join(ROOT, "bench", "results", "task_size.json")
    with open(out, "w") as f:
        json.dump({"store": a.store, "tasks": a.tasks, "sizes": sizes, "fits": fits, "runs": runs}, f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
