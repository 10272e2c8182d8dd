"""Chaos: shuffle-heavy programs on lambda:// with faults injected by the emulator.

Each seed starts ``spark-lambda emulator --faults ... --seed N --s3-upstream``
(moto's S3 behind the emulator's S3 proxy, which the executors and the
driver both use) and runs every program on a function made from the
deployed code package; every result must equal the fault-free run's (the
same program on ``local[2]``). The faults injected (the emulator's ``FAULT``
lines) and how the scheduler absorbed them (failed and fetch-failed task
attempts) are printed. A job whose faults go beyond the retry limit fails
and leaves no ``_SUCCESS`` and no part behind.
"""

from __future__ import annotations

import sys
from collections import Counter
from operator import add

import boto3
import cloudpickle
import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.errors import JobFailedError

from .servers import EmulatorServer, another_function, apply_env, restore_env

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
cloudpickle.register_pickle_by_value(sys.modules[__name__])

FAULTS = "crash=0.08,timeout=0.03,throttle=0.2,slowdown=0.05,lost=0.05"
SEEDS = (1, 2, 3)
KINDS = ("crash", "timeout", "throttle", "slowdown", "lost")


def _reduce_by_key(sc):
    return sorted(sc.parallelize([(i % 13, i) for i in range(400)], 4).reduceByKey(add, 3).collect())


def _join(sc):
    left = sc.parallelize([(i % 17, i) for i in range(120)], 3)
    right = sc.parallelize([(i % 11, str(i)) for i in range(60)], 2)
    return sorted(left.join(right, 3).collect())


def _sort_by_key(sc):
    return sc.parallelize([((i * 7919) % 1009, i) for i in range(300)], 4).sortByKey(numPartitions=3).collect()


def _group_by_key(sc):
    rdd = sc.parallelize([(f"k{i % 9}", i) for i in range(200)], 4).groupByKey(3)
    return sorted((k, sorted(v)) for k, v in rdd.collect())


def _pagerank(sc):
    edges = [(i, (i * 3 + 1) % 12) for i in range(12)] + [(i, (i + 5) % 12) for i in range(0, 12, 2)]
    links = sc.parallelize(edges, 3).groupByKey(3).mapValues(sorted).cache()
    ranks = links.mapValues(lambda _: 1.0)
    for _ in range(3):
        contribs = links.join(ranks).flatMap(
            lambda kv: [(dst, kv[1][1] / len(kv[1][0])) for dst in kv[1][0]])
        ranks = contribs.reduceByKey(add, 3).mapValues(lambda r: round(0.15 + 0.85 * r, 9))
    return sorted(ranks.collect())


PROGRAMS = {"reduceByKey": _reduce_by_key, "join": _join, "sortByKey": _sort_by_key,
            "groupByKey": _group_by_key, "pagerank": _pagerank}


@pytest.fixture(scope="module")
def fault_free(tmp_path_factory):
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path_factory.mktemp("chaos-local")))
    with SparkContext("local[2]", "fault-free", conf=conf) as sc:
        return {name: program(sc) for name, program in PROGRAMS.items()}


def _chaos_context(lambda_conf, function: str, emu: EmulatorServer, prefix: str, **settings) -> SparkContext:
    bucket = lambda_conf.get("spark.lambda.s3.bucket")
    conf = (lambda_conf.copy().setMaster(f"lambda://{function}").setAppName("chaos")
            .set("spark.shuffle.s3.bucket", f"{bucket}/{prefix}")
            .set("spark.hadoop.fs.s3a.endpoint", emu.s3_url))
    for k, v in settings.items():
        conf.set(k, v)
    return SparkContext(conf=conf)


def _faults(emu: EmulatorServer) -> Counter:
    return Counter(line.split()[1] for line in emu.output().splitlines() if line.startswith("FAULT "))


def test_programs_give_fault_free_results_under_injected_faults(
        lambda_conf, deployed_function, moto_server, fault_free, tmp_path, capsys):
    totals: Counter = Counter()
    rows = []
    for seed in SEEDS:
        emu = EmulatorServer(str(tmp_path / f"emulator-{seed}.log"), concurrency=4, faults=FAULTS, seed=seed,
                             s3_upstream=moto_server.url)
        old = apply_env({"AWS_ENDPOINT_URL_LAMBDA": emu.url})
        try:
            with another_function(deployed_function, f"-chaos{seed}", timeout=3, endpoint=emu.url) as fn:
                events: list = []
                sc = _chaos_context(lambda_conf, fn, emu, f"chaos-{seed}", **{"spark.task.maxFailures": "8"})
                try:
                    sc.add_listener(lambda name, fields: events.append((name, fields)))
                    for name, program in PROGRAMS.items():
                        assert program(sc) == fault_free[name], (seed, name)
                finally:
                    sc.stop()
        finally:
            restore_env(old)
            emu.stop()
        injected = _faults(emu)
        totals.update(injected)
        ends = Counter(f["status"] for n, f in events if n == "task_end")
        rows.append((seed, injected, ends))
    with capsys.disabled():
        print(f"\nchaos: {FAULTS}; every program's result equals the fault-free run's")
        print("seed  " + "  ".join(f"{k:>8}" for k in KINDS) + "   tasks ok  failed  fetch-failed")
        for seed, injected, ends in rows:
            print(f"{seed:>4}  " + "  ".join(f"{injected[k]:>8}" for k in KINDS)
                  + f"   {ends['success']:>8}  {ends['failed']:>6}  {ends['fetch_failed']:>12}")
        print("all faults injected were survived: " + ", ".join(f"{k} {totals[k]}" for k in KINDS))
    assert all(totals[k] > 0 for k in KINDS), totals


def _save_numbers(sc, out: str) -> None:
    sc.parallelize(range(160), 16).map(str).saveAsTextFile(out)


def test_job_beyond_the_retry_limit_leaves_nothing_committed(lambda_conf, deployed_function, moto_server, tmp_path):
    bucket = lambda_conf.get("spark.lambda.s3.bucket")[len("s3://"):]
    emu = EmulatorServer(str(tmp_path / "emulator.log"), concurrency=4, faults="crash=0.6", seed=5,
                         s3_upstream=moto_server.url)
    old = apply_env({"AWS_ENDPOINT_URL_LAMBDA": emu.url})
    try:
        # A generous timeout: under load a slow cold start must not fail a task before its
        # injected crash does (the message checked below is the crash's).
        with another_function(deployed_function, "-doomed", timeout=60, endpoint=emu.url) as fn:
            sc = _chaos_context(lambda_conf, fn, emu, "chaos-doomed", **{"spark.task.maxFailures": "2"})
            try:
                with pytest.raises(JobFailedError, match="failed 2 times") as info:
                    _save_numbers(sc, f"s3://{bucket}/chaos-doomed/out")
                assert "Runtime exited" in str(info.value)
            finally:
                sc.stop()
    finally:
        restore_env(old)
        emu.stop()
    assert _faults(emu)["crash"] >= 2
    left = boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix="chaos-doomed/")
    assert [o["Key"] for o in left.get("Contents", [])] == []
