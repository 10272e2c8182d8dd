"""run_task: the single code path that executes a task, wherever it runs.

Called by the local backend's worker processes and by the Lambda handler,
with the task dict of ``wire/``; returns the result dict. It never raises
for a task's failure: the failure is described in the result.

1. Load the stage's code from the work store by key, verify its seal, and
   keep it cached by digest (a warm executor loads each stage once).
2. Compute the stage RDD's partition (sources, shuffle reads, fused narrow
   functions all happen inside ``rdd.iterator``), with the cyclic garbage
   collector paused (``gcpause.py``, ``spark.lambda.task.pauseGc``).
3. A map task writes its shuffle output and returns the map status; a result
   task returns ``func(iterator)``, inline when small, else as a sealed
   object in the work store.
4. With ``spark.python.profile`` on, steps 1 to 3 run under ``cProfile`` and
   the statistics go back marshalled in the result (``profiler.py`` merges
   them per RDD on the driver).
"""

from __future__ import annotations

import cProfile
import marshal
import os
import pickle
import pstats
import socket
import sys
import time
import traceback
from collections import OrderedDict
from contextlib import contextmanager

import cloudpickle

from ..errors import StopIterationFailure
from ..files import prepare_py_files
from ..gcpause import paused_gc
from .memory import peak_rss_kb
from ..serializers import CODECS, dumps_data, encode_frames, loads, seal, unseal
from ..shuffle.reader import FetchFailed
from ..shuffle.writer import write_map_output
from ..taskcontext import TaskContext
from ..wire import Payload, ProtocolError, Task, TaskResult, b64

_code_cache: OrderedDict = OrderedDict()
_CODE_CACHE_SIZE = 32


def _stage_code(tc: TaskContext):
    key = tc.task.code
    code = _code_cache.get(key)
    if code is None:
        blob = tc.work.get(key)
        code = loads(unseal(tc.secret, blob, f"stage code {key}"))
        _code_cache[key] = code
        if len(_code_cache) > _CODE_CACHE_SIZE:
            _code_cache.popitem(last=False)
    else:
        _code_cache.move_to_end(key)
    return code


def _payload(tc: TaskContext, value) -> dict:
    """The task's value: a list (what ``collect`` sends) as frames, anything else pickled."""
    framed = type(value) is list
    data = b"".join(encode_frames(value, CODECS["none"])) if framed else dumps_data(value)
    if len(data) * 4 // 3 <= tc.inline_max:
        return vars(Payload(data=b64(data), size=len(data), framed=framed))
    t = tc.task
    key = f"{t.app_id}/results/stage-{t.stage_id}-{t.stage_attempt}/part-{t.partition}-{t.attempt}"
    tc.work.put(key, seal(tc.secret, data))
    return vars(Payload(key=key, size=len(data), framed=framed))


def executor_identity() -> dict:
    """Where this task ran: the Lambda instance (its log stream) or the worker process."""
    stream = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
    if stream:
        return {"id": stream, "host": socket.gethostname(), "kind": "lambda",
                "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")}
    return {"id": f"{socket.gethostname()}:{os.getpid()}", "host": socket.gethostname(), "kind": "local"}


@contextmanager
def _profiling(profile):
    if profile is None:
        yield
        return
    profile.enable()
    try:
        yield
    finally:
        profile.disable()


def run_task(event: dict) -> dict:
    """Execute one task attempt described by ``event``; return its result dict."""
    started = time.time()
    cpu0 = time.process_time()
    peak_before = peak_rss_kb()
    try:
        task = Task.from_dict(event)
    except (ProtocolError, TypeError) as e:
        return TaskResult(task_id=event.get("task_id", -1) if isinstance(event, dict) else -1,
                          stage_id=-1, partition=-1, attempt=-1, status="failed",
                          error={"type": type(e).__name__, "message": str(e), "traceback": "",
                                 "kind": "protocol"}).to_dict()
    result = TaskResult(task_id=task.task_id, stage_id=task.stage_id, partition=task.partition,
                        attempt=task.attempt, status="success")
    tc = TaskContext(task)
    profile = cProfile.Profile() if task.conf.get("profile") else None
    try:
        with tc, paused_gc(bool(task.conf.get("pause_gc", True))), _profiling(profile):
            prepare_py_files(tc)
            rdd, extra = _stage_code(tc)
            records = rdd.iterator(task.partition, tc)
            if task.kind == "map":
                result.map_status = write_map_output(tc, extra, records)
            else:
                result.value = _payload(tc, extra(records))
    except FetchFailed as e:
        result.status = "fetch_failed"
        result.fetch_failure = {"shuffle_id": e.shuffle_id, "map_index": e.map_index, "key": e.key}
        result.error = {"type": "FetchFailed", "message": str(e), "traceback": "", "kind": "fetch"}
    except (Exception, SystemExit) as e:  # every task failure is reported, none escapes
        shown = StopIterationFailure(e) if type(e) is StopIteration else e  # only user code lets one out
        result.status = "failed"
        result.error = {"type": type(shown).__name__, "message": str(shown),
                        "traceback": "".join(traceback.format_exception(e)), "kind": "user"}
    if profile is not None:
        result.profile = b64(marshal.dumps(pstats.Stats(profile).stats))
    result.cached = tc.cached
    result.accumulators = [[k, b64(cloudpickle.dumps(v, protocol=5))] for k, v in tc.accumulators.items()]
    metrics = tc.metrics
    metrics["duration_ms"] = round((time.time() - started) * 1000, 3)
    cpu1 = time.process_time()
    metrics["cpu_ms"] = round((cpu1 - cpu0) * 1000, 3)
    input_end = metrics.pop("input_end_cpu", None)   # the CPU clock when its last input arrived
    if input_end is not None:   # what comes after cannot pass behind a transfer (``planning/model.py``)
        metrics["cpu_after_input_ms"] = round(max(cpu1 - input_end, 0.0) * 1000, 3)
    metrics["peak_memory_kb"] = peak_rss_kb()  # the process's, so far
    metrics["peak_memory_before_kb"] = peak_before  # the same when the task started
    metrics["start"] = started
    metrics["requests"] = tc.requests
    metrics["python"] = f"{sys.version_info.major}.{sys.version_info.minor}"
    metrics["executor"] = executor_identity()
    result.metrics = metrics
    return result.to_dict()
