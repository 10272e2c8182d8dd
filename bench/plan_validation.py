"""`spark-lambda plan` against measured runs on the emulator with its S3 model.

    python bench/plan_validation.py [--sizes 8,16,32] [--concurrency 2,4] [--mb-per-task 0.5]

Starts moto's S3 server and, per concurrency level, ``spark-lambda emulator
--s3-upstream ... --s3-model`` (S3 latency, per-instance network, request
rates from ``planning/aws.py``); deploys the function; runs a sort
(sortByKey of 100-byte records) and a word count (reduceByKey) of each size
in MB from S3, with one task per ``--mb-per-task`` MB, the event log on,
after one warm-up job per level (so every measured run finds warm instances).
Then calibrates the emulator's own constants from the smallest run (its
Invoke overhead; no cold starts since instances are warm; the host's cores; the host CPU that
moto, the emulator (its S3 proxy, its Lambda service, its instance processes beyond the tasks'
own CPU) and the driver spend per S3 request and invocation, from those processes' CPU time
around the run, and moto's share of it per S3 request, since moto is one Python process that in
effect serves one request at a time; no CPU share by memory, no
scaling-rate limit), predicts every other run with ``plan --input-bytes
--max-concurrency`` from the smallest run's log, and prints predicted
against measured job time (first job start to last job end in each log).
Writes bench/results/plan_validation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import data  # noqa: E402
from procs import tree_cpu_seconds  # noqa: E402
from results_file import write_results  # noqa: E402
from tests.servers import EmulatorServer, MotoServer, apply_env  # noqa: E402

BUCKET = "plan-validation"


def sort_job(sc, url, parts):
    return sc.textFile(url, parts).map(lambda line: (line[:10], line[10:])).sortByKey(numPartitions=parts).count()


def wordcount_job(sc, url, parts):
    from operator import add
    return sc.textFile(url, parts).flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(add, parts).count()


JOBS = {"sort": sort_job, "wordcount": wordcount_job}


def run_one(job, url, parts, concurrency, logdir, s3_url, extra_conf=None):
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.planning.profile import read_profile
    conf = (SparkConf(loadDefaults=False).setMaster("lambda://plan").set("spark.lambda.s3.bucket", f"s3://{BUCKET}")
            .set("spark.lambda.spark.software.version", "0.1.0-plan").set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", f"s3://{BUCKET}/shuffle")
            .set("spark.lambda.concurrent.requests.max", str(concurrency))
            # named, not taken from AWS_ENDPOINT_URL_S3: the process keeps its stores (and their
            # clients) by URL and options, so each emulator's proxy must be part of the options
            .set("spark.hadoop.fs.s3a.endpoint", s3_url)
            .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", logdir))
    for k, v in (extra_conf or {}).items():
        conf.set(k, str(v))
    sc = SparkContext(conf=conf)
    try:
        JOBS[job](sc, url, parts)
        app = sc.app_id
    finally:
        sc.stop()
    from spark_lambda.ui.eventlog import log_url
    log = log_url(logdir, app)
    return log, read_profile(log)


def start_s3():
    """moto's S3 server on 127.0.0.1 with the benchmark's bucket, in this process's environment."""
    moto = MotoServer()
    apply_env(moto.env())
    import boto3
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    return moto


