"""Instances as threads of the emulator's own process: ``spark-lambda emulator --instances threads``.

Called by ``service.Service`` in place of ``instances.Instance`` when the
emulator runs in threads mode. This mode exists to measure a driver with a
thousand or more invocations in flight on a small machine: a process per
instance (``instances.py``) costs tens of megabytes and an interpreter start
each, so a two-core host cannot hold a thousand of them, while a thread that
sleeps in a task costs next to nothing.

What stays real: the Lambda HTTP API (every invocation is an Invoke request
answered with the handler's JSON result, function errors, the REPORT line of
the log tail), the account concurrency and the scaling rate (``scaling.py``),
and the handler itself (the function's own ``Handler``, given the event and a
``LambdaContext``), so the driver decodes real task results.

What is not, and why results of this mode say nothing about executors:

* every instance shares one interpreter, so CPU-bound tasks share one GIL and
  caches (stage code, imported modules) are warm for all instances at once;
* the handler's module is imported once per process: a module the emulator
  has already imported (``spark_lambda`` itself) is that copy, not the code
  package's; the package directory is only appended to ``sys.path``;
* the function's environment variables are set in the process's environment
  (one function at a time in this mode);
* neither the memory size nor the timeout is enforced (a task that runs past
  its timeout is reported as timed out afterwards); the function's printed
  output is not captured in the log tail; ``crash`` and ``timeout`` faults
  cannot be injected (``Service`` refuses them in this mode).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import time

from .instances import Outcome
from .runtime import LambdaContext, _error_doc

_lock = threading.Lock()
_handlers: dict[tuple, object] = {}


def _load(code_dir: str, spec: str):
    """The handler function named by ``spec`` (``module.function``), imported once per process."""
    with _lock:
        found = _handlers.get((code_dir, spec))
        if found is not None:
            return found
        if code_dir not in sys.path:
            sys.path.append(code_dir)
        module_name, _, func_name = spec.rpartition(".")
        module = importlib.import_module(module_name)
        found = _handlers[code_dir, spec] = getattr(module, func_name)
        return found


class ThreadInstance:
    """One emulated execution environment that runs its invocations on the calling thread."""

    alive = True

    def __init__(self, function: dict, code_dir: str, revision: str, env: dict, runtime_dir: str):
        self.revision = revision
        self.function = function
        started = time.monotonic()
        os.environ.update({k: v for k, v in env.items() if k.startswith(("AWS_", "_HANDLER"))})
        self.init_error: dict | None = None
        try:
            self.handler = _load(code_dir, function["Handler"])
        except ImportError as e:
            self.init_error = {"errorType": "Runtime.ImportModuleError",
                               "errorMessage": f"Unable to import module '{function['Handler']}': {e}"}
        except (AttributeError, ValueError) as e:
            self.init_error = {"errorType": "Runtime.HandlerNotFound", "errorMessage": str(e)}
        self.init_ms = (time.monotonic() - started) * 1000

    def take_logs(self) -> str:
        return ""

    def invoke(self, header: dict, payload: bytes, timeout_s: float, memory_mb: int,
               fault: str | None = None, fault_after_s: float = 0.0) -> Outcome:
        """Run one invocation on this thread (``fault`` is never set in this mode)."""
        started = time.monotonic()
        context = LambdaContext(header)
        try:
            out = Outcome("ok", payload=json.dumps(self.handler(json.loads(payload), context)).encode())
        except Exception as e:  # noqa: BLE001 - an unhandled error is the function's error
            out = Outcome("error", error=_error_doc(e, header["request_id"]))
        out.duration_ms = (time.monotonic() - started) * 1000
        if out.duration_ms > timeout_s * 1000:
            out.status, out.payload = "timeout", b""
        return out

    def close(self) -> None:
        """Nothing to stop: the thread is one of the HTTP server's pool."""
