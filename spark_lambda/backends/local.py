"""The local backend: N long-lived worker processes on this machine.

``local``, ``local[N]`` and ``local[*]`` masters. Each worker is a separate
Python process (``local_worker.py``) that runs ``executor.run_task`` on the
task dicts it is sent over a pipe, exactly as the Lambda handler does. A
driver-side thread per worker takes tasks from one shared queue, so at most
N tasks run at once. A worker that dies mid-task is reported as a failed
result (``executor_lost``) that names the signal that killed it ("Segmentation
fault"), with the Python traceback ``faulthandler`` dumped when
``spark.python.worker.faulthandler.enabled`` is true; the worker is replaced.
``spark.executor.pyspark.memory`` limits each worker's address space. ``interrupt``
kills the workers running a cancelled job's tasks (each is replaced before its next
task), and closing kills the workers still running a task (an interrupted job's, or a
losing speculative copy's).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future

from .base import Backend, lost_result
from .local_worker import read_message, write_message

_STOP = object()


class _Worker:
    def __init__(self, env: dict, faulthandler: bool = False):
        self.fault_log = None
        if faulthandler:  # the worker's faulthandler writes here; read when it crashes
            fd, self.fault_log = tempfile.mkstemp(prefix="spark-lambda-faulthandler-", suffix=".log")
            os.close(fd)
            env = dict(env, SPARK_LAMBDA_FAULTHANDLER_LOG=self.fault_log)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spark_lambda.backends.local_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.ready = False
        self.killed = False
        self.lock = threading.Lock()   # one message at a time on its stdin

    def preload(self, modules: list) -> None:
        """Ask the process to import ``modules`` before its next task (no answer comes)."""
        with self.lock:
            try:
                write_message(self.proc.stdin, {"preload": list(modules)})
            except (BrokenPipeError, OSError, ValueError):
                pass   # a dead worker is replaced (and preloads from its environment)

    def kill(self) -> None:
        self.killed = True
        try:
            self.proc.kill()
        except OSError:
            pass

    def crash_report(self) -> str:
        """What the worker's faulthandler dumped (empty without one), and forget the file."""
        if self.fault_log is None:
            return ""
        try:
            with open(self.fault_log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""
        finally:
            try:
                os.remove(self.fault_log)
            except OSError:
                pass
            self.fault_log = None


    def call(self, task: dict) -> dict | None:
        if not self.ready:
            if read_message(self.proc.stdout) is None:
                return None
            self.ready = True
        try:
            with self.lock:
                write_message(self.proc.stdin, task)
        except (BrokenPipeError, OSError):
            return None
        return read_message(self.proc.stdout)

    def stop(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class LocalBackend(Backend):
    def __init__(self, conf, env: dict, workers: int = 1, max_failures: int | None = None):
        self.max_concurrency = workers
        self.max_failures = max_failures
        self.description = f"local[{workers}]"
        self._env = dict(os.environ)
        paths = [p for p in env.get("python_path", []) if p]
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self._env["SPARK_LAMBDA_PYTHONPATH"] = os.pathsep.join(paths)
        self._env["PYTHONPATH"] = os.pathsep.join(
            [package_root] + [p for p in self._env.get("PYTHONPATH", "").split(os.pathsep) if p])
        self._faulthandler = bool(conf.typed("spark.python.worker.faulthandler.enabled"))
        limit = conf.typed("spark.executor.pyspark.memory")
        if limit:  # each worker limits its own address space (local_worker.py)
            self._env["SPARK_LAMBDA_WORKER_MEMORY_LIMIT"] = str(limit)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._busy: dict = {}   # thread id -> (worker, future) of the task it runs
        self._busy_lock = threading.Lock()
        self._workers: list = []   # the live worker processes
        self._workers_lock = threading.Lock()
        self._threads = [threading.Thread(target=self._serve, name=f"local-worker-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    def preload(self, modules: list) -> None:
        """Every worker imports ``modules`` now, while it waits for tasks; workers started
        later import them at start (``SPARK_LAMBDA_WORKER_PRELOAD``)."""
        with self._workers_lock:   # no worker starts between the two: each gets one
            self._env["SPARK_LAMBDA_WORKER_PRELOAD"] = ",".join(modules)
            workers = list(self._workers)
        for worker in workers:
            worker.preload(modules)

    def _serve(self) -> None:
        worker = self._start_worker()
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                task, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                with self._busy_lock:
                    self._busy[threading.get_ident()] = (worker, future)
                try:
                    result = worker.call(task)
                finally:
                    with self._busy_lock:
                        self._busy.pop(threading.get_ident(), None)
                if result is None or worker.killed:
                    worker.stop()
                    code = worker.proc.returncode
                    report = worker.crash_report()
                    self._forget(worker)
                    worker = self._start_worker()
                    if result is None:
                        result = _lost(task, code, report, self._faulthandler)
                future.set_result(result)
        finally:
            self._forget(worker)
            worker.stop()
            worker.crash_report()  # removes its log

    def _start_worker(self) -> _Worker:
        with self._workers_lock:
            worker = _Worker(self._env, self._faulthandler)
            self._workers.append(worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        with self._workers_lock:
            if worker in self._workers:
                self._workers.remove(worker)

    def submit(self, task: dict) -> Future:
        future: Future = Future()
        if self._closed:
            future.set_result(_lost(task, None))
            return future
        self._queue.put((task, future))
        return future

    def interrupt(self, futures) -> None:
        """Kill the workers running these futures' tasks; each is replaced by a new one."""
        wanted = set(futures)
        with self._busy_lock:
            for worker, future in self._busy.values():
                if future in wanted:
                    worker.kill()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._queue.put(_STOP)
        with self._busy_lock:
            busy = list(self._busy.values())
        for worker, _future in busy:   # tasks still running belong to no job now
            worker.kill()
        for t in self._threads:
            t.join(timeout=10)


def _lost(task: dict, code, report: str = "", faulthandler: bool = False) -> dict:
    if code is None:
        return lost_result(task, "the worker process running this task was lost")
    if code >= 0:
        return lost_result(task, f"the worker process running this task exited with code {code}")
    message = (f"Python worker exited unexpectedly (crashed): the worker process running this task "
               f"was killed by signal {-code} ({crash_signal_name(-code)})")
    if not faulthandler:
        message += ("; set spark.python.worker.faulthandler.enabled to true for the Python traceback "
                    "of the crash")
    result = lost_result(task, message)
    result["error"]["traceback"] = report
    return result


def crash_signal_name(number: int) -> str:
    """The description of a signal as the system gives it ("Segmentation fault")."""
    try:
        return signal.strsignal(number) or f"signal {number}"
    except ValueError:
        return f"signal {number}"