def upload_input(tmp, job, mb, files=1):
    """(URL, bytes) of the input of ``job`` of ``mb`` MB, made and put in the bucket; with
    ``files`` > 1, as that many objects of whole lines under one prefix (the URL names it)."""
    import boto3
    path = (data.sort_records(os.path.join(tmp, f"sort-{mb:g}.txt"), int(mb * (1 << 20)) // 100)
            if job == "sort" else data.text(os.path.join(tmp, f"text-{mb:g}.txt"), mb))
    key = f"input/{os.path.basename(path)}"
    s3 = boto3.client("s3")
    if files <= 1:
        s3.upload_file(path, BUCKET, key)
        return f"s3://{BUCKET}/{key}", os.path.getsize(path)
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    per = -(-len(lines) // files)
    for i in range(files):
        s3.put_object(Bucket=BUCKET, Key=f"{key}.d/part-{i:05d}", Body=b"".join(lines[i * per:(i + 1) * per]))
    return f"s3://{BUCKET}/{key}.d/", os.path.getsize(path)


def start_emulator(tmp, level, moto, s3_model=""):
    """``spark-lambda emulator --s3-model [FILE]`` of ``level`` instances in front of ``moto``, the
    function deployed, this process's endpoints pointed at it (stop it with ``emu.stop()``)."""
    emu = EmulatorServer(os.path.join(tmp, f"emulator-{level}.log"), concurrency=level,
                         s3_upstream=moto.url, s3_model=s3_model)
    apply_env({"AWS_ENDPOINT_URL_LAMBDA": emu.url, "AWS_ENDPOINT_URL_S3": emu.s3_url})
    from spark_lambda.cli.main import main as cli
    assert cli(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", "plan", "--memory", "1024",
                "--timeout", "120", "--version", "0.1.0-plan", "--create-role"]) == 0
    return emu


def repredict(path: str) -> None:
    """Predict again the runs kept in a results JSON (``--repredict FILE``), whose event logs
    must still exist; prints the table."""
    with open(path) as f:
        runs = json.load(f)["runs"]
    levels = sorted({r["concurrency"] for r in runs})
    _print(predict_all(runs, None, levels, tempfile.mkdtemp(prefix="plan-validation-")))


def _print(rows) -> None:
    head = ["job", "mb", "concurrency", "partitions", "predicted_s", "predicted_p90_s", "measured_s", "error_pct"]
    print(" | ".join(head))
    for r in rows:
        print(" | ".join(str(r[h]) for h in head))
    within = sum(abs(r["error_pct"]) <= 25 for r in rows if not r["calibration"])
    print(f"{within} of {sum(not r['calibration'] for r in rows)} predictions within 25 %")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="8,16,32", help="input sizes in MB, smallest first")
    p.add_argument("--concurrency", default="2,4")
    p.add_argument("--mb-per-task", type=float, default=0.5)
    p.add_argument("--jobs", default="sort,wordcount")
    p.add_argument("--repredict", metavar="JSON", help="only predict again the runs of a results file")
    a = p.parse_args()
    if a.repredict:
        return repredict(a.repredict)
    sizes = [float(x) for x in a.sizes.split(",")]
    levels = [int(x) for x in a.concurrency.split(",")]
    tmp = tempfile.mkdtemp(prefix="plan-validation-")
    moto = start_s3()
    inputs = {(job, mb): upload_input(tmp, job, mb) for job in a.jobs.split(",") for mb in sizes}
    runs = []
    try:
        for level in levels:
            emu = start_emulator(tmp, level, moto)
            try:
                for job in a.jobs.split(","):   # warm every instance up first: each measured run finds them warm
                    run_one(job, inputs[job, sizes[0]][0], max(1, round(sizes[0] / a.mb_per_task)), level,
                            os.path.join(tmp, "warmup"), emu.s3_url)
                for job in a.jobs.split(","):
                    for mb in sizes:
                        url, nbytes = inputs[job, mb]
                        parts = max(1, round(mb / a.mb_per_task))
                        t = time.perf_counter()
                        s3_0 = tree_cpu_seconds(moto.proc.pid)
                        host0 = s3_0 + tree_cpu_seconds(emu.proc.pid) + time.process_time()
                        log, prof = run_one(job, url, parts, level, os.path.join(tmp, "logs"), emu.s3_url)
                        s3_cpu = tree_cpu_seconds(moto.proc.pid) - s3_0
                        host = s3_cpu + s3_0 + tree_cpu_seconds(emu.proc.pid) + time.process_time() - host0
                        tasks_cpu = sum(st.cpu_ms for st in prof.stages) / 1000
                        host -= tasks_cpu   # the tasks' own CPU is modelled apart
                        requests = sum(st.gets + st.puts for st in prof.stages) + prof.tasks
                        runs.append({"job": job, "mb": mb, "bytes": nbytes, "input_bytes": prof.input_bytes,
                                     "concurrency": level, "partitions": parts, "log": log,
                                     "measured_s": round(prof.wall_s, 3),
                                     "client_s": round(time.perf_counter() - t, 3),
                                     "cold_start_ms": prof.cold_start_ms, "invoke_overhead_ms": prof.invoke_overhead_ms,
                                     "host_cpu_s": round(host, 3), "tasks_cpu_s": round(tasks_cpu, 3),
                                     "s3_server_cpu_s": round(s3_cpu, 3), "requests": requests,
                                     "s3_requests": requests - prof.tasks})
                        print(f"ran {job} {mb:g} MB at concurrency {level}: {prof.wall_s:.2f} s", flush=True)
            finally:
                emu.stop()
                apply_env({"AWS_ENDPOINT_URL_S3": moto.url})
    finally:
        moto.stop()
    rows = predict_all(runs, sizes, levels, tmp)
    _print(rows)
    write_results("plan_validation", {"rows": rows, "runs": runs})


def emulator_constants(base: dict, levels: list) -> dict:
    """The emulator's own constants from its calibration run ``base`` (a run's dict as
    ``main`` keeps it), for runs at concurrency up to ``max(levels)`` (module docstring)."""
    return {"host_cpus": os.cpu_count(), "mb_per_vcpu": 0, "scale_step_environments": 1_000_000,
            "account_concurrency": max(levels), "driver_tasks_per_s": 0,
            "cold_start_platform_ms": 0.0,   # the runs find their instances warm (a warm-up job ran first)
            "invoke_overhead_ms": base["invoke_overhead_ms"] or 0.0,
            # the CPU the host's S3 server and proxy, Lambda service and driver spent per S3
            # request and invocation in the calibration run (what the instances did not)
            "host_ms_per_request": round(base["host_cpu_s"] * 1000 / max(base["requests"], 1), 3),
            # moto's share of it: one process, which serves about one request at a time
            "s3_server_ms_per_request": round(base["s3_server_cpu_s"] * 1000 / max(base["s3_requests"], 1), 3)}


def predict_all(runs, sizes, levels, tmp):
    """Predicted against measured for every run, from the smallest run of each job."""
    from spark_lambda.planning.command import plan
    rows = []
    for job in {r["job"] for r in runs}:
        mine = [r for r in runs if r["job"] == job]
        base = min(mine, key=lambda r: (r["mb"], r["concurrency"]))
        calib = emulator_constants(base, levels)
        path = os.path.join(tmp, f"constants-{job}.json")
        with open(path, "w") as f:
            json.dump(calib, f)
        for r in sorted(mine, key=lambda r: (r["concurrency"], r["mb"])):
            pred, _, _ = plan(base["log"], input_bytes=r["input_bytes"], concurrency=r["concurrency"],
                              partitions=r["partitions"], constants=path)
            rows.append({"job": job, "mb": r["mb"], "concurrency": r["concurrency"], "partitions": r["partitions"],
                         "calibration": r is base, "predicted_s": round(pred.seconds, 2),
                         "predicted_p90_s": round(pred.seconds_p90, 2), "measured_s": r["measured_s"],
                         "error_pct": round(100 * (pred.seconds - r["measured_s"]) / r["measured_s"], 1),
                         "constants": calib})
    return rows


if __name__ == "__main__":
    main()
