"""Ctrl-C on the driver: SIGINT to a running `spark-lambda submit`.

Scheduling stops, results still arriving are ignored, the application's
objects are deleted, nothing is committed, and the command exits non-zero.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

APP = '''
import os, sys, time
from spark_lambda import SparkContext, TaskContext

out, started = sys.argv[1], sys.argv[2]

def slow(x):
    open(os.path.join(started, f"task-{x}"), "w").close()
    time.sleep(120)
    return x

sc = SparkContext(appName="interrupted")
print("APP", sc.applicationId, flush=True)
big = sc.parallelize(range(1000), 4).map(lambda x: (x % 10, x)).reduceByKey(lambda a, b: a + b)
big.count()   # a finished stage: its map outputs and stage code are in the work area
sc.parallelize(range(8), 8).map(slow).saveAsTextFile(out)
print("FINISHED", flush=True)
'''


def test_sigint_stops_the_job_cleans_up_and_exits_non_zero(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(APP)
    out, started, local = tmp_path / "out", tmp_path / "started", tmp_path / "local"
    started.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "spark_lambda.cli", "submit", "--master", "local[2]",
         "--conf", f"spark.local.dir={local}", str(app), str(out), str(started)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a suite started in the background inherits SIGINT ignored, and Python then keeps it
        # ignored: give the driver the disposition a terminal's Ctrl-C meets
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.time() + 120
        while not os.listdir(started) and proc.poll() is None and time.time() < deadline:
            time.sleep(0.05)
        assert os.listdir(started), "no task started"
        work = local / "spark-lambda"
        assert [f for _, _, files in os.walk(work) for f in files]   # the app has objects now
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert "APP" in stdout and "FINISHED" not in stdout
    assert [f for _, _, files in os.walk(work) for f in files] == []     # the app's objects are gone
    assert not (out / "_SUCCESS").exists()
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []
    assert 1 <= len(os.listdir(started)) <= 2   # two workers; the tasks not started never ran
