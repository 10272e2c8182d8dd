"""One driver, a thousand invocations in flight: sleeping tasks on lambda:// against the emulator.

    python bench/driver_inflight.py [--tasks 5000,10000] [--concurrency 1000] [--sleep 1.5]
                                    [--scale-rate 1000/10]

Starts moto's S3 server and ``spark-lambda emulator --instances threads`` (each execution
environment a thread of the emulator: a process each would not fit a thousand on a small
host) with an account concurrency of ``--concurrency`` and, with ``--scale-rate``, Lambda's
scaling rate; deploys the function with ``spark-lambda deploy``. Then, per task count, a
fresh driver process runs one warm-up job of ``--concurrency`` tasks (the environments'
ramp) and one job of that many tasks that each sleep ``--sleep`` seconds
(``parallelize(range(n), n).map(sleep).count()``), timed, with
``spark.lambda.concurrent.requests.max`` = ``--concurrency``.

What it measures: the driver (scheduler, task serialization, the Invoke client, result
decoding) with real Invoke requests and real task results. What it does not: executors'
performance (a thread's task is not a Lambda's) or AWS's network. The emulator shares the two
cores with the driver, so its CPU per invocation is shown too. Columns: invocations per
second (tasks over the job's wall time), the ideal (``concurrency / sleep``), the peak
of invocations in flight and the ramp to it (the backend's ``scaling_report``), throttles,
driver CPU ms per task (``time.process_time`` of the driver process over the job) and the
emulator's. JSON in ``bench/results/driver_inflight.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from procs import cpu_seconds  # noqa: E402
from tests.servers import EmulatorServer, MotoServer, apply_env  # noqa: E402

BUCKET = "driver-inflight"
FUNCTION = "inflight"
VERSION = "0.1.0-inflight"

DRIVER = """
import json, sys, time
from spark_lambda import SparkConf, SparkContext
n, concurrency, nap = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
# no spark.lambda.spark.software.version: in threads mode the handler is the emulator's own
# spark_lambda (the same installation as this driver's), not the code package's copy
conf = (SparkConf(loadDefaults=False).setMaster("lambda://%(fn)s").set("spark.lambda.s3.bucket", "s3://%(b)s")
        .set("spark.shuffle.s3.enabled", "true")
        .set("spark.shuffle.s3.bucket", "s3://%(b)s/work")
        .set("spark.lambda.concurrent.requests.max", str(concurrency)))
sc = SparkContext(conf=conf)
def sleepy(x, nap=nap):
    import time
    time.sleep(nap)
    return x
sc.parallelize(range(concurrency), concurrency).map(sleepy).count()
warm = sc.backend.scaling_report()
c0, t0 = time.process_time(), time.perf_counter()
assert sc.parallelize(range(n), n).map(sleepy).count() == n
t1, c1 = time.perf_counter(), time.process_time()
after = sc.backend.scaling_report()
sc.stop()
job = after["stages"][-1]
print(json.dumps({"seconds": t1 - t0, "driver_cpu_s": c1 - c0, "peak_in_flight": job["peak_in_flight"],
                  "ramp_s": job["ramp_s"], "throttles": job["throttles"],
                  "warmup_ramp_s": warm["ramp_s"], "warmup_peak": warm["peak_in_flight"],
                  "warmup_throttles": warm["throttles"]}))
""" % {"fn": FUNCTION, "b": BUCKET}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tasks", default="5000,10000")
    p.add_argument("--concurrency", type=int, default=1000)
    p.add_argument("--sleep", type=float, default=1.5)
    p.add_argument("--scale-rate", default="", help="the emulator's N/SECONDS (default: none)")
    a = p.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="driver-inflight-")
    moto = MotoServer()
    apply_env(moto.env())
    rows = []
    emu = None
    try:
        import boto3
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        emu = EmulatorServer(os.path.join(tmp, "emulator.log"), concurrency=a.concurrency, instances="threads",
                             scale_rate=a.scale_rate)
        apply_env({"AWS_ENDPOINT_URL_LAMBDA": emu.url})
        from spark_lambda.cli.main import main as cli
        assert cli(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", FUNCTION, "--memory", "512",
                    "--timeout", "120", "--version", VERSION, "--create-role"]) == 0
        print(f"{'tasks':>7} {'in flight':>9} {'seconds':>8} {'inv/s':>7} {'ideal/s':>8} {'ramp s':>7} "
              f"{'throttles':>9} {'driver CPU ms/task':>19} {'emulator CPU ms/task':>21}", flush=True)
        for n in [int(x) for x in a.tasks.split(",")]:
            e0 = cpu_seconds(emu.proc.pid)
            out = subprocess.run([sys.executable, "-c", DRIVER, str(n), str(a.concurrency), str(a.sleep)],
                                 capture_output=True, text=True, cwd=ROOT,
                                 env=dict(os.environ, PYTHONPATH=ROOT))
            if out.returncode:
                raise RuntimeError(f"the driver failed:\n{out.stderr[-3000:]}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            # the emulator's CPU over the whole driver process (warm-up job included), per invocation
            emu_ms = (cpu_seconds(emu.proc.pid) - e0) * 1000 / (n + a.concurrency + 1)
            r.update(tasks=n, concurrency=a.concurrency, sleep_s=a.sleep, invocations_per_s=n / r["seconds"],
                     ideal_per_s=a.concurrency / a.sleep, driver_cpu_ms_per_task=r["driver_cpu_s"] * 1000 / n,
                     emulator_cpu_ms_per_invocation=emu_ms)
            rows.append(r)
            print(f"{n:>7} {r['peak_in_flight']:>9} {r['seconds']:>8.2f} {r['invocations_per_s']:>7.0f} "
                  f"{r['ideal_per_s']:>8.0f} {r['ramp_s']:>7.2f} {r['throttles']:>9} "
                  f"{r['driver_cpu_ms_per_task']:>19.3f} {emu_ms:>21.3f}", flush=True)
    finally:
        if emu is not None:
            emu.stop()
        moto.stop()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "driver_inflight.json"), "w") as f:
        json.dump({"cpus": os.cpu_count(), "scale_rate": a.scale_rate, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
