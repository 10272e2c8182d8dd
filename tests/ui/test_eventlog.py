"""The event log of a real local job: JSON lines, one task_end per attempt, no secrets."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from spark_lambda.errors import InputError
from spark_lambda.ui.eventlog import EventLogWriter, Redactor, encode, read_event_log

from .conftest import SECRET


def test_job_results_are_unchanged_by_logging(logged_run):
    _, sums, count = logged_run
    expected = {}
    for x in range(200):
        expected[x % 7] = expected.get(x % 7, 0) + x
    assert sums == sorted(expected.items())
    assert count == 10


def test_every_line_is_a_spark_listener_event(logged_run):
    path = logged_run[0]
    assert not path.endswith(".inprogress") and not os.path.exists(path + ".inprogress")
    assert os.path.basename(path) == read_event_log(path)[0]["app_id"]   # named as Spark names it
    with open(path, encoding="utf-8") as f:
        names = [json.loads(line)["Event"] for line in f.read().splitlines()]
    assert names[:4] == ["SparkListenerLogStart", "SparkListenerResourceProfileAdded",
                         "SparkListenerEnvironmentUpdate", "SparkListenerApplicationStart"]
    assert names[-1] == "SparkListenerApplicationEnd"
    assert names.count("SparkListenerJobStart") == names.count("SparkListenerJobEnd") == 2
    assert names.count("SparkListenerTaskStart") == names.count("SparkListenerTaskEnd") == 10
    assert names.count("SparkListenerStageSubmitted") == names.count("SparkListenerStageCompleted") == 3
    assert names.count("SparkListenerExecutorAdded") in (1, 2)    # local[2]: two worker processes
    for i, name in enumerate(names):   # every task's start comes right before its end
        if name == "SparkListenerTaskStart":
            assert names[i + 1] == "SparkListenerTaskEnd"


def test_read_back_as_the_scheduler_emitted_them(logged_run):
    events = read_event_log(logged_run[0])
    names = [e["event"] for e in events]
    assert names[0] == "app_start" and names[-1] == "app_end"
    assert names.count("job_start") == names.count("job_end") == 2
    assert all(isinstance(e["time"], float) for e in events)
    jobs = [e for e in events if e["event"] in ("job_start", "job_end")]
    assert [e["time"] for e in jobs] == sorted(e["time"] for e in jobs)


def test_logs_of_earlier_versions_still_read(tmp_path):
    path = tmp_path / "local-old"
    path.write_text("\n".join([encode("app_start", {"time": 1.0, "app_id": "local-old"}),
                               encode("job_start", {"time": 1.5, "job": 0, "name": "count"}),
                               encode("job_end", {"time": 2.0, "job": 0, "ok": True}),
                               encode("app_end", {"time": 3.0})]) + "\n")
    events = read_event_log(str(path))
    assert [e["event"] for e in events] == ["app_start", "job_start", "job_end", "app_end"]
    assert events[1] == {"event": "job_start", "time": 1.5, "job": 0, "name": "count"}


def test_one_task_end_per_attempt(logged_run):
    events = read_event_log(logged_run[0])
    starts = [e for e in events if e["event"] == "task_start"]
    ends = [e for e in events if e["event"] == "task_end"]
    assert sorted(e["task_id"] for e in starts) == sorted(e["task_id"] for e in ends)
    assert len({e["task_id"] for e in ends}) == len(ends)
    # 4 map partitions (one tried twice) + 3 reduce partitions + 2 for count
    assert len(ends) == 4 + 1 + 3 + 2
    failed = [e for e in ends if e["status"] != "success"]
    assert len(failed) == 1
    assert (failed[0]["partition"], failed[0]["attempt"]) == (1, 0)
    assert failed[0]["error"]["type"] == "ValueError"
    retried = [e for e in ends if e["stage"] == failed[0]["stage"] and e["partition"] == 1]
    assert [e["attempt"] for e in retried] == [0, 1] and retried[1]["status"] == "success"
    for e in ends:
        if e["status"] == "success":
            assert e["metrics"]["duration_ms"] >= 0 and "requests" in e["metrics"]


def test_jobs_and_stages_are_named_and_counted(logged_run):
    events = read_event_log(logged_run[0])
    jobs = [e for e in events if e["event"] == "job_start"]
    assert [j["job"] for j in jobs] == [0, 1]
    assert jobs[0]["name"].startswith("collect at conftest.py:")
    assert jobs[1]["name"].startswith("count at conftest.py:")
    stages = [e for e in events if e["event"] == "stage_submitted"]
    assert [(s["kind"], s["tasks"]) for s in stages] == [("map", 4), ("result", 3), ("result", 2)]
    assert stages[1]["parents"] == [stages[0]["stage"]]
    ends = [e for e in events if e["event"] == "job_end"]
    assert all(e["ok"] for e in ends)


def test_secrets_are_absent(logged_run):
    with open(logged_run[0], encoding="utf-8") as f:
        text = f.read()
    assert SECRET not in text
    app = read_event_log(logged_run[0])[0]
    assert app["conf"]["spark.hadoop.fs.s3n.awsSecretAccessKey"] == "*********(redacted)"
    assert "credentials were *********(redacted)" in text  # the error message kept, the secret cut


def test_redactor_by_key_and_by_value():
    r = Redactor([("spark.hadoop.fs.s3n.awsSecretAccessKey", "abcd12345678"), ("spark.app.name", "x")],
                 environ={"AWS_SESSION_TOKEN": "tok-99999999", "HOME": "/root"})
    out = r({"message": "abcd12345678 and tok-99999999", "password": 5, "nested": [{"x_token": "v"}]})
    assert out == {"message": "*********(redacted) and *********(redacted)",
                   "password": "*********(redacted)", "nested": [{"x_token": "*********(redacted)"}]}


def test_in_progress_log_is_readable_and_completed_on_app_end(tmp_path):
    writer = EventLogWriter(str(tmp_path), "app-1", [])
    writer("job_start", {"time": 1.0, "job": 0})
    writer("job_end", {"time": 2.0, "job": 0, "ok": True})
    assert sorted(os.listdir(tmp_path)) == ["app-1.inprogress"]
    assert [e["event"] for e in read_event_log(str(tmp_path / "app-1"))] == ["job_start", "job_end"]
    writer("app_end", {"time": 3.0})
    assert sorted(os.listdir(tmp_path)) == ["app-1"]
    assert len(read_event_log(str(tmp_path / "app-1"))) == 3


def test_reading_a_missing_or_foreign_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_event_log(str(tmp_path / "nope"))
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(InputError, match="notes.txt:1 is not an event log line"):
        read_event_log(str(tmp_path / "notes.txt"))


@pytest.mark.skipif(importlib.util.find_spec("spark_lambda.storage.s3") is None,
                    reason="the s3:// store is not in this build")
def test_event_log_goes_to_s3_through_the_store(moto_server, new_context):
    boto3 = pytest.importorskip("boto3")
    boto3.client("s3").create_bucket(Bucket="event-logs")
    sc = new_context(**{"spark_eventLog_enabled": "true", "spark_eventLog_dir": "s3://event-logs/spark"})
    app_id = sc.app_id
    assert sc.parallelize(range(10), 2).sum() == 45
    sc.stop()
    events = read_event_log(f"s3://event-logs/spark/{app_id}")
    assert [e["event"] for e in events][0::len(events) - 1] == ["app_start", "app_end"]
    assert sum(e["event"] == "task_end" for e in events) == 2


def test_an_unusable_event_log_dir_is_a_clear_error_before_anything_starts(new_context):
    from spark_lambda import SparkContext
    from spark_lambda.errors import ConfigurationError
    with pytest.raises(ConfigurationError, match="ftp"):
        new_context(**{"spark_eventLog_enabled": "true", "spark_eventLog_dir": "ftp://host/logs"})
    assert SparkContext._active is None
