"""The AWS Lambda entry point: ``spark_lambda.executor.handler.handler(event, context)``.

Deployed as the function's handler by ``spark-lambda deploy``; invoked by
Lambda (or the emulator) once per task. It runs ``executor.run_task`` on the
task the event carries (opening a task reference from the work store when the
task was too large to send inline) and returns the result dict, never
raising for a task's failure.

It watches the clock: the task runs in a thread, and if it has not finished
shortly before ``context.get_remaining_time_in_millis()`` runs out, the
handler answers a failed result of kind ``"timeout"`` with advice, rather
than letting Lambda kill the instance with nothing but "Task timed out".
The abandoned thread cannot be stopped; it goes on in the instance (frozen
between invocations, as Lambda freezes it) and its writes use that
attempt's own keys, so they never clash with a retry.

A ``{"ping": {...}}`` event answers the versions the driver checks at
context start (Python major.minor, spark_lambda's version, the code
package's version) and where the code runs from; ``hold_ms`` keeps the
instance busy that long, so that parallel pings warm separate instances.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import threading
import time

from ..version import __version__
from .run_task import run_task
from ..wire.payloads import open_event, result_response
from ..wire import TaskResult

# the spark_lambda package directory: the code package records its build there
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE_INFO = os.path.join(PACKAGE_DIR, "_package.json")


def package_info() -> dict | None:
    """The code package's build record (written by ``spark-lambda deploy``), if any."""
    try:
        with open(PACKAGE_INFO) as f:
            return json.load(f)
    except OSError:
        return None


def ping(options: dict) -> dict:
    hold = min(float(options.get("hold_ms", 0)), 5000) / 1000
    if hold:
        time.sleep(hold)
    info = package_info() or {}
    return {"python": f"{sys.version_info.major}.{sys.version_info.minor}", "spark_lambda": __version__,
            "package_version": info.get("version"), "package": info,
            "module_file": os.path.join(PACKAGE_DIR, "__init__.py"), "sys_path": list(sys.path), "pid": os.getpid()}


def reserve_ms(remaining_ms: int) -> int:
    """How long before the deadline the handler gives up on a task and answers."""
    return max(200, min(2000, remaining_ms // 10))


def _timed_out(task: dict, waited_ms: int) -> dict:
    memory = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "?")
    return TaskResult(
        task_id=task.get("task_id", -1), stage_id=task.get("stage_id", -1),
        partition=task.get("partition", -1), attempt=task.get("attempt", -1), status="failed",
        error={"type": "TaskTimeoutError", "kind": "timeout", "traceback": "",
               "message": f"the task was still running after {waited_ms / 1000:.1f} s, just before the "
                          f"function's timeout (memory {memory} MB). Split the work into more partitions "
                          "(numSlices, minPartitions, repartition) or redeploy with a longer "
                          "--timeout."}).to_dict()


def handler(event: dict, context) -> dict:
    """Run one task (or answer a ping); the result dict is the response."""
    if isinstance(event, dict) and "ping" in event:
        return ping(event.get("ping") or {})
    task = open_event(event)
    if isinstance(task, dict) and (task.get("conf") or {}).get("faulthandler") and not faulthandler.is_enabled():
        # a fatal signal's traceback goes to the log; only the crashing (task's) thread, so that
        # it fits the 4 KB log tail an invocation returns even in a warm instance full of threads
        faulthandler.enable(sys.stderr, all_threads=False)
    box: dict = {}
    worker = threading.Thread(target=lambda: box.setdefault("result", run_task(task)),
                              name="spark-lambda-task", daemon=True)
    remaining = context.get_remaining_time_in_millis()
    budget = max(remaining - reserve_ms(remaining), 0)
    worker.start()
    worker.join(budget / 1000)
    result = box.get("result") or _timed_out(task, budget)
    result.setdefault("metrics", {})["request_id"] = getattr(context, "aws_request_id", None)
    return result_response(task, result)
