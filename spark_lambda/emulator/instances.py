"""Instance processes: one emulated Lambda execution environment each.

Called by ``service.Service`` for every invocation. An ``Instance`` is a
``python -I -S runtime.py`` process whose ``sys.path`` holds only the
function's unzipped package and the runtime directory (boto3 and its
dependencies, as a Lambda Python runtime provides them). It sees Lambda's
environment variables, its own temporary directory as ``/tmp``, and the
emulator's AWS credentials and endpoints (standing in for the execution role).

While an invocation runs, ``invoke`` polls the process: past the deadline it
kills it (a timeout), above the memory size (resident set) it kills it (out
of memory, reported as Lambda reports a killed runtime), and if it exits by
itself that is a runtime exit error. A killed or exited instance is never
reused. Injected faults (``faults.py``) strike here: a crash ends the
process mid-invocation, a hang freezes it past the deadline. The function's output goes to a log file; each invocation's share is
the bytes written during it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from .runtime import read_frame, write_frame

RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
INIT_TIMEOUT_S = 10.0
_POLL_S = 0.02
# how Lambda (a Go process) names the signal that ended a runtime
_SIGNALS = {signal.SIGKILL: "killed", signal.SIGSEGV: "segmentation fault", signal.SIGABRT: "aborted",
            signal.SIGTERM: "terminated", signal.SIGBUS: "bus error"}


def make_runtime_dir(path: str) -> str:
    """Fill ``path`` with links to exactly what Lambda's Python runtime provides."""
    os.makedirs(path, exist_ok=True)
    for name in RUNTIME_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            continue
        src = os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin
        os.symlink(src, os.path.join(path, os.path.basename(src)))
    return path


@dataclass
class Outcome:
    """What one invocation of an instance produced."""
    status: str                 # "ok" | "error" (handler raised) | "timeout" | "killed" | "exited"
    payload: bytes = b""
    error: dict = field(default_factory=dict)
    logs: str = ""
    duration_ms: float = 0.0
    max_memory_mb: int = 0


def _status_kb(pid: int, field_name: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Instance:
    """One warm-able execution environment of one function revision."""

    def __init__(self, function: dict, code_dir: str, revision: str, env: dict, runtime_dir: str):
        self.revision = revision
        self.function = function
        self.tmp = tempfile.mkdtemp(prefix="spark-lambda-instance-")
        self.log_path = os.path.join(self.tmp, "output.log")
        self._log = open(self.log_path, "ab")
        self._log_pos = 0
        env = dict(env, TMPDIR=self.tmp, LAMBDA_TASK_ROOT=code_dir, LAMBDA_RUNTIME_DIR=runtime_dir)
        started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", os.path.join(os.path.dirname(__file__), "runtime.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, cwd=code_dir, env=env)
        self.pid = self.proc.pid
        self.init_error: dict | None = None
        header = self._read(time.monotonic() + INIT_TIMEOUT_S)
        self.init_ms = (time.monotonic() - started) * 1000
        if header is None:
            self.init_error = {"errorType": "Runtime.ExitError",
                               "errorMessage": "Runtime exited during initialisation"}
        elif header.get("init") != "ok":
            self.init_error = {"errorType": header["errorType"], "errorMessage": header["errorMessage"]}
        if self.init_error:
            self.kill()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def _wait_readable(self, deadline: float, memory_mb: int | None = None) -> str:
        fd = self.proc.stdout.fileno()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout"
            ready, _, _ = select.select([fd], [], [], min(_POLL_S, left))
            if ready:
                return "ready"
            if memory_mb and _status_kb(self.pid, "VmRSS") > memory_mb * 1024:
                return "killed"
            if self.proc.poll() is not None:
                return "exited"

    def _read(self, deadline: float) -> dict | None:
        if self._wait_readable(deadline) != "ready":
            return None
        data = read_frame(self.proc.stdout)
        return json.loads(data) if data is not None else None

    def take_logs(self) -> str:
        self._log.flush()
        with open(self.log_path, "rb") as f:
            f.seek(self._log_pos)
            data = f.read()
        self._log_pos += len(data)
        return data.decode("utf-8", "replace")

    def invoke(self, header: dict, payload: bytes, timeout_s: float, memory_mb: int,
               fault: str | None = None, fault_after_s: float = 0.0) -> Outcome:
        """Run one invocation. An injected ``fault`` strikes ``fault_after_s`` into it:
        ``"crash"`` ends the process (SIGTERM), ``"timeout"`` freezes it (SIGSTOP)
        until the deadline, when it is killed as a timed-out instance is."""
        started = time.monotonic()
        try:
            write_frame(self.proc.stdin, json.dumps(header).encode())
            write_frame(self.proc.stdin, payload)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass
        if fault in ("crash", "timeout"):
            time.sleep(fault_after_s)
            try:
                os.kill(self.pid, signal.SIGTERM if fault == "crash" else signal.SIGSTOP)
            except ProcessLookupError:
                pass
        if fault == "timeout":
            time.sleep(max(started + timeout_s - time.monotonic(), 0))
            state = "timeout"
        else:
            state = self._wait_readable(started + timeout_s, memory_mb)
        reply = body = None
        if state == "ready":
            head = read_frame(self.proc.stdout)
            body = read_frame(self.proc.stdout) if head is not None else None
            reply = json.loads(head) if body is not None else None
            if reply is None:
                state = "exited"
        duration = (time.monotonic() - started) * 1000
        peak = _status_kb(self.pid, "VmHWM") // 1024
        if state in ("timeout", "killed"):
            self.kill()
        if state == "exited":
            self.proc.wait()
        out = Outcome(status=state, duration_ms=duration, max_memory_mb=peak)
        if reply is not None:
            out.status = "ok" if reply.pop("ok") else "error"
            out.payload, out.error = body, reply
        elif state == "exited":
            code = self.proc.returncode
            out.error = {"exit": f"signal: {_SIGNALS.get(-code, str(-code))}" if code < 0
                         else f"exit status {code}"}
        out.logs = self.take_logs()
        return out

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        """Stop the process and remove its temporary directory."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc.stdout.close()
        self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
