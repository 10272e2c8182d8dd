"""The emulated Lambda service: functions, warm instances, invocations, limits.

Called by ``server.py`` with the decoded request of each API operation.

Invoke, step by step:

1. the request payload must be JSON and at most 6,291,456 bytes (else 400
   InvalidRequestContentException / 413 RequestEntityTooLargeException);
2. take one of ``concurrency`` slots (account concurrency); none free is 429
   TooManyRequestsException, as Lambda throttles;
3. take a warm idle instance of the function's current revision (most
   recently used first), or cold-start a new one (its Init Duration is
   reported) if the function's scaling rate allows one more (``scaling.py``;
   else 429 as well); idle instances of other functions are evicted to stay
   within ``concurrency`` processes;
4. run the event with the function's timeout and memory size; a killed,
   timed-out or exited instance is dropped, a healthy one goes back idle;
5. write START / the function's log / END / REPORT to the output, and answer
   the payload (or the error document with ``X-Amz-Function-Error``) with the
   last 4 KB of the log when ``LogType=Tail``. A response over 6,291,456
   bytes is Lambda's Function.ResponseSizeTooLarge error.

With a ``FaultPlan`` (``faults.py``), step 2 may answer an injected 429 and
step 4 may crash or hang the instance; each is logged as a ``FAULT`` line.
Instances are processes (``instances.py``), or with ``instances="threads"``
threads of this process (``thread_instances.py``, for driver benchmarks).
"""

from __future__ import annotations

import base64
import datetime
import json
import math
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid

from .faults import FaultPlan
from .functions import ApiError, Function, invalid, not_found
from .instances import Instance, make_runtime_dir
from .scaling import ScalingRate
from .thread_instances import ThreadInstance

PAYLOAD_MAX = 6_291_456
RESPONSE_ERROR_MAX = 6_291_556
TAIL_BYTES = 4096


