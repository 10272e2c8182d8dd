"""The line `spark-lambda submit` prints at the end: wall time, tasks, cold starts, cost."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys

from spark_lambda.ui.cost import cost_of_events, usd
from spark_lambda.ui.eventlog import read_event_log
from spark_lambda.ui.summary import SummaryLine

from .test_progress import JOB, ROOT

LINE = re.compile(r"spark-lambda: (\S+) finished in (\d+\.\d) s: (\d+) jobs?, (\d+) tasks?"
                  r"(?: \((\d+) failed\))?; on Lambda at (\d+) MB with S3 these tasks would cost about "
                  r"(\$[\d.,]+) \(estimate\)")


def test_submit_ends_with_one_summary_line_matching_the_event_log(tmp_path):
    app = tmp_path / "job.py"
    app.write_text(JOB)
    events_dir = tmp_path / "events"
    done = subprocess.run(
        [sys.executable, "-m", "spark_lambda.cli", "submit", "--master", "local[2]",
         "--conf", f"spark.local.dir={tmp_path}", "--conf", "spark.eventLog.enabled=true",
         "--conf", f"spark.eventLog.dir={events_dir}", "--conf", "spark.executor.memory=512m", str(app)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    m = LINE.fullmatch(lines[0])
    assert m, lines[0]
    (log,) = glob.glob(str(events_dir / "*"))
    events = read_event_log(log)
    ends = [e for e in events if e["event"] == "task_end"]
    assert m.group(1) == events[0]["app_id"] == os.path.basename(log)
    assert float(m.group(2)) >= 0
    assert (int(m.group(3)), int(m.group(4)), m.group(5)) == (1, len(ends), None)
    assert m.group(7) == usd(cost_of_events(events).total_usd)
    assert m.group(6) == "512"


def test_failures_are_counted():
    import io
    out = io.StringIO()
    line = SummaryLine(out, {})
    line("app_start", {"time": 100.0, "app_id": "app-1", "memory_mb": 1024, "master": "lambda://f"})
    line("task_end", {"status": "failed", "metrics": {"duration_ms": 2000}})
    line("task_end", {"status": "success", "metrics": {"duration_ms": 1000,
                                                      "lambda": {"billed_duration_ms": 1000,
                                                                 "memory_size_mb": 1024,
                                                                 "init_duration_ms": 150.0}}})
    line("job_end", {"ok": False})
    line("app_end", {"time": 103.25, "driver_requests": {}})
    text = out.getvalue()
    assert text.count("\n") == 1
    assert text.startswith("spark-lambda: app-1 finished in 3.2 s: 1 job (1 failed), 2 tasks (1 failed), "
                           "1 cold start, cost $0.0000504 ")


def _local_line(task_ends: list) -> str:
    import io
    out = io.StringIO()
    line = SummaryLine(out, {})
    line("app_start", {"time": 100.0, "app_id": "local-1", "memory_mb": 1024, "master": "local[2]"})
    for fields in task_ends:
        line("task_end", fields)
    line("app_end", {"time": 101.0, "driver_requests": {"PUT": 3, "LIST": 2, "DELETE": 1}})
    return out.getvalue()


def test_a_local_run_with_no_tasks_says_nothing_of_cost():
    assert _local_line([]) == "spark-lambda: local-1 finished in 1.0 s: 0 jobs, 0 tasks\n"


def test_a_local_run_bills_nothing_and_says_what_lambda_would_cost():
    text = _local_line([{"status": "success", "metrics": {"duration_ms": 1000}}])
    assert "cold start" not in text and "cost $" not in text
    assert text.startswith("spark-lambda: local-1 finished in 1.0 s: 0 jobs, 1 task; on Lambda at 1024 MB "
                           "with S3 these tasks would cost about $")
    assert text.endswith(" (estimate)\n")
