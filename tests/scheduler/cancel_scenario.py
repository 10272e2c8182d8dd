"""A job of sleeping tasks cancelled from another thread while a second thread's job runs;
shared by the local and the Lambda cancellation tests.

Each task writes ``start-N`` (its start time) to a marker directory, sleeps, then writes
``end-N``; the markers are what the executors really did, whatever the driver believes."""

from __future__ import annotations

import os
import threading
import time

TASKS = 8


def sleeper(marks: str, seconds: float):
    def run(x):
        with open(os.path.join(marks, f"start-{x}"), "w") as f:
            f.write(repr(time.time()))
        time.sleep(seconds)
        open(os.path.join(marks, f"end-{x}"), "w").close()
        return x
    return run


def markers(marks, prefix: str) -> list:
    return sorted(n for n in os.listdir(marks) if n.startswith(prefix))


def wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def cancel_while_running(sc, marks, join_job, cancel, sleep_s: float) -> dict:
    """Run TASKS sleeping tasks in a thread that ``join_job(sc)`` prepares; once one task has
    started, start an ungrouped job in a second thread and ``cancel(sc)`` from this one.
    Returns the first job's error, when it was raised after the cancel call, the second job's
    answer and end time, and the markers found once the cancelled tasks could have finished."""
    out: dict = {"error": None}

    def cancelled_job():
        join_job(sc)
        try:
            out["result"] = sc.parallelize(range(TASKS), TASKS).map(sleeper(str(marks), sleep_s)).collect()
        except Exception as e:  # noqa: BLE001 - the test looks at it
            out["error"] = e
        out["raised_at"] = time.monotonic()

    def other_job():
        try:
            out["other"] = sc.parallelize(range(100), 4).map(lambda x: x * 2).sum()
        except Exception as e:  # noqa: BLE001 - the test looks at it
            out["other"] = e
        out["other_done"] = time.time()

    first = threading.Thread(target=cancelled_job)
    first.start()
    wait_for(lambda: markers(marks, "start-"))
    second = threading.Thread(target=other_job)
    second.start()
    time.sleep(0.2)   # the second job's tasks are queued behind the first's
    cancelled_at = time.monotonic()
    cancel(sc)
    first.join(120)
    second.join(120)
    out["elapsed"] = out["raised_at"] - cancelled_at
    time.sleep(sleep_s + 1.0)   # every task that ran could have finished, and more could have started
    out["started"] = markers(marks, "start-")
    out["ended"] = markers(marks, "end-")
    out["first_start"] = min(float(open(os.path.join(marks, n)).read()) for n in out["started"])
    return out
