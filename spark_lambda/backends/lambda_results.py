"""Reading a Lambda invocation's answer: the REPORT line and function errors.

Called by ``aws_lambda.LambdaBackend`` for every response. ``parse_report``
turns the REPORT line of the log tail (``LogType=Tail``) into task metrics.
``function_failure`` turns a response with ``X-Amz-Function-Error`` into a
failed task result: a timeout or an out-of-memory kill is recognised and its
message says what to change (more partitions, a longer timeout, more
memory); a runtime that exited is an ``executor_lost`` failure, which
carries the Python traceback ``faulthandler`` dumped into the log tail when
the runtime died of a signal (``spark.python.worker.faulthandler.enabled``);
anything else carries the remote error type, message and stack trace.
"""

from __future__ import annotations

import base64
import re

from ..wire import TaskResult

_FIELD = re.compile(r"([A-Za-z][A-Za-z ]*?): ([\d.]+) (ms|MB)")
_NAMES = {"Duration": "duration_ms", "Billed Duration": "billed_duration_ms", "Memory Size": "memory_size_mb",
          "Max Memory Used": "max_memory_used_mb", "Init Duration": "init_duration_ms"}


def parse_report(log_result: str | None) -> dict:
    """The fields of the last REPORT line in a base64 log tail ({} if there is none)."""
    if not log_result:
        return {}
    text = base64.b64decode(log_result).decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.startswith("REPORT RequestId:")]
    if not lines:
        return {}
    report = {}
    for name, value, _unit in _FIELD.findall(lines[-1]):
        key = _NAMES.get(name.strip())
        if key:
            number = float(value)
            report[key] = int(number) if key.endswith("_mb") or number.is_integer() else number
    return report


def crash_dump(log_result: str | None) -> str:
    """The ``faulthandler`` dump ("Fatal Python error: ...") in a base64 log tail, or ""."""
    if not log_result:
        return ""
    text = base64.b64decode(log_result).decode("utf-8", "replace")
    start = text.rfind("Fatal Python error")
    if start < 0:
        return ""
    lines = []
    for line in text[start:].splitlines():
        if line.startswith(("END RequestId:", "REPORT RequestId:", "START RequestId:")):
            break
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


def function_failure(task: dict, doc, report: dict, function: str, timeout_s: int | None,
                     memory_mb: int | None, log_result: str | None = None) -> dict:
    """A failed result dict for a function error response ``doc`` (``log_result``: the base64
    log tail, read for a crashed runtime's faulthandler dump)."""
    doc = doc if isinstance(doc, dict) else {"errorMessage": str(doc)}
    etype = doc.get("errorType") or "Unhandled"
    message = str(doc.get("errorMessage", ""))
    memory = memory_mb or report.get("memory_size_mb")
    if etype == "Sandbox.Timedout" or "Task timed out" in message:
        kind = "timeout"
        message = (f"{message}. The task ran longer than function {function}'s timeout"
                   f"{f' ({timeout_s} s)' if timeout_s else ''}: split the work into more partitions "
                   "(numSlices, minPartitions, repartition) or redeploy with a longer --timeout.")
    elif etype == "Runtime.OutOfMemory" or (etype == "Runtime.ExitError" and (
            "signal: killed" in message or (memory and report.get("max_memory_used_mb", 0) >= memory))):
        kind = "oom"
        message = (f"{message}. The executor ran out of memory ({memory or '?'} MB): use more partitions "
                   "so each task holds less, or redeploy with more --memory.")
    elif etype == "Runtime.ExitError":
        kind = "executor_lost"
        dump = crash_dump(log_result)
        if dump:
            doc = dict(doc, stackTrace=[dump])
        elif "signal:" in message:
            message += ("; set spark.python.worker.faulthandler.enabled to true for the Python "
                        "traceback of the crash")
    elif etype.startswith("Runtime.") or etype.startswith("Function."):
        kind = "function_error"
        if etype == "Runtime.ImportModuleError":
            message += (". The code package is incomplete or built for another Python or platform: "
                        "redeploy it with `spark-lambda deploy`.")
    else:
        kind = "function_error"
    trace = "".join(doc.get("stackTrace") or [])
    return TaskResult(task_id=task.get("task_id", -1), stage_id=task.get("stage_id", -1),
                      partition=task.get("partition", -1), attempt=task.get("attempt", -1),
                      status="failed", metrics={"lambda": report},
                      error={"type": etype, "message": message, "kind": kind,
                             "traceback": f"Traceback (most recent call last):\n{trace}"
                             if trace and kind != "executor_lost" else trace}
                      ).to_dict()
