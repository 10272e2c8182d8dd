"""TaskSet state, changed by calling its methods directly (no processes)."""

from __future__ import annotations

from spark_lambda.scheduler.taskset import TaskSet


class FakeStage:
    attempt = 0


def test_attempt_numbers_count_up_per_partition():
    ts = TaskSet(FakeStage(), [0, 1], max_failures=4)
    assert [ts.next_attempt(0), ts.next_attempt(0), ts.next_attempt(1), ts.next_attempt(0)] == [0, 1, 0, 2]


def test_success_finishes_and_later_attempts_are_ignored():
    ts = TaskSet(FakeStage(), [3, 5], max_failures=4)
    ts.started(10)
    ts.started(11)
    ts.started(12)
    assert ts.running.keys() == {10, 11, 12} and not ts.finished
    assert ts.succeeded(10, 3) is True
    assert ts.succeeded(12, 3) is False  # a second (speculative) success of partition 3
    assert not ts.finished and ts.done == {3}
    assert ts.failed(13, 3) is False  # a failure after success does not retry
    assert ts.succeeded(11, 5) is True
    assert ts.finished and ts.running == {}


def test_failures_retry_until_max_failures():
    ts = TaskSet(FakeStage(), [0], max_failures=3)
    for task_id in (1, 2):
        ts.started(task_id)
        assert ts.failed(task_id, 0) is True
    ts.started(3)
    assert ts.failed(3, 0) is False
    assert ts.failures == {0: 3} and not ts.finished and ts.running == {}


def test_fail_then_succeed():
    ts = TaskSet(FakeStage(), [0, 1], max_failures=4)
    assert ts.failed(1, 0) is True
    assert ts.failed(2, 0) is True
    assert ts.succeeded(3, 0) is True
    assert ts.succeeded(4, 1) is True
    assert ts.finished and ts.failures == {0: 2}


def test_empty_taskset_is_finished_and_keeps_stage_attempt():
    stage = FakeStage()
    stage.attempt = 2
    ts = TaskSet(stage, [], max_failures=4)
    assert ts.finished and ts.total == 0 and ts.stage_attempt == 2
    stage.attempt = 3
    assert ts.stage_attempt == 2
