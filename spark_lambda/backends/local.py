"""The local backend: N long-lived worker processes on this machine.

``local``, ``local[N]`` and ``local[*]`` masters. Each worker is a separate
Python process (``local_worker.py``) that runs ``executor.run_task`` on the
task dicts it is sent over a pipe, exactly as the Lambda handler does. N
driver-side threads take tasks from one shared queue, so at most N tasks run
at once; each gives its task to an idle worker. A session's SQL modules
(``preload``) are imported ahead of tasks by one worker at a time while no
task runs, and a task goes to a worker that has them before one still
importing, and to that before one not yet asked: on a machine of few cores the
first task of a fresh process then waits for one worker's imports, not for all
of them sharing the cores with the driver, and runs without another worker
importing beside it. A reader thread per worker takes its answers. A worker that
dies mid-task is reported as a failed result (``executor_lost``) that names the
signal that killed it ("Segmentation fault"), with the Python traceback
``faulthandler`` dumped when ``spark.python.worker.faulthandler.enabled`` is
true; the worker is replaced.
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
from .driver_tasks import DriverTasks, wants_driver
from .local_worker import read_message, write_message

_STOP = object()


class _Worker:
    """One worker process, the thread reading its messages, and where it stands: ``busy``
    with a task, ``asked`` to preload the session's modules, ``importing`` them now."""

    def __init__(self, env: dict, faulthandler: bool, on_preloaded):
        self.fault_log = None
        if faulthandler:  # the worker's faulthandler writes here; read when it crashes
            fd, self.fault_log = tempfile.mkstemp(prefix="spark-lambda-faulthandler-", suffix=".log")
            os.close(fd)
            env = dict(env, SPARK_LAMBDA_FAULTHANDLER_LOG=self.fault_log)
        self.proc = subprocess.Popen(
            # -P: the working directory is not put first on the worker's path (it is last,
            # in PYTHONPATH), so a ``spark_lambda`` there cannot shadow the driver's
            [sys.executable, "-P", "-m", "spark_lambda.backends.local_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.busy = False
        self.asked = False        # sent the modules of the backend's last ``preload``
        self.importing = False    # and has not answered yet
        self.killed = False
        self.lock = threading.Lock()   # one message at a time on its stdin
        self._results: queue.SimpleQueue = queue.SimpleQueue()   # None: the process ended
        threading.Thread(target=self._read, args=(on_preloaded,), daemon=True,
                         name=f"local-worker-reader-{self.proc.pid}").start()

    def _read(self, on_preloaded) -> None:
        while True:
            try:
                message = read_message(self.proc.stdout)
            except (OSError, ValueError):
                message = None
            if message is not None and "preloaded" in message:
                on_preloaded(self)
                continue
            self._results.put(message)
            if message is None:
                on_preloaded(self)   # a dead worker imports nothing more
                return

    def send(self, message: dict) -> bool:
        """Write ``message`` to the process; False when it is gone."""
        with self.lock:
            try:
                write_message(self.proc.stdin, message)
                return True
            except (BrokenPipeError, OSError, ValueError):
                return False

    def call(self, task: dict) -> dict | None:
        """The result of ``task`` (after any preload before it); None when the process died."""
        if not self.send(task):
            return None
        return self._results.get()

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

    def close_input(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def stop(self) -> None:
        self.close_input()
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
            [package_root] + [p for p in self._env.get("PYTHONPATH", "").split(os.pathsep) if p]
            + [os.getcwd()])
        self._faulthandler = bool(conf.typed("spark.python.worker.faulthandler.enabled"))
        limit = conf.typed("spark.executor.pyspark.memory")
        if limit:  # each worker limits its own address space (local_worker.py)
            self._env["SPARK_LAMBDA_WORKER_MEMORY_LIMIT"] = str(limit)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._busy: dict = {}   # thread id -> (worker, future) of the task it runs
        self._busy_lock = threading.Lock()
        self._cond = threading.Condition()   # guards the workers' places and states
        self._preload: list | None = None    # modules every worker imports ahead of tasks
        self._driver = DriverTasks(workers)   # jobs marked to run in the driver (driver_tasks.py)
        self._driver_running = 0
        self._workers = [self._new_worker() for _ in range(workers)]
        self._threads = [threading.Thread(target=self._serve, name=f"local-worker-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    def _new_worker(self) -> _Worker:
        return _Worker(self._env, self._faulthandler, self._preloaded)

    # --- preloading: one worker at a time --------------------------------------------------
    def preload(self, modules: list, driver: bool = False) -> None:
        """The workers import ``modules`` ahead of their tasks, one worker at a time and while
        no task runs (``_warm_next``); tasks go to the workers that have them first. With
        ``driver``, the driver imports them instead (its tasks need them: ``driver_tasks.py``)
        and the workers import on their first task."""
        if driver:
            self._driver.preload(modules)
            return
        with self._cond:
            self._preload = list(modules)
            for w in self._workers:
                w.asked = False
            ask = self._warm_next()
        self._ask(ask)

    def _warm_next(self):
        """The next worker to ask for the preload (called holding ``_cond``), or None: an idle
        one, when no other is importing and no task is running. On a machine of few cores a
        second worker importing beside the first (and beside the driver, which plans
        meanwhile) only delays the first, which runs the first task, and importing beside a
        task delays the task; a worker that gets a task before its turn imports what the task
        needs itself."""
        if self._preload is None or self._driver_running or \
                any(w.importing or w.busy for w in self._workers):
            return None
        for w in self._workers:
            if not w.asked:
                w.asked = w.importing = True
                return w
        return None

    def _ask(self, worker) -> None:
        if worker is not None and not worker.send({"preload": self._preload}):
            self._preloaded(worker)

    def _preloaded(self, worker: _Worker) -> None:
        """``worker`` answered its preload (or died): the next worker's turn."""
        with self._cond:
            worker.importing = False
            ask = self._warm_next()
            self._cond.notify_all()
        self._ask(ask)

    # --- tasks -----------------------------------------------------------------------------
    def _acquire(self) -> _Worker:
        """The idle worker a task goes to: one that has imported the preload, else the one
        importing it now (the task runs right after), else the first in order."""
        def rank(w):
            warm = self._preload is None or (w.asked and not w.importing)
            return 0 if warm else 1 if w.importing else 2
        with self._cond:
            while True:
                idle = [w for w in self._workers if not w.busy]
                if idle:
                    break
                self._cond.wait()
            worker = min(idle, key=lambda w: (rank(w), self._workers.index(w)))
            worker.busy = True
            return worker

    def _release(self, worker: _Worker, dead: bool) -> None:
        """``worker`` is done with its task; a dead (or killed) one is replaced by a new one."""
        with self._cond:
            if dead:
                i = self._workers.index(worker)
                self._workers[i] = worker if self._closed else self._new_worker()
            else:
                worker.busy = False
            ask = self._warm_next()
            self._cond.notify_all()
        self._ask(ask)

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            task, future = item
            if not future.set_running_or_notify_cancel():
                continue
            worker = self._acquire()
            with self._busy_lock:
                self._busy[threading.get_ident()] = (worker, future)
            try:
                result = worker.call(task)
            finally:
                with self._busy_lock:
                    self._busy.pop(threading.get_ident(), None)
            dead = result is None or worker.killed
            if dead:
                worker.stop()
                code = worker.proc.returncode
                report = worker.crash_report()
                if result is None:
                    result = _lost(task, code, report, self._faulthandler)
            self._release(worker, dead)
            future.set_result(result)

    def submit(self, task: dict) -> Future:
        future: Future = Future()
        if self._closed:
            future.set_result(_lost(task, None))
            return future
        if wants_driver(task):
            return self._in_driver(task)
        self._queue.put((task, future))
        return future

    def _in_driver(self, task: dict) -> Future:
        """Run ``task`` on a driver thread; no worker starts importing while it runs."""
        with self._cond:
            self._driver_running += 1
        future = self._driver.submit(task)
        future.add_done_callback(self._driver_done)
        return future

    def _driver_done(self, _future) -> None:
        with self._cond:
            self._driver_running -= 1
            ask = self._warm_next()
            self._cond.notify_all()
        self._ask(ask)

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
        self._driver.close()
        for _ in self._threads:
            self._queue.put(_STOP)
        with self._busy_lock:
            busy = list(self._busy.values())
        for worker, _future in busy:   # tasks still running belong to no job now
            worker.kill()
        for t in self._threads:
            t.join(timeout=10)
        with self._cond:
            workers = list(self._workers)
        for worker in workers:   # all told first, so that they end together
            if worker.importing:   # an idle worker's imports are of no use now
                worker.kill()
            worker.close_input()
        for worker in workers:
            worker.stop()
            worker.crash_report()  # removes its log


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
