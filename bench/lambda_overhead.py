"""Driver overhead per task and tasks per second through the Lambda emulator.

    python bench/lambda_overhead.py [--tasks-per-slot 20] [--inflight 1,10,100]

Starts ``spark-lambda emulator`` (concurrency 100) in its own process,
deploys a function from the code package, and sends empty tasks (a stage
whose function returns None) through ``LambdaBackend`` with 1, 10 and 100
invocations in flight, after a warm-up round so instances are warm. For each
level it reports tasks per second, the mean and p95 round trip seen by the
driver, the mean handler duration (REPORT Duration), the overhead (round
trip minus handler duration: serialising, HTTP, the emulator's dispatch) and
the driver's CPU time per task. Prints a table and writes
bench/results/lambda_overhead.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import boto3  # noqa: E402
import cloudpickle  # noqa: E402

from spark_lambda import storage  # noqa: E402
from spark_lambda.backends.aws_lambda import LambdaBackend  # noqa: E402
from spark_lambda.conf import SparkConf  # noqa: E402
from spark_lambda.deploy.package import build_package  # noqa: E402
from spark_lambda.serializers import digest, seal  # noqa: E402
from spark_lambda.wire import Task  # noqa: E402


class Empty:
    """A stage RDD whose partitions hold nothing."""
    id = 0
    storage_level = None

    def iterator(self, split, tc):
        return iter(())


def nothing(it):
    return None


def start_emulator(concurrency: int, log_path: str):
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "spark_lambda.cli", "emulator", "--port", str(port),
                             "--concurrency", str(concurrency)], cwd=ROOT,
                            stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/2016-08-19/account-settings", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("emulator did not start")


def run_level(function: str, inflight: int, tasks: int, work_url: str) -> dict:
    store = storage.open_root(work_url)
    secret = secrets.token_bytes(32)
    data = cloudpickle.dumps((Empty(), nothing))
    key = f"bench/code/{digest(data)}"
    store.put(key, seal(secret, data))
    conf = SparkConf(loadDefaults=False).set("spark.lambda.concurrent.requests.max", str(inflight))
    backend = LambdaBackend(conf, {}, function=function)

    def task(i):
        return Task(app_id="bench", work_url=work_url, secret=secret.hex(), stage_id=0, stage_attempt=0,
                    partition=i, attempt=0, task_id=i, kind="result", code=key, conf={}).to_dict()
    try:
        warm = [backend.submit(task(i)) for i in range(inflight * 2)]
        for f in warm:
            assert f.result()["status"] == "success"
        cpu0, t0 = time.process_time(), time.perf_counter()
        futures = [backend.submit(task(i)) for i in range(tasks)]
        results = [f.result() for f in futures]
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        backend.close()
    assert all(r["status"] == "success" for r in results), [r["error"] for r in results if r["error"]][:1]
    trips = [r["metrics"]["invoke_ms"] for r in results]
    inside = [r["metrics"]["lambda"].get("duration_ms", 0) for r in results]
    return {"inflight": inflight, "tasks": tasks, "wall_s": round(wall, 3),
            "tasks_per_s": round(tasks / wall, 1),
            "round_trip_ms_mean": round(statistics.mean(trips), 2),
            "round_trip_ms_p95": round(sorted(trips)[int(0.95 * (len(trips) - 1))], 2),
            "handler_ms_mean": round(statistics.mean(inside), 2),
            "overhead_ms_mean": round(statistics.mean(t - d for t, d in zip(trips, inside)), 2),
            "driver_cpu_ms_per_task": round(cpu * 1000 / tasks, 3),
            "throttled_retries": sum(r["metrics"].get("throttled_retries", 0) for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflight", default="1,10,100")
    parser.add_argument("--tasks-per-slot", type=int, default=20)
    parser.add_argument("--min-tasks", type=int, default=200)
    args = parser.parse_args()
    levels = [int(x) for x in args.inflight.split(",")]
    tmp = tempfile.mkdtemp(prefix="bench-lambda-")
    proc, url = start_emulator(max(levels), os.path.join(tmp, "emulator.log"))
    os.environ.update(AWS_ENDPOINT_URL_LAMBDA=url, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                      AWS_DEFAULT_REGION="us-east-1")
    rows = []
    try:
        zip_path = os.path.join(tmp, "package.zip")
        build_package(zip_path, "bench")
        client = boto3.client("lambda")
        with open(zip_path, "rb") as f:
            client.create_function(FunctionName="bench", Runtime=f"python{sys.version_info.major}."
                                   f"{sys.version_info.minor}", Role="arn:aws:iam::123456789012:role/bench",
                                   Handler="spark_lambda.executor.handler.handler", Code={"ZipFile": f.read()},
                                   Timeout=60, MemorySize=512)
        for n in levels:
            rows.append(run_level("bench", n, max(args.min_tasks, n * args.tasks_per_slot),
                                  "file://" + os.path.join(tmp, "work")))
    finally:
        proc.terminate()
        proc.wait()
    head = ["inflight", "tasks", "tasks_per_s", "round_trip_ms_mean", "round_trip_ms_p95", "handler_ms_mean",
            "overhead_ms_mean", "driver_cpu_ms_per_task", "throttled_retries"]
    print(" | ".join(head))
    for r in rows:
        print(" | ".join(str(r[h]) for h in head))
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    out = os.path.join(ROOT, "bench", "results", "lambda_overhead.json")
    with open(out, "w") as f:
        json.dump({"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()}, "rows": rows}, f, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
