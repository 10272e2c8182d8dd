"""The Backend seam: where tasks run. Called by the DAG scheduler's task sets."""

from __future__ import annotations

from concurrent.futures import Future


class Backend:
    """Runs task dicts somewhere and answers result dicts.

    ``submit`` never raises for a task's failure; a lost executor is reported
    as a failed result whose ``error.kind`` is ``"executor_lost"``.
    """

    # Invocations made outside tasks (version checks, pre-warming), billed like tasks:
    # each {"purpose": str, "lambda": the parsed REPORT line}; a backend that makes them
    # keeps its own list here. Reported in the application's end event.
    side_invocations: tuple | list = ()
    max_concurrency: int = 1
    description: str = ""
    remote: bool = False   # executors run elsewhere and cannot see the driver's disk

    def submit(self, task: dict) -> "Future[dict]":  # pragma: no cover - interface
        raise NotImplementedError

    def prewarm(self, n: int) -> None:
        """Start (up to) ``n`` executors ahead of the first tasks."""

    def preload(self, modules: list, driver: bool = False) -> None:
        """Have executors import ``modules`` ahead of the tasks that need them (a session
        about to run SQL; with ``driver``, a local backend imports them in the driver, whose
        threads run the jobs marked for it). By default nothing: executors import on first use."""

    def interrupt(self, futures) -> None:
        """Stop the tasks of ``futures`` that are running now, if this backend can (a cancelled
        job's, with ``interruptOnCancel``); their futures then answer a lost executor. By
        default nothing is stopped: the tasks run on and their results are never looked at."""

    def scaling_report(self) -> dict | None:
        """What the backend saw of its platform's scaling (throttles, peak, ramp), or None."""
        return None

    def close(self) -> None:
        """Stop every executor; pending futures fail."""


def lost_result(task: dict, message: str) -> dict:
    """The failed result of a task whose executor was lost (``error.kind == "executor_lost"``)."""
    from ..wire import TaskResult
    return TaskResult(task_id=task.get("task_id", -1), stage_id=task.get("stage_id", -1),
                      partition=task.get("partition", -1), attempt=task.get("attempt", -1),
                      status="failed",
                      error={"type": "ExecutorLostError", "traceback": "", "kind": "executor_lost",
                             "message": message}).to_dict()
