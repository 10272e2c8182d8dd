"""The shared Backend contract: every backend passes these tests.

A backend's test module subclasses ``BackendContract`` and provides two
fixtures: ``backend`` (a started backend) and ``maker`` (a TaskMaker whose
work store the backend's executors can reach).
"""

from __future__ import annotations

import os
import time

from spark_lambda.wire import TaskResult


def _sum(it):
    return sum(it)


def _boom(it):
    raise ValueError("bad record 42")


def _pid_and_sleep(it):
    start = time.time()
    time.sleep(0.3)
    return os.getpid(), start, time.time()


def _hold(it):
    time.sleep(2.0)
    return sum(it)


def _crash(it):
    os._exit(3)


class BackendContract:
    def test_runs_a_task_and_returns_its_value(self, backend, maker):
        result = backend.submit(maker.task(_sum, partition=2)).result(timeout=60)
        assert maker.value(result) == sum(range(20, 30))

    def test_result_carries_metrics(self, backend, maker):
        result = backend.submit(maker.task(_sum)).result(timeout=60)
        assert result["metrics"]["duration_ms"] >= 0
        assert "requests" in result["metrics"]

    def test_user_error_is_a_failed_result_with_remote_traceback(self, backend, maker):
        r = TaskResult.from_dict(backend.submit(maker.task(_boom)).result(timeout=60))
        assert r.status == "failed"
        assert r.error["type"] == "ValueError"
        assert "bad record 42" in r.error["message"]
        assert "_boom" in r.error["traceback"]

    def test_many_tasks_all_answered(self, backend, maker):
        futures = [backend.submit(maker.task(_sum, partition=p)) for p in range(40)]
        assert [maker.value(f.result(timeout=120)) for f in futures] == \
            [sum(range(p * 10, p * 10 + 10)) for p in range(40)]

    def test_concurrency_is_bounded_by_max_concurrency(self, backend, maker):
        n = backend.max_concurrency
        futures = [backend.submit(maker.task(_pid_and_sleep)) for _ in range(n + 2)]
        spans = [maker.value(f.result(timeout=120)) for f in futures]
        # at no instant do more than n tasks overlap
        events = sorted([(s, 1) for _, s, _ in spans] + [(e, -1) for _, _, e in spans])
        level = peak = 0
        for _, d in events:
            level += d
            peak = max(peak, level)
        assert peak <= n

    def test_executor_reused_between_tasks(self, backend, maker):
        pids = {maker.value(backend.submit(maker.task(_pid_and_sleep)).result(timeout=60))[0]
                for _ in range(backend.max_concurrency + 1)}
        assert len(pids) <= backend.max_concurrency

    def test_dead_executor_is_a_failed_result_and_is_replaced(self, backend, maker):
        r = TaskResult.from_dict(backend.submit(maker.task(_crash)).result(timeout=60))
        assert r.status == "failed"
        assert r.error["kind"] == "executor_lost"
        assert maker.value(backend.submit(maker.task(_sum)).result(timeout=60)) == sum(range(10))

    def test_a_running_task_cannot_be_cancelled_and_a_queued_one_can(self, backend, maker):
        # The scheduler relies on this: a failed job waits for the futures it could not
        # cancel, so none of their tasks writes after the job's clean-up.
        n = backend.max_concurrency
        futures = [backend.submit(maker.task(_hold, partition=p)) for p in range(n)]
        deadline = time.monotonic() + 30
        while not all(f.running() for f in futures):
            assert time.monotonic() < deadline, "tasks sent to executors never showed as running"
            time.sleep(0.01)
        queued = backend.submit(maker.task(_hold))
        assert queued.cancel() and queued.cancelled()
        assert [f.cancel() for f in futures] == [False] * n
        assert [maker.value(f.result(timeout=60)) for f in futures] == \
            [sum(range(p * 10, p * 10 + 10)) for p in range(n)]
