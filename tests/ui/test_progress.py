"""The console progress bar: Spark's format, in place on a terminal, silent elsewhere."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import textwrap
import time

from spark_lambda.ui.progress import ConsoleProgressBar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAR = re.compile(r"\[Stage (\d+):[=> ]*\((\d+) \+ (\d+)\) / (\d+)\]")


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_render_matches_spark_format():
    bar = ConsoleProgressBar(io.StringIO(), width=50, delay=0, refresh=False)
    bar("stage_submitted", {"job": 0, "stage": 3, "attempt": 0, "tasks": 100})
    stage = bar.stages[(3, 0)]
    stage["done"].update(range(40))
    stage["running"] = 12
    # 9 header + 16 tail leave 25 columns; 40% of 25 is 10 '=' then '>'
    assert bar.render() == "[Stage 3:==========>              (40 + 12) / 100]"


def test_running_tasks_are_capped_by_the_backends_slots():
    bar = ConsoleProgressBar(io.StringIO(), width=50, delay=0, refresh=False)
    bar("app_start", {"max_concurrency": 2})
    bar("stage_submitted", {"job": 0, "stage": 0, "attempt": 0, "tasks": 4})
    for p in range(4):
        bar("task_start", {"stage": 0, "stage_attempt": 0, "partition": p})
    assert BAR.fullmatch(bar.render()).groups() == ("0", "0", "2", "4")


def test_concurrent_stages_share_the_width():
    bar = ConsoleProgressBar(io.StringIO(), width=80, delay=0, refresh=False)
    bar("stage_submitted", {"job": 0, "stage": 1, "attempt": 0, "tasks": 4})
    bar("stage_submitted", {"job": 0, "stage": 2, "attempt": 0, "tasks": 2})
    line = bar.render()
    assert len(line) == 80
    assert [m.group(1) for m in BAR.finditer(line)] == ["1", "2"]


def test_updates_in_place_and_clears_when_the_stage_ends():
    out, clock = io.StringIO(), Clock()
    bar = ConsoleProgressBar(out, width=40, delay=0.5, clock=clock, refresh=False)
    bar("stage_submitted", {"job": 0, "stage": 0, "attempt": 0, "tasks": 2})
    for p in (0, 1):
        bar("task_start", {"stage": 0, "stage_attempt": 0, "partition": p})
    clock.now = 0.4
    bar.tick()                      # younger than the delay: not shown yet
    assert out.getvalue() == ""
    clock.now = 0.6
    bar.tick()
    bar("task_end", {"stage": 0, "stage_attempt": 0, "partition": 0, "status": "success"})
    bar("task_end", {"stage": 0, "stage_attempt": 0, "partition": 1, "status": "failed"})
    bar("task_start", {"stage": 0, "stage_attempt": 0, "partition": 1})
    bar.tick()
    bar.tick()                      # nothing changed: nothing written
    bar("stage_completed", {"stage": 0, "attempt": 0})
    text = out.getvalue()
    assert "\n" not in text
    frames = text.split("\r")
    assert frames[0] == ""
    assert BAR.fullmatch(frames[1]).groups() == ("0", "0", "2", "2")
    assert BAR.fullmatch(frames[2]).groups() == ("0", "1", "1", "2")
    assert frames[3] == " " * 40 and frames[4] == "" and len(frames) == 5  # blanked, cursor at start
    assert bar.stages == {}


def test_a_quick_stage_draws_nothing():
    out, clock = io.StringIO(), Clock()
    bar = ConsoleProgressBar(out, width=40, clock=clock, refresh=False)
    bar("stage_submitted", {"job": 0, "stage": 0, "attempt": 0, "tasks": 2})
    clock.now = 0.3
    bar.tick()
    bar("stage_completed", {"stage": 0, "attempt": 0})
    assert out.getvalue() == ""


def test_a_failed_job_clears_its_stages():
    out = io.StringIO()
    bar = ConsoleProgressBar(out, width=40, delay=0, refresh=False)
    bar("stage_submitted", {"job": 7, "stage": 0, "attempt": 0, "tasks": 2})
    bar.tick()
    bar("job_end", {"job": 7, "ok": False})
    assert out.getvalue().endswith("\r" + " " * 40 + "\r") and bar.stages == {}


def test_the_refresh_thread_draws_and_stops_at_the_end():
    out = io.StringIO()
    bar = ConsoleProgressBar(out, width=40, interval=0.01, delay=0)
    bar("stage_submitted", {"job": 0, "stage": 0, "attempt": 0, "tasks": 2})
    for _ in range(500):            # wait for the first refresh (no timing asserted)
        if out.getvalue():
            break
        time.sleep(0.01)
    assert BAR.search(out.getvalue())
    bar("app_end", {})
    assert not bar._thread.is_alive()
    assert out.getvalue().endswith("\r")


JOB = textwrap.dedent("""
    import time
    from operator import add
    from spark_lambda import SparkContext
    sc = SparkContext()
    slow = sc.parallelize(range(100), 4).map(lambda x: (time.sleep(0.02), (x % 3, 1))[1])  # 0.5 s a task
    print(sorted(slow.reduceByKey(add, 2).collect()))
    sc.stop()
