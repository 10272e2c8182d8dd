"""Does a task's reading pass behind its CPU? Per-task times on the emulator with its S3 model.

    python bench/overlap.py [--mb-per-task 2,8,32] [--tasks 2] [--repeat 1] [--read-ahead 0,2]
                            [--burst-mib 0] [--network-mib-s 75]

Starts moto's S3 server and ``spark-lambda emulator --s3-model`` (``plan_validation.py``'s
setup) with the planner's constants, except the network burst (``--burst-mib``, default 0:
every byte at the sustained 75 MiB/s, as a 10 GB task moves nearly all of its bytes; with
AWS's 300 MiB burst, the small tasks here would move theirs at 1.2 GiB/s and the network
would hardly show). The input is one object a task (moto reads and copies a whole object for
every ranged GET of it: a larger object would slow the GETs beyond S3's). Runs the sort of
``plan_validation.py`` (sortByKey of 100-byte records, one job: a sampling scan, the map
stage, the sorting reduce) with ``--tasks`` tasks a stage of each ``--mb-per-task`` size,
``--repeat`` times per ``spark.lambda.io.readAhead`` value, alternating, after a warm-up job.
For every stage (of the run with the median time) it prints the mean task's measured time,
its CPU, how long it waited for input ranges (``input_wait_ms``) and shuffle blocks
(``fetch_wait_ms``) and wrote its output (``output_write_ms``), and the time the model
composes from the task's own CPU, bytes and requests (``planning.task_time.measured_task_ms``):
the sum of CPU, transfers and S3 latency (the old model), and ``first read + max(CPU before
the last input, other reads) + CPU after it + write`` (the model now), each plus the fixed
part calibrated from the smallest size (as ``plan`` calibrates it); and the part of the
reads the task should wait for by each (``wait_sum_ms``: all of them; ``wait_overlap_ms``:
the first read and what of the others exceeds its CPU before the last input), to set beside
the waits the task measured. Writes bench/results/overlap-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plan_validation import ROOT, run_one, start_emulator, start_s3, upload_input  # noqa: E402

NAMES = ("sample", "map", "reduce")


def _stage_rows(prof, c, parallel, ahead, mb):
    from spark_lambda.planning.task_time import measured_task_ms
    rows = []
    for i, st in enumerate(prof.stages):
        n = max(st.tasks, 1)
        overlap = not (st.input_bytes and ahead <= 0)
        rows.append({
            "stage": NAMES[i] if i < len(NAMES) else str(i), "mb_per_task": mb, "read_ahead": ahead, "tasks": n,
            "measured_ms": st.duration_ms / n, "cpu_ms": st.cpu_ms / n,
            "input_wait_ms": st.input_wait_ms / n, "fetch_wait_ms": st.fetch_wait_ms / n,
            "write_ms": st.output_write_ms / n, "mb_in": (st.input_bytes + st.shuffle_bytes_read) / n / 1e6,
            "sum_ms": measured_task_ms(c, st, parallel, overlap=False),
            "overlap_ms": measured_task_ms(c, st, parallel, overlap=overlap),
            # the reads' time the task would wait for: all of it, or what passes not behind its CPU
            "wait_sum_ms": measured_task_ms(c, replace(st, cpu_ms=0, bytes_written=0, puts=0), parallel, False),
            "wait_overlap_ms": measured_task_ms(c, replace(st, bytes_written=0, puts=0), parallel, overlap)
            - st.cpu_ms / n})
    return rows


def _add_fixed(rows):
    """Each formula plus the fixed part the smallest size's row of its stage and read-ahead leaves
    (``plan`` calibrates it the same way, from its run)."""
    fixed = {}
    for r in sorted(rows, key=lambda r: r["mb_per_task"]):
        key = (r["stage"], r["read_ahead"])
        if key not in fixed:
            fixed[key] = {f: max(r["measured_ms"] - r[f], 0.0) for f in ("sum_ms", "overlap_ms")}
        r["calibration"] = r["mb_per_task"] == min(x["mb_per_task"] for x in rows)
        for f in ("sum_ms", "overlap_ms"):
            r[f] += fixed[key][f]


def _median_rows(runs):
    """Per stage, the row of the run whose measured time is the median of the runs'."""
    out = []
    for i in range(len(runs[0])):
        rows = sorted((r[i] for r in runs if i < len(r)), key=lambda r: r["measured_ms"])
        out.append(rows[(len(rows) - 1) // 2])
    return out


def _print(rows) -> None:
    head = ("stage", "mb_per_task", "read_ahead", "mb_in", "cpu_ms", "input_wait_ms", "fetch_wait_ms",
            "wait_sum_ms", "wait_overlap_ms", "write_ms", "measured_ms", "sum_ms", "overlap_ms")
    print(" | ".join(head))
    for r in rows:
        print(" | ".join(f"{r[h]:.1f}" if isinstance(r[h], float) else str(r[h]) for h in head))
    for key in ("sum_ms", "overlap_ms"):
        errs = [abs(r[key] - r["measured_ms"]) / r["measured_ms"] for r in rows
                if r["measured_ms"] > 0 and not r["calibration"]]
        print(f"{key}: median error {100 * statistics.median(errs):.0f} %, largest {100 * max(errs):.0f} %")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb-per-task", default="2,8,32")
    p.add_argument("--tasks", type=int, default=2)
    p.add_argument("--repeat", type=int, default=1, help="runs of each size and read-ahead, alternating; "
                   "each stage's row is the run with its median measured time")
    p.add_argument("--read-ahead", default="0,2")
    p.add_argument("--burst-mib", type=float, default=0.0)
    p.add_argument("--network-mib-s", type=float, default=75.0,
                   help="an instance's sustained bandwidth (AWS: 75); lower, the transfers outweigh the "
                        "host's own CPU contention (moto, the proxy and the instances share its cores)")
    a = p.parse_args()
    from spark_lambda.planning import aws
    sizes = [float(x) for x in a.mb_per_task.split(",")]
    aheads = [int(x) for x in a.read_ahead.split(",")]
    tmp = tempfile.mkdtemp(prefix="overlap-")
    c = aws.load(overrides={"network_burst_mib": a.burst_mib, "network_sustained_mib_s": a.network_mib_s})
    constants = os.path.join(tmp, "constants.json")
    with open(constants, "w") as f:
        json.dump(c.to_dict(), f)
    moto = start_s3()
    rows = []
    try:
        # one object a task: moto reads a whole object for every ranged GET of it, so an object
        # larger than the task would make the GETs slower than S3's
        inputs = {mb: upload_input(tmp, "sort", mb * a.tasks, files=a.tasks) for mb in sizes}
        emu = start_emulator(tmp, a.tasks, moto, s3_model=constants)
        try:
            run_one("sort", inputs[sizes[0]][0], a.tasks, a.tasks, os.path.join(tmp, "warmup"), emu.s3_url)
            for mb in sizes:
                runs = {ahead: [] for ahead in aheads}
                for _ in range(a.repeat):
                    for ahead in aheads:
                        _, prof = run_one("sort", inputs[mb][0], a.tasks, a.tasks, os.path.join(tmp, "logs"),
                                          emu.s3_url, {"spark.lambda.io.readAhead": ahead})
                        runs[ahead].append(prof)
                        print(f"ran {mb:g} MB a task, read-ahead {ahead}: {prof.wall_s:.2f} s", flush=True)
                for ahead in aheads:
                    rows += _median_rows([_stage_rows(prof, c, prof.fetch_parallelism, ahead, mb)
                                          for prof in runs[ahead]])
        finally:
            emu.stop()
    finally:
        moto.stop()
    _add_fixed(rows)
    _print(rows)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    out = os.path.join(ROOT, "bench", "results", f"overlap-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json")
    with open(out, "w") as f:
        json.dump({"cpus": os.cpu_count(), "constants": c.to_dict(), "rows": rows}, f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
