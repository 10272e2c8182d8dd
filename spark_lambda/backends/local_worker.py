"""A local executor process: reads task dicts from stdin, writes result dicts to stdout.

Started by ``LocalBackend``; lives as long as the context. Messages are a
4-byte big-endian length and a JSON document, the same dicts a Lambda
invocation carries. The program's own prints go to stderr, so they can never
corrupt the protocol. Ctrl-C in the terminal is ignored here: the driver
decides, and stops the workers it no longer needs. With
``SPARK_LAMBDA_FAULTHANDLER_LOG`` set (``spark.python.worker.faulthandler.enabled``),
``faulthandler`` writes the Python traceback of a fatal signal to that file,
which the driver reads when the process dies. With
``SPARK_LAMBDA_WORKER_MEMORY_LIMIT`` set (``spark.executor.pyspark.memory``),
the worker limits its address space to it (``RLIMIT_AS``, lowering it only,
as PySpark's worker does), so an allocation past it raises MemoryError in
the task instead of exhausting the machine. A ``{"preload": [...]}`` message
between tasks names modules to import (and warm-up functions to call) before the
next task is read; the worker answers ``{"preloaded": true}`` when it is done.
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import struct
import sys

_LEN = struct.Struct(">I")


def read_message(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (n,) = _LEN.unpack(head)
    body = stream.read(n)
    if len(body) < n:
        return None
    return json.loads(body)


def write_message(stream, obj) -> None:
    body = json.dumps(obj, separators=(",", ":")).encode()
    stream.write(_LEN.pack(len(body)) + body)
    stream.flush()


def limit_memory(limit: int) -> None:
    """Lower this process's address-space limit to ``limit`` bytes (0: leave it)."""
    if limit <= 0:
        return
    try:
        import resource
        soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or limit < soft:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError) as e:  # not every system has the limit: warn
        print(f"WARN: Failed to set memory limit: {e}", file=sys.stderr)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the driver's to handle
    fault_log = os.environ.get("SPARK_LAMBDA_FAULTHANDLER_LOG")
    if fault_log:
        faulthandler.enable(file=open(fault_log, "w"), all_threads=True)  # noqa: SIM115 - kept open
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # user prints go to stderr
    sys.stdout = sys.stderr
    proto_in = sys.stdin.buffer
    limit_memory(int(os.environ.get("SPARK_LAMBDA_WORKER_MEMORY_LIMIT", "0")))
    for path in reversed([p for p in os.environ.get("SPARK_LAMBDA_PYTHONPATH", "").split(os.pathsep) if p]):
        sys.path.insert(0, path)
    from spark_lambda.executor.run_task import run_task
    while True:
        task = read_message(proto_in)
        if task is None:
            return
        if "preload" in task:   # modules the coming tasks need: import them while idle
            preload(task["preload"])
            write_message(proto_out, {"preloaded": True})
            continue
        write_message(proto_out, run_task(task))


def preload(modules: list) -> None:
    """Import ``modules``; an entry ``module:function`` also calls ``function()`` of the
    module, a warm-up of what the coming tasks would set up first (those that fail are
    left to the task that needs them)."""
    import importlib
    for entry in modules:
        name, _, function = (entry or "").partition(":")
        if name:
            try:
                module = importlib.import_module(name)
                if function:
                    getattr(module, function)()
            except Exception:  # noqa: BLE001 - the task importing it reports the error
                pass


if __name__ == "__main__":
    main()