def _stamp() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Service:
    def __init__(self, concurrency: int = 10, region: str | None = None, output=None,
                 faults: FaultPlan | None = None, s3_endpoint: str | None = None,
                 scale_rate: tuple[int, float] | None = None, instances: str = "processes"):
        if instances not in ("processes", "threads"):
            raise ValueError(f"instances={instances!r}: use 'processes' or 'threads'.")
        self.concurrency = concurrency
        self.scaling = ScalingRate(*scale_rate) if scale_rate else None
        self.instance_class = ThreadInstance if instances == "threads" else Instance
        self.faults = faults or FaultPlan()
        self.s3_endpoint = s3_endpoint   # what instances use as AWS_ENDPOINT_URL_S3 (the fault proxy)
        self.region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        self.output = output or sys.stdout
        self.root = tempfile.mkdtemp(prefix="spark-lambda-emulator-")
        self.runtime_dir = make_runtime_dir(os.path.join(self.root, "runtime"))
        self.functions: dict[str, Function] = {}
        self.idle: list[tuple[str, Instance]] = []   # (function name, instance), most recent last
        self.running = 0
        self.lock = threading.Lock()
        self.out_lock = threading.Lock()

    # --- functions ------------------------------------------------------------------------
    def function(self, name: str) -> Function:
        name = name.rsplit(":function:", 1)[-1].split(":")[0]
        with self.lock:
            fn = self.functions.get(name)
        if fn is None:
            raise not_found(name, self.region)
        return fn

    def create_function(self, request: dict) -> dict:
        name = request.get("FunctionName", "")
        with self.lock:
            if name in self.functions:
                raise ApiError(409, "ResourceConflictException", f"Function already exist: {name}")
        runtime = request.get("Runtime") or "python"
        if not runtime.startswith("python"):
            raise invalid(f"Runtime {runtime} is not supported here: this emulator runs Python functions only.")
        fn = Function(request, self.region, os.path.join(self.root, "functions"))
        with self.lock:
            self.functions[fn.name] = fn
        here = f"python{sys.version_info.major}.{sys.version_info.minor}"
        if runtime not in ("python", here):
            self._write(f"note: function {fn.name} declares {runtime}; its instances run this emulator's {here}\n")
        return dict(fn.config)

    def update_code(self, name: str, request: dict) -> dict:
        fn = self.function(name)
        fn.set_code(request)
        self._drop_stale()
        return dict(fn.config)

    def update_configuration(self, name: str, request: dict) -> dict:
        fn = self.function(name)
        fn.configure(request)
        self._drop_stale()
        return dict(fn.config)

    def delete_function(self, name: str) -> None:
        fn = self.function(name)
        with self.lock:
            self.functions.pop(fn.name, None)
        self._drop_stale()
        fn.remove()

    def account_settings(self) -> dict:
        with self.lock:
            sizes = [f.config["CodeSize"] for f in self.functions.values()]
        return {"AccountLimit": {"TotalCodeSize": 80_530_636_800, "CodeSizeUnzipped": 262_144_000,
                                 "CodeSizeZipped": 52_428_800, "ConcurrentExecutions": self.concurrency,
                                 "UnreservedConcurrentExecutions": self.concurrency},
                "AccountUsage": {"TotalCodeSize": sum(sizes), "FunctionCount": len(sizes)}}

    # --- instances ------------------------------------------------------------------------------
    def _drop_stale(self) -> None:
        with self.lock:
            keep, stale = [], []
            for name, inst in self.idle:
                fn = self.functions.get(name)
                (keep if fn is not None and fn.revision == inst.revision else stale).append((name, inst))
            self.idle = keep
        for _, inst in stale:
            inst.close()

    def _acquire(self, fn: Function) -> Instance | None:
        """A slot and maybe a warm instance; raises 429 when every slot is taken."""
        evict = None
        with self.lock:
            if self.running >= self.concurrency:
                raise ApiError(429, "TooManyRequestsException", "Rate Exceeded.",
                               Reason="ConcurrentInvocationLimitExceeded", Type="User")
            self.running += 1
            for i in range(len(self.idle) - 1, -1, -1):
                name, inst = self.idle[i]
                if name == fn.name and inst.revision == fn.revision:
                    del self.idle[i]
                    return inst
            if self.scaling is not None and not self.scaling.take(fn.name):
                self.running -= 1
                raise ApiError(429, "TooManyRequestsException", "Rate Exceeded.", Type="User")
            if self.idle and self.running + len(self.idle) > self.concurrency:
                evict = self.idle.pop(0)[1]
        if evict is not None:
            evict.close()
        return None

    def _release(self, fn: Function, inst: Instance | None) -> None:
        with self.lock:
            self.running -= 1
            if inst is not None and inst.alive and self.functions.get(fn.name) is fn \
                    and inst.revision == fn.revision:
                self.idle.append((fn.name, inst))
                inst = None
        if inst is not None:
            inst.close()

    # --- invoke -----------------------------------------------------------------------------------
    def invoke(self, name: str, payload: bytes, invocation_type: str = "RequestResponse",
               log_type: str = "None", client_context: str | None = None) -> tuple[int, dict, bytes]:
        """(status, headers, body) of an Invoke request."""
        fn = self.function(name)
        if len(payload) > PAYLOAD_MAX:
            raise ApiError(413, "RequestEntityTooLargeException",
                           f"Request must be smaller than {PAYLOAD_MAX} bytes for the InvokeFunction operation")
        try:
            json.loads(payload or b"{}")
        except ValueError:
            raise ApiError(400, "InvalidRequestContentException",
                           "Could not parse request body into json: Could not parse payload into json") from None
        if invocation_type == "DryRun":
            return 204, {}, b""
        if invocation_type == "Event":
            threading.Thread(target=self._invoke_async, args=(fn, payload), daemon=True).start()
            return 202, {}, b""
        if self.faults.draw("throttle"):
            self.faults.record("throttle", f"Invoke {fn.name}")
            raise ApiError(429, "TooManyRequestsException", "Rate Exceeded.",
                           Reason="ConcurrentInvocationLimitExceeded", Type="User")
        body, error, logs = self._run(fn, payload or b"{}", client_context)
        headers = {"X-Amz-Executed-Version": "$LATEST"}
        if error:
            headers["X-Amz-Function-Error"] = "Unhandled"
        if log_type == "Tail":
            headers["X-Amz-Log-Result"] = base64.b64encode(logs.encode()[-TAIL_BYTES:]).decode()
        return 200, headers, body

    def _invoke_async(self, fn: Function, payload: bytes) -> None:
        while True:
            try:
                self._run(fn, payload or b"{}", None)
                return
            except ApiError:
                time.sleep(0.1)

    def _run(self, fn: Function, payload: bytes, client_context) -> tuple[bytes, bool, str]:
        inst = self._acquire(fn)
        config = dict(fn.config)
        request_id = str(uuid.uuid4())
        init_ms = None
        try:
            if inst is None:
                base = dict(os.environ, **({"AWS_ENDPOINT_URL_S3": self.s3_endpoint} if self.s3_endpoint else {}),
                            AWS_SDK_UA_APP_ID="instance-" + uuid.uuid4().hex[:12])  # names it to the S3 model
                inst = self.instance_class(config, fn.code_dir, fn.revision, fn.environment(base), self.runtime_dir)
                init_ms = inst.init_ms
            lines = [f"START RequestId: {request_id} Version: $LATEST\n"]
            if inst.init_error:
                lines.insert(0, inst.take_logs())
                doc = dict(inst.init_error, requestId=request_id)
                body, status, error_type, duration, peak = json.dumps(doc).encode(), "error", \
                    inst.init_error["errorType"], 0.0, 0
            else:
                header = {"request_id": request_id, "function_arn": config["FunctionArn"],
                          "deadline_ms": time.time() * 1000 + config["Timeout"] * 1000,
                          "client_context": client_context}
                fault = next((k for k in ("crash", "timeout") if self.faults.draw(k)), None)
                after = self.faults.uniform(fault, 0.0, 0.01) if fault else 0.0
                if fault:
                    self.faults.record(fault, f"Invoke {fn.name} RequestId {request_id} after {after * 1000:.1f} ms")
                out = inst.invoke(header, payload, config["Timeout"], config["MemorySize"], fault, after)
                lines.append(out.logs)
                body, status, error_type = self._answer(out, request_id, config, lines)
                duration, peak = out.duration_ms, out.max_memory_mb
            lines.append(f"END RequestId: {request_id}\n")
            lines.append(_report(request_id, duration, config["MemorySize"], peak, init_ms, status, error_type))
        finally:
            self._release(fn, inst)
        logs = "".join(lines)
        self._write(logs)
        return body, status != "ok", logs

    def _write(self, text: str) -> None:
        with self.out_lock:
            self.output.write(text)
            self.output.flush()

    def _answer(self, out, request_id: str, config: dict, lines: list) -> tuple[bytes, str, str | None]:
        """(response body, status, error type) of a finished invocation."""
        if out.status == "ok":
            if len(out.payload) > PAYLOAD_MAX:
                doc = {"errorMessage": f"Response payload size exceeded maximum allowed payload size "
                                       f"({RESPONSE_ERROR_MAX} bytes).", "errorType": "Function.ResponseSizeTooLarge"}
                lines.append(f"{_stamp()} {request_id} {doc['errorMessage']}\n")
                return json.dumps(doc).encode(), "error", doc["errorType"]
            return out.payload, "ok", None
        if out.status == "error":
            return json.dumps(out.error).encode(), "error", None
        if out.status == "timeout":
            message = f"Task timed out after {config['Timeout']:.2f} seconds"
            lines.append(f"{_stamp()} {request_id} {message}\n")
            doc = {"errorType": "Sandbox.Timedout", "errorMessage": f"RequestId: {request_id} Error: {message}"}
            return json.dumps(doc).encode(), "timeout", None
        exit_text = "signal: killed" if out.status == "killed" else out.error.get("exit", "exit status 1")
        message = f"RequestId: {request_id} Error: Runtime exited with error: {exit_text}"
        lines.append(f"{message}\nRuntime.ExitError\n")
        doc = {"errorType": "Runtime.ExitError", "errorMessage": message}
        return json.dumps(doc).encode(), "error", "Runtime.ExitError"

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for _, inst in idle:
            inst.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _report(request_id: str, duration: float, memory: int, peak: int, init_ms, status: str,
            error_type: str | None) -> str:
    fields = [f"REPORT RequestId: {request_id}", f"Duration: {duration:.2f} ms",
              f"Billed Duration: {math.ceil(duration + (init_ms or 0))} ms", f"Memory Size: {memory} MB",
              f"Max Memory Used: {peak} MB"]
    if init_ms is not None:
        fields.append(f"Init Duration: {init_ms:.2f} ms")
    if status == "timeout" or error_type:
        fields.append(f"Status: {status}")
        if error_type:
            fields.append(f"Error Type: {error_type}")
    return "\t".join(fields) + "\t\n"
