"""`spark-lambda plan` for TPC-H Q6 and Q12: event logs of distributed runs on the emulator.

    python bench/plan_tpch.py [--runs 0.1:4,0.3:4,1:16,1:40] [--queries q06,q12] [--concurrency 2,4]
    python bench/plan_tpch.py --repredict bench/results/plan_tpch.json
    python bench/plan_tpch.py --runs 0.1:4,3:120 --tag sf3     # another set, kept apart

Generates lineitem and orders with tpchgen-cli at each run's scale in its number of files
per table (``--runs SCALE:PARTS,...``; cached beside the tests' tables, ``sf<scale>-parts<N>``),
uploads them to moto's S3 server, starts
``spark-lambda emulator --s3-model`` (S3 latency, per-instance network, request rates from
``planning/aws.py``) with each ``--concurrency`` level's instances in turn, and runs each query
at each scale as its own application with the event
log on, distributed (``spark.sql.adaptive.singleTask.maxInputBytes=0``: no query runs as one
task) and with the join shuffled at every scale (``spark.sql.autoBroadcastJoinThreshold=-1``:
at SF 1000 neither side of Q12's join is under the 10 MB threshold, so the small runs take
the plan the large one would) over 32 shuffle partitions (``spark.sql.shuffle.partitions``:
moto serves one request at a time, and a reducer reads every partition of every map apart),
after a warm-up query (every measured run finds warm instances). The logs are copied to
``bench/data/plan/tpch-<query>-sf<scale>-parts<N>-c<level>[-<tag>]-eventlog``. The default runs
keep every file at most 24 MB: moto reads an object whole for every ranged GET, which past
that size costs it about 0.6 ms a MB per GET (``moto_get_cost.py``) where S3's cost does not
depend on the object; a run whose files are larger is marked, since it measures moto.

Then predicts, per query, every run from the first run's log alone (``plan --scale`` the
scales' ratio, ``--files`` the parts' ratio, ``--max-concurrency`` the run's level) with the
emulator's constants
(``plan_validation.emulator_constants``: its Invoke overhead, the host's cores, the host and
moto CPU per request; the driver's CPU, mostly planning before the stages run, is left out of
the host's), against the measured job time. Writes ``bench/results/plan_tpch[-<tag>].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from plan_validation import emulator_constants  # noqa: E402
from procs import tree_cpu_seconds  # noqa: E402
from results_file import write_results  # noqa: E402
from tests.servers import EmulatorServer, MotoServer, apply_env  # noqa: E402
from tpch_data import query_text, scale_text  # noqa: E402

BUCKET = "plan-tpch"
TABLES = ("lineitem", "orders")
LOGS = os.path.join(ROOT, "bench", "data", "plan")
# moto reads an object whole for every ranged GET: past about this size that costs it 0.6 ms a MB
# per GET, which S3 does not (``moto_get_cost.py``); runs whose files are larger measure moto
MOTO_FLAT_BYTES = 24 << 20


def parts_dir(scale, parts: int) -> str:
    """lineitem and orders at ``scale`` in ``parts`` Parquet files each (tpchgen-cli, cached)."""
    root = os.environ.get("SPARK_LAMBDA_TPCH_CACHE",
                          os.path.join(os.path.expanduser("~"), ".cache", "spark-lambda", "tpch"))
    out = os.path.join(root, f"sf{scale_text(scale)}-parts{parts}")
    if all(os.path.isdir(os.path.join(out, t)) for t in TABLES):
        return out
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    exe = shutil.which("tpchgen-cli") or os.path.join(os.path.dirname(sys.executable), "tpchgen-cli")
    subprocess.run([exe, "parquet", "-s", scale_text(scale), "--tables", ",".join(TABLES),
                    "--parts", str(parts), "--output-dir", tmp], check=True, capture_output=True)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    return out


def upload(s3, scale, parts: int) -> tuple[str, int, int]:
    """The tables' S3 prefix, their bytes and their largest file's, uploaded once."""
    local = parts_dir(scale, parts)
    prefix, total, largest = f"tpch/sf{scale_text(scale)}-parts{parts}", 0, 0
    for t in TABLES:
        for name in sorted(os.listdir(os.path.join(local, t))):
            path = os.path.join(local, t, name)
            s3.upload_file(path, BUCKET, f"{prefix}/{t}/{name}")
            total += os.path.getsize(path)
            largest = max(largest, os.path.getsize(path))
    return f"s3://{BUCKET}/{prefix}", total, largest


def run_query(query, tables_url, concurrency, logdir, s3_url):
    """Runs ``query`` as its own application; (event log URL, profile)."""
    from spark_lambda import SparkConf, SparkContext
    from spark_lambda.planning.profile import read_profile
    from spark_lambda.sql import SparkSession
    from spark_lambda.ui.eventlog import log_url
    conf = (SparkConf(loadDefaults=False).setMaster("lambda://plan").setAppName(f"tpch-{query}")
            .set("spark.lambda.s3.bucket", f"s3://{BUCKET}")
            .set("spark.lambda.spark.software.version", "0.1.0-plan-sql").set("spark.shuffle.s3.enabled", "true")
            .set("spark.shuffle.s3.bucket", f"s3://{BUCKET}/shuffle")
            .set("spark.lambda.concurrent.requests.max", str(concurrency))
            .set("spark.hadoop.fs.s3a.endpoint", s3_url)
            .set("spark.sql.adaptive.singleTask.maxInputBytes", "0")
            .set("spark.sql.autoBroadcastJoinThreshold", "-1").set("spark.sql.shuffle.partitions", "32")
            .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", logdir))
    sc = SparkContext(conf=conf)
    try:
        spark = SparkSession(sc, {})
        for t in TABLES:
            spark.read.parquet(f"{tables_url}/{t}").createOrReplaceTempView(t)
        rows = spark.sql(query_text(query)).collect()
        assert rows, f"{query} returned no rows"
        app = sc.app_id
    finally:
        sc.stop()
    log = log_url(logdir, app)
    return log, read_profile(log)


def measure_one(q, level, scale, parts, table, moto, emu, tmp, tag) -> dict:
    """One run of query ``q`` over ``table`` ((URL, bytes) of SF ``scale`` in ``parts`` files) at
    concurrency ``level``; its log kept in ``LOGS``, its figures (and the host's CPU) as a dict."""
    t = time.perf_counter()
    s3_0 = tree_cpu_seconds(moto.proc.pid)
    driver0 = time.process_time()
    host0 = s3_0 + tree_cpu_seconds(emu.proc.pid) + driver0
    log, prof = run_query(q, table[0], level, os.path.join(tmp, "logs"), emu.s3_url)
    s3_cpu = tree_cpu_seconds(moto.proc.pid) - s3_0
    driver = time.process_time()
    host = s3_cpu + s3_0 + tree_cpu_seconds(emu.proc.pid) + driver - host0
    driver -= driver0
    # the driver's CPU is mostly planning (parsing, analysing), before the stages run:
    # the model has it in the time between stages, not as host CPU per request
    host -= driver
    tasks_cpu = sum(st.cpu_ms for st in prof.stages) / 1000
    requests = sum(st.gets + st.puts for st in prof.stages) + prof.tasks
    os.makedirs(LOGS, exist_ok=True)
    kept = os.path.join(LOGS, f"tpch-{q}-sf{scale_text(scale)}-parts{parts}-c{level}{'-' + tag if tag else ''}"
                              f"-eventlog")
    shutil.copyfile(log, kept)
    print(f"ran {q} SF {scale:g} in {parts} parts at concurrency {level}: {prof.wall_s:.2f} s, {prof.tasks} tasks "
          f"in {len(prof.stages)} stages", flush=True)
    return {"job": q, "scale": scale, "parts": parts, "tables_bytes": table[1], "largest_file_bytes": table[2],
            "input_bytes": prof.input_bytes, "concurrency": level, "log": kept,
            "measured_s": round(prof.wall_s, 3), "client_s": round(time.perf_counter() - t, 3),
            "tasks": prof.tasks, "stages": [(s.name, s.tasks) for s in prof.stages],
            "invoke_overhead_ms": prof.invoke_overhead_ms,
            "host_cpu_s": round(host - tasks_cpu, 3), "tasks_cpu_s": round(tasks_cpu, 3),
            "s3_server_cpu_s": round(s3_cpu, 3), "driver_cpu_s": round(driver, 3),
            "requests": requests, "s3_requests": requests - prof.tasks}


def measure(a, tmp) -> list[dict]:
    """Every (concurrency, scale, query) run on the emulator, one emulator per concurrency level
    (the function deployed, every instance warmed up first); one dict each."""
    specs = [(float(x.split(":")[0]), int(x.split(":")[1])) for x in a.runs.split(",")]
    queries, levels = a.queries.split(","), [int(x) for x in a.concurrency.split(",")]
    moto = MotoServer()
    runs = []
    try:
        apply_env(moto.env())
        import boto3
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        tables = {spec: upload(s3, *spec) for spec in specs}
        for level in levels:
            emu = EmulatorServer(os.path.join(tmp, f"emulator-{level}.log"), concurrency=level,
                                 s3_upstream=moto.url, s3_model="")
            apply_env({"AWS_ENDPOINT_URL_LAMBDA": emu.url, "AWS_ENDPOINT_URL_S3": emu.s3_url})
            try:
                from spark_lambda.cli.main import main as cli
                assert cli(["deploy", "--bucket", f"s3://{BUCKET}", "--function-name", "plan", "--memory",
                            str(a.memory), "--timeout", "300", "--version", "0.1.0-plan-sql", "--create-role",
                            "--with", "sql"]) == 0
                for q in queries:   # warm every instance up (and each query's code paths) first
                    run_query(q, tables[specs[0]][0], level, os.path.join(tmp, "warmup"), emu.s3_url)
                for scale, parts in specs:
                    for q in queries:
                        runs.append(measure_one(q, level, scale, parts, tables[scale, parts], moto, emu, tmp, a.tag))
            finally:
                emu.stop()
                apply_env({"AWS_ENDPOINT_URL_S3": moto.url})
    finally:
        moto.stop()
    return runs


def predict_all(runs, tmp) -> list[dict]:
    """Each run predicted from the first run of its query (``--scale``, ``--files``: the ratios;
    ``--max-concurrency``: the run's)."""
    from spark_lambda.planning.command import plan
    from spark_lambda.planning.growth import Layout
    rows = []
    for q in sorted({r["job"] for r in runs}):
        mine = [r for r in runs if r["job"] == q]
        base = mine[0]
        calib = emulator_constants(base, sorted({r["concurrency"] for r in mine}))
        path = os.path.join(tmp, f"constants-{q}.json")
        with open(path, "w") as f:
            json.dump(calib, f)
        for r in mine:
            pred, _, _ = plan(base["log"], scale=r["scale"] / base["scale"], concurrency=r["concurrency"],
                              constants=path, layout=Layout(files=r["parts"] / base["parts"]))
            large = r.get("largest_file_bytes", 0) > MOTO_FLAT_BYTES
            rows.append({"query": q, "scale": r["scale"], "parts": r["parts"], "concurrency": r["concurrency"],
                         "calibration": r is base, "moto_bound": large,
                         "tasks": r["tasks"], "predicted_tasks": pred.invocations,
                         "predicted_s": round(pred.seconds, 2), "predicted_p90_s": round(pred.seconds_p90, 2),
                         "measured_s": r["measured_s"],
                         "error_pct": round(100 * (pred.seconds - r["measured_s"]) / r["measured_s"], 1),
                         "constants": calib})
    return rows


def _print(rows) -> None:
    head = ["query", "scale", "parts", "concurrency", "tasks", "predicted_tasks", "predicted_s", "predicted_p90_s",
            "measured_s", "error_pct"]
    print(" | ".join(head))
    for r in rows:
        print(" | ".join(str(r[h]) for h in head) + (" (calibration)" if r["calibration"] else "")
              + (" (files past moto's flat cost)" if r.get("moto_bound") else ""))
    checked = [r for r in rows if not r["calibration"]]
    flat = [r for r in checked if not r.get("moto_bound")]
    print(f"{sum(abs(r['error_pct']) <= 25 for r in checked)} of {len(checked)} predictions within 25 % "
          f"({sum(abs(r['error_pct']) <= 25 for r in flat)} of the {len(flat)} whose files moto reads at its flat cost)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", default="0.1:4,0.3:4,1:16,1:40",
                   help="SCALE:PARTS of each run (TPC-H scale factor, files per table), the first predicting the rest")
    p.add_argument("--queries", default="q06,q12")
    p.add_argument("--concurrency", default="2,4", help="the emulator's instances, one set of runs at each")
    p.add_argument("--memory", type=int, default=1024)
    p.add_argument("--tag", default="", help="a name for this set of runs, in its logs' and results' names")
    p.add_argument("--repredict", metavar="JSON", help="only predict again the runs of a results file")
    a = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="plan-tpch-")
    if a.repredict:
        with open(a.repredict) as f:
            runs = json.load(f)["runs"]
    else:
        runs = measure(a, tmp)
    rows = predict_all(runs, tmp)
    _print(rows)
    if not a.repredict:
        write_results(f"plan_tpch{'-' + a.tag if a.tag else ''}", {"rows": rows, "runs": runs})


if __name__ == "__main__":
    main()
