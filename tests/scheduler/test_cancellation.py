"""Cancelling jobs on local[2]: sc.cancelJobGroup / cancelJobsWithTag / cancelAllJobs from
another thread. As in PySpark, the cancelled job raises in the thread that runs it ("Job N
cancelled part of cancelled job group G", pyspark_job_control.json), no more of its tasks are
launched, its running Python workers are killed (at once with interruptOnCancel, else after
spark.python.task.killTimeout), and another thread's job goes on to the right answer."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from spark_lambda import InheritableThread, JobCancelledError, JobFailedError

from .cancel_scenario import TASKS, cancel_while_running, sleeper

RECORDED = json.loads((Path(__file__).parent.parent / "data" / "pyspark_job_control.json").read_text())
SLEEP_S = 4.0


def _spark_message(recorded) -> str:
    """The recorded SparkException's message without its error class and SQL state."""
    line = recorded[1][0]
    return re.sub(r"\s*SQLSTATE: \w+$", "", line.split("] ", 1)[1])


def _same_message_form(ours: str, recorded) -> None:
    assert re.sub(r"Job \d+", "Job N", ours) == re.sub(r"Job \d+", "Job N", _spark_message(recorded))


@pytest.mark.parametrize("interrupt", [True, False])
def test_cancel_job_group_stops_the_job_and_not_another_threads(sc, tmp_path, interrupt):
    out = cancel_while_running(sc, tmp_path, lambda c: c.setJobGroup("slow", "to cancel", interrupt),
                               lambda c: c.cancelJobGroup("slow"), SLEEP_S)
    error = out["error"]
    assert isinstance(error, JobCancelledError) and isinstance(error, JobFailedError), out
    assert re.fullmatch(r"Job \d+ cancelled part of cancelled job group slow", str(error))
    _same_message_form(str(error).replace("slow", "gc"), RECORDED["cancel_group"])
    assert out["elapsed"] < 0.1 * TASKS * SLEEP_S       # it did not wait for the sleeping tasks
    assert out["other"] == sum(x * 2 for x in range(100))
    assert 1 <= len(out["started"]) <= 2                   # two workers; the rest were never launched
    assert out["ended"] == []                              # the running ones were stopped
    if interrupt:   # killed at once: the other job ran before the sleeping tasks could have ended
        assert out["other_done"] < out["first_start"] + SLEEP_S


def test_cancel_all_jobs_and_jobs_with_tag(sc, tmp_path):
    for name, join, cancel in [
            ("cancel_all", lambda c: None, lambda c: c.cancelAllJobs()),
            ("cancel_tag", lambda c: c.addJobTag("tc"), lambda c: c.cancelJobsWithTag("tc"))]:
        marks = tmp_path / name
        marks.mkdir()
        out = cancel_while_running(sc, marks, join, cancel, 3.0)
        assert isinstance(out["error"], JobCancelledError), (name, out)
        _same_message_form(str(out["error"]), RECORDED[name])
        assert len(out["started"]) <= 2 and out["ended"] == []
        if name == "cancel_all":   # every running job: the second thread's too
            assert isinstance(out["other"], JobCancelledError)
        else:
            assert out["other"] == 9900


def test_a_job_cancelled_in_an_inheritable_thread_and_the_group_reusable(sc, tmp_path):
    sc.setJobGroup("inherited", "from the parent thread")
    try:
        box = {}

        def child():
            try:
                sc.parallelize(range(4), 4).map(sleeper(str(tmp_path), 30)).collect()
            except JobCancelledError as e:
                box["error"] = e
        t = InheritableThread(target=child)
        t.start()
        from .cancel_scenario import markers, wait_for
        wait_for(lambda: markers(tmp_path, "start-"))
        assert sc.statusTracker().getJobIdsForGroup("inherited")
        running = sc.statusTracker().getActiveJobsIds()
        assert running
        sc.cancelJobGroup("inherited")
        t.join(60)
        assert "cancelled part of cancelled job group inherited" in str(box["error"])
        info = sc.statusTracker().getJobInfo(running[0])
        assert info.status == "FAILED"
        assert running[0] not in sc.statusTracker().getActiveJobsIds()
        # cancelling reaches only jobs running at the time: the group's next job runs
        assert sc.parallelize(range(10), 2).sum() == 45
    finally:
        sc.clearJobGroup()


def test_cancelling_a_group_with_no_jobs_changes_nothing(sc):
    sc.cancelJobGroup("nobody")
    sc.cancelJobsWithTag("nobody")
    assert sc.parallelize(range(5), 2).collect() == [0, 1, 2, 3, 4]


def test_concurrent_jobs_from_many_threads_share_a_shuffle_correctly(sc):
    pairs = sc.parallelize([(i % 5, i) for i in range(200)], 4).reduceByKey(lambda a, b: a + b)
    expected = sorted({k: sum(i for i in range(200) if i % 5 == k) for k in range(5)}.items())
    results, errors = [], []

    def run():
        try:
            results.append(sorted(pairs.collect()))
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and results == [expected] * 6
