"""TPC-H: the 22 queries on spark-lambda, PySpark, DuckDB and Polars side by side.

    python bench/tpch.py [--scale 1] [--systems spark-lambda,spark-lambda-df,pyspark,duckdb,polars]
                         [--queries 1,3,6] [--repeat 1] [--conf KEY=VALUE ...] [--timeout 1800]

Each (system, query) runs in a fresh process (``tpch_run_one.py``); in each of the
``--repeat`` rounds every query runs on every system in turn, so a noisy spell on the shared
machine hits them alike. The table shows median seconds of the query (from the SQL text to
the rows on the driver); context start (context, session, views) is reported apart (median), the
``+starts`` row sums each query's process, its start and its query, and each
spark-lambda worker process's peak resident memory (the highest of the rounds), in MB, with
its peak less its baseline (resident with the SQL stack loaded) and the most a task counted
against DuckDB's share (``tpch_systems.worker_data_memory``). Every
run's answer is checked against DuckDB's (``tpch_check.py``) and a mismatch is printed and
fails the run. ``--conf`` settings go to the Spark systems. spark_lambda's modules are
byte-compiled first, as an installed package's are. Writes bench/results/tpch.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import uuid

from procs import settle
from tpch_check import difference
from tpch_data import query_names, scale_text, tables_dir
from tpch_systems import has_query

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEMS = "spark-lambda,spark-lambda-df,pyspark,duckdb,polars"
SHORT = {"spark-lambda": "sl", "pyspark": "pyspark", "duckdb": "duckdb", "polars": "polars"}


def run_one(system, query, scale, conf, timeout):
    marker = f"TPCH_BENCH_RUN={uuid.uuid4().hex}"
    env = dict(os.environ, TPCH_BENCH_RUN=marker.split("=", 1)[1])
    cmd = [sys.executable, os.path.join(HERE, "tpch_run_one.py"), system, query, scale, *conf]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        settle(60, marker)
        return {"error": f"timeout after {timeout} s"}
    settle(30, marker)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if out.returncode or not lines:
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1][-300:]}
    return json.loads(lines[-1])


def compile_package():
    """Byte-compile spark_lambda's modules, as ``pip install`` does: a checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every module from source in the
    driver and in each worker of every run (0.4 s and more of the first query's time), which
    no installed copy does."""
    import compileall
    import spark_lambda
    compileall.compile_dir(os.path.dirname(spark_lambda.__file__), quiet=1)


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="1")
    p.add_argument("--systems", default=SYSTEMS)
    p.add_argument("--queries", default="all", help="e.g. 1,3,6 or q01,q03 (default all 22)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--conf", action="append", default=[], help="KEY=VALUE for the Spark systems")
    p.add_argument("--timeout", type=float, default=1800)
    a = p.parse_args()
    scale = scale_text(a.scale)
    systems = a.systems.split(",")
    queries = query_names() if a.queries == "all" else [
        q if q.startswith("q") else f"q{int(q):02d}" for q in a.queries.split(",")]
    tables_dir(scale)  # generate before timing anything
    compile_package()
    report = {"scale": scale, "systems": systems, "repeat": a.repeat, "conf": a.conf,
              "machine_cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M"),
              "load_before": os.getloadavg(), "queries": {}, "mismatches": []}
    cols = [s for s in systems]
    ratios = [o for o in ("pyspark", "duckdb", "polars") if o in systems and "spark-lambda" in systems]
    print(f"TPC-H SF {scale}, median seconds of {a.repeat} (query only; context start apart)")
    print(f"{'query':8s}" + "".join(f"{s:>16s}" for s in cols)
          + "".join(f"{'sl/' + o:>11s}" for o in ratios)
          + ("  sl workers' peak MB (above baseline; most counted)" if "spark-lambda" in systems
             else ""), flush=True)
    for q in queries:
        runs = {s: [] for s in systems if has_query(s, q)}
        for _ in range(a.repeat):
            for s in runs:
                runs[s].append(run_one(s, q, scale, a.conf, a.timeout))
        ref = next((r["rows"] for r in runs.get("duckdb", []) if "rows" in r), None)
        if ref is None:
            ref = next((r["rows"] for rs in runs.values() for r in rs if "rows" in r), None)
        entry = {"seconds": {}, "start_seconds": {}, "errors": {}, "rows": len(ref or [])}
        for s, rs in runs.items():
            for r in rs:
                if "error" in r:
                    entry["errors"].setdefault(s, []).append(r["error"])
                    print(f"!! {q} {s} FAILED: {r['error']}", flush=True)
                    continue
                diff = difference(r["rows"], ref)
                if diff:
                    report["mismatches"].append({"query": q, "system": s, "difference": diff})
                    print(f"!! MISMATCH {q} {s}: {diff}", flush=True)
            ok = [r for r in rs if "seconds" in r]
            if ok and len(ok) == len(rs):
                entry["seconds"][s] = statistics.median(r["seconds"] for r in ok)
                entry["start_seconds"][s] = statistics.median(r["start_seconds"] for r in ok)
        entry["runs"] = {s: [{k: v for k, v in r.items() if k != "rows"} for r in rs]
                         for s, rs in runs.items()}
        peaks = [r["worker_peak_mb"] for r in runs.get("spark-lambda", []) if r.get("worker_peak_mb")]
        if peaks:
            entry["worker_peak_mb"] = max(peaks, key=max)
        above = [r for r in runs.get("spark-lambda", []) if r.get("above_baseline_mb")]
        if above:
            entry["above_baseline_mb"] = max((r["above_baseline_mb"] for r in above), key=max)
            entry["counted_mb"] = max(r["counted_mb"] for r in above)
        report["queries"][q] = entry
        t = entry["seconds"]
        line = f"{q:8s}" + "".join(f"{t[s]:16.2f}" if s in t else f"{'-':>16s}" for s in cols)
        line += "".join(f"{t['spark-lambda'] / t[o]:11.2f}" if "spark-lambda" in t and o in t
                        else f"{'-':>11s}" for o in ratios)
        if peaks:
            line += "  " + "/".join(f"{mb:.0f}" for mb in entry["worker_peak_mb"])
        if above:
            line += " (" + "/".join(f"{mb:.0f}" for mb in entry["above_baseline_mb"]) + \
                f"; {entry['counted_mb']:.0f})"
        print(line, flush=True)
        save(report, scale)  # after every query: a long run interrupted keeps what it measured
    summary(report, systems, queries, cols, ratios)
    report["load_after"] = os.getloadavg()
    print(f"load average before {report['load_before'][0]:.2f}, after {report['load_after'][0]:.2f}")
    save(report, scale)
    if report["mismatches"]:
        print(f"!! {len(report['mismatches'])} MISMATCHED ANSWERS (see above)")
        sys.exit(1)


def save(report, scale):
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    for name in ("tpch.json", f"tpch-sf{scale}.json"):
        with open(os.path.join(HERE, "results", name), "w") as f:
            json.dump(report, f, indent=1)


def summary(report, systems, queries, cols, ratios):
    """Total and geometric mean over the queries every system (but the DataFrame one) ran."""
    full = [s for s in systems if s != "spark-lambda-df"]
    done = [q for q in queries if all(s in report["queries"][q]["seconds"] for s in full)]
    tot = {s: sum(report["queries"][q]["seconds"][s] for q in done) for s in full}
    geo = {s: geomean([report["queries"][q]["seconds"][s] for q in done]) for s in full}
    start = {s: statistics.median(report["queries"][q]["start_seconds"][s] for q in queries
                                  if s in report["queries"][q]["start_seconds"])
             for s in systems if any(s in report["queries"][q]["start_seconds"] for q in queries)}
    # each query's process: its context start and its query, summed (time moved between the
    # two, as imports done at session start rather than in the first query, shows here)
    whole = {s: sum(report["queries"][q]["start_seconds"][s] + report["queries"][q]["seconds"][s] for q in done)
             for s in full if all(s in report["queries"][q].get("start_seconds", {}) for q in done)}
    for label, v in (("total", tot), ("geomean", geo), ("+starts", whole)):
        line = f"{label:8s}" + "".join(f"{v[s]:16.2f}" if s in v else f"{'-':>16s}" for s in cols)
        line += "".join(f"{v['spark-lambda'] / v[o]:11.2f}" if "spark-lambda" in v and o in v else ""
                        for o in ratios)
        print(line)
    print(f"{'start':8s}" + "".join(f"{start[s]:16.2f}" if s in start else f"{'-':>16s}" for s in cols)
          + "   (median context start, not in the query times)")
    if len(done) < len(queries):
        print(f"total and geomean over {len(done)} queries every system answered: {' '.join(done)}")
    if "spark-lambda-df" in systems and "spark-lambda" in systems:
        pairs = [(q, report["queries"][q]["seconds"]) for q in queries]
        pairs = [(q, t) for q, t in pairs if "spark-lambda-df" in t and "spark-lambda" in t]
        if pairs:
            print("DataFrame form / SQL form: " + ", ".join(
                f"{q} {t['spark-lambda-df'] / t['spark-lambda']:.2f}" for q, t in pairs))
    ratio = {f"sl/{o}": {"total": tot["spark-lambda"] / tot[o], "geomean": geo["spark-lambda"] / geo[o]}
             for o in ratios if done}
    report["summary"] = {"queries": done, "total": tot, "geomean": geo, "start": start,
                         "total_with_starts": whole, "ratios": ratio}


if __name__ == "__main__":
    main()
