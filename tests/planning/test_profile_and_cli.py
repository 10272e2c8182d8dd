"""A real run's event log (lambda:// on the emulator, shuffle on moto's S3) read into a profile,
and `spark-lambda plan` on it."""

from __future__ import annotations

import json
import os

import boto3
import pytest

from spark_lambda import SparkContext
from spark_lambda.cli import main
from spark_lambda.planning.profile import read_profile
from spark_lambda.ui.eventlog import log_url

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")


@pytest.fixture(scope="module")
def sort_log(lambda_conf, deployed_function, tmp_path_factory):
    bucket = deployed_function["bucket"]
    lines = "".join(f"{(i * 7919) % 10007:010d}{'x' * 89}\n" for i in range(3000))
    boto3.client("s3").put_object(Bucket=bucket, Key="input/plan-sort.txt", Body=lines.encode())
    logs = str(tmp_path_factory.mktemp("eventlogs"))
    conf = lambda_conf.copy().setAppName("plan").set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", logs)
    with SparkContext(conf=conf) as sc:
        n = (sc.textFile(f"s3://{bucket}/input/plan-sort.txt", 3).map(lambda l: (l[:10], l[10:]))
             .sortByKey(numPartitions=3).count())
        app = sc.app_id
    assert n == 3000
    return log_url(logs, app), len(lines)


def test_profile_of_a_real_run(sort_log):
    url, size = sort_log
    p = read_profile(url)
    sample, mapper, reducer = p.stages     # sortByKey's sampling job, then the shuffle's two stages
    assert (mapper.kind, reducer.kind) == ("map", "result") and reducer.parents == [mapper.stage]
    assert mapper.tasks == reducer.tasks == 3
    assert p.input_bytes == size                       # the largest single scan of the input
    assert mapper.input_bytes == size and mapper.records_written == 3000 == reducer.records_read
    assert 0.9 * mapper.bytes_written <= reducer.shuffle_bytes_read <= mapper.bytes_written   # blocks, not headers
    assert mapper.puts >= mapper.tasks                 # one map output object per task
    assert 0 < reducer.shuffle_gets <= mapper.tasks * reducer.tasks
    assert mapper.cpu_ms > 0 and mapper.duration_ms >= mapper.cpu_ms * 0.5
    assert p.memory_mb == 512 and p.concurrency == 4
    assert p.cold_starts_ms and all(ms > 0 for ms in p.cold_starts_ms)
    assert p.invoke_overhead_ms is not None and p.wall_s > 0
    # the sampling scan says what it would read of a large split; every task's bytes and CPU are kept
    assert (sample.sample_bytes, sample.sample_windows, sample.sample_min_split) == (2 << 20, 32, 8 << 20)
    assert mapper.sample_bytes == 0 and 1 <= len(mapper.task_points) <= 3
    assert reducer.sort_held_bytes > 3000 * 100 and reducer.spill_bytes == 0   # records held, no spill
    assert sum(b for b, _ in mapper.task_points) <= size and all(c > 0 for _, c in mapper.task_points)


def test_plan_json_has_the_keys_scripts_use(sort_log, capsys):
    url, size = sort_log
    assert main(["plan", url, "--input-bytes", str(size * 1000), "--max-concurrency", "50", "--memory", "1769",
                 "--arch", "arm64", "--shuffle", "direct", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for k in ("seconds", "seconds_p90", "cost_usd", "lambda_usd", "s3_usd", "get_requests", "put_requests",
              "invocations"):
        assert isinstance(doc[k], (int, float)), k
    assert doc["seconds_p90"] >= doc["seconds"] > 0
    assert doc["cost_usd"] == pytest.approx(doc["lambda_usd"] + doc["s3_usd"], abs=2e-6)
    assert doc["memory_mb"] == 1769 and doc["arch"] == "arm64" and doc["concurrency"] == 50
    assert doc["scale"] == pytest.approx(1000)
    assert doc["invocations"] == sum(s["tasks"] for s in doc["stages"]) == 3 * 3000
    assert doc["get_requests"] >= 3000 * 3000          # the direct shuffle: M x R GETs


def test_plan_table_and_bad_input(sort_log, capsys, tmp_path):
    url, _ = sort_log
    assert main(["plan", url, "--scale", "10", "--shuffle", "two-level"]) == 0
    out = capsys.readouterr().out
    assert "two-level shuffle (two-level)" in out and "combine " in out and "time " in out and "cost $" in out
    assert main(["plan", url, url, "--scale", "10"]) == 0     # more logs of the job: the CPU fit's
    assert "time " in capsys.readouterr().out
    assert main(["plan", str(tmp_path / "missing")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["plan", url, "--set", "no_such=1"]) == 1
    assert "Unknown constants" in capsys.readouterr().err