""")


def _submit(app, stderr, extra=()):
    env = dict(os.environ, PYTHONPATH=ROOT, COLUMNS="100")
    return subprocess.Popen([sys.executable, "-m", "spark_lambda.cli", "submit", "--master", "local[2]",
                             "--conf", f"spark.local.dir={os.path.dirname(app)}", *extra, app],
                            stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=ROOT)


def test_a_job_on_a_terminal_shows_the_bar(tmp_path):
    err, stdout = _bars_of(JOB, tmp_path)
    bars = BAR.findall(err)
    assert ("4" in {b[3] for b in bars}), err            # the map stage, running long enough to show
    assert all(int(done) + int(running) <= int(total) for _, done, running, total in bars)
    before_summary = err.split("spark-lambda: ")[0]
    assert before_summary.endswith("\r"), repr(before_summary[-50:])  # bar blanked before the summary
    assert "[Stage" not in stdout and "[(0, 34), (1, 33), (2, 33)]" in stdout


SQL_JOB = textwrap.dedent("""
    import time
    from spark_lambda.sql import SparkSession, functions as F
    spark = SparkSession.builder.config("spark.sql.shuffle.partitions", "2") \
        .config("spark.sql.adaptive.singleTask.maxInputBytes", "0").getOrCreate()  # 4 tasks
    slow = F.udf(lambda x: (time.sleep(0.02), x)[1], "long")              # 0.5 s a task
    df = spark.range(0, 100, 1, 4).select((slow("id") % 3).alias("k")).groupBy("k").count()
    print(sorted(tuple(r) for r in df.collect()))
    spark.stop()
""")


def _bars_of(app_text: str, tmp_path) -> tuple[str, str]:
    app = tmp_path / "job.py"
    app.write_text(app_text)
    master, slave = pty.openpty()
    proc = _submit(str(app), slave)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 4096)
        except OSError:   # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stdout = proc.stdout.read().decode()
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode(), stdout


def test_a_dataframe_action_on_a_terminal_shows_the_bar(tmp_path):
    err, stdout = _bars_of(SQL_JOB, tmp_path)
    bars = BAR.findall(err)
    assert "4" in {b[3] for b in bars}, err              # the scan and partial aggregate stage
    assert all(int(done) + int(running) <= int(total) for _, done, running, total in bars)
    assert "[Stage" not in stdout and "[(0, 34), (1, 33), (2, 33)]" in stdout


def test_a_dataframe_actions_stages_are_named_by_its_call_site(sql_logged_run):
    from spark_lambda.ui.eventlog import read_event_log
    events = read_event_log(sql_logged_run[0])
    names = {e["name"] for e in events if e["event"] == "stage_submitted"}
    jobs = {e["name"] for e in events if e["event"] == "job_start"}
    assert len(names) == 1 and names == jobs and names.pop().startswith("collect at conftest.py:")


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    app = tmp_path / "job.py"
    app.write_text(JOB)
    proc = _submit(str(app), subprocess.PIPE)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"[Stage" not in err and b"\r" not in err
    assert b"[(0, 34), (1, 33), (2, 33)]" in out
