"""SparkContext: the entry point of a program, on the driver.

It resolves the configuration, creates the backend named by the master URL
and the application's work area in the object store (stage code, shuffle,
persisted partitions, large payloads), creates source RDDs, and runs jobs
through the DAG scheduler. One context is active at a time, as in PySpark;
``stop()`` (or leaving a ``with`` block, or interpreter exit) closes the
backend and deletes the application's objects.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import secrets
import sys
import tempfile
import threading
import time

from .. import storage
from ..accumulators import AccumulatorRegistry
from ..backends import create_backend
from ..conf import SparkConf, py_files_path
from ..errors import ConfigurationError, DriverOnlyError
from ..files import AddedFiles
from ..profiler import BasicProfiler, ProfilerCollector, task_stats
from ..keys import redact
from ..rdd.checkpoint import materialize
from ..rdd.persist import cache_prefix
from ..scheduler.dag import DAGScheduler
from ..serializers import codec_id
from ..shuffle import app_prefixes
from ..storage.metered import MeteredStore
from ..taskcontext import TaskContext
from ..ui import listeners as ui_listeners
from ..ui.stage_metrics import StageMetrics
from ..wire import unb64
from ..version import __version__
from ..ui.job_status import JobStatus
from .dependencies import ship
from .job_control import JobControlMixin
from .local_properties import LocalProperties, activate
from .runtime import RuntimeMixin
from .shared import SharedMixin
from .sources import SourcesMixin

LEFTOVER_WAIT_S = 30.0   # how long stop() waits for tasks still running before the last clean-up


class SparkContext(SourcesMixin, SharedMixin, RuntimeMixin, JobControlMixin):
    """Main entry point for Spark functionality, with PySpark's constructor and API."""

    _active: "SparkContext | None" = None
    _lock = threading.RLock()

    def __init__(self, master: str | None = None, appName: str | None = None, sparkHome=None,
                 pyFiles=None, environment=None, batchSize: int = 0, serializer=None,
                 conf: SparkConf | None = None, gateway=None, jsc=None, profiler_cls=None):
        if TaskContext.get() is not None and \
                str((conf or SparkConf()).get("spark.executor.allowSparkContext", "false")).lower() != "true":
            raise DriverOnlyError()
        with SparkContext._lock:
            if SparkContext._active is not None:
                raise ValueError(
                    f"Cannot run multiple SparkContexts at once; existing SparkContext(app="
                    f"{SparkContext._active.appName}, master={SparkContext._active.master}). "
                    "Call stop() on it first, or use SparkContext.getOrCreate().")
            self.conf = conf.copy() if conf is not None else SparkConf()
            if master:
                self.conf.setMaster(master)
            if appName:
                self.conf.setAppName(appName)
            if pyFiles:
                existing = self.conf.get("spark.submit.pyFiles", "")
                self.conf.set("spark.submit.pyFiles", ",".join([p for p in [existing, *pyFiles] if p]))
            self.master = self.conf.get("spark.master") or "local[*]"
            self.appName = self.conf.get("spark.app.name") or "spark-lambda-app"
            self.startTime = int(time.time() * 1000)
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
            kind = "local" if self.master.startswith("local") else "app"
            self.app_id = f"{kind}-{stamp}-{secrets.token_hex(4)}"
            self.secret = secrets.token_bytes(32)
            self.max_failures = self.conf.typed("spark.task.maxFailures")
            self.codec = codec_id(self.conf.typed("spark.io.compression.codec"))
            self.store_options = _store_options(self.conf)
            self.work_url = _work_url(self.conf)
            self.driver_requests: dict = {}  # the driver's own store requests, by kind
            self.work_store = MeteredStore(storage.open_root(self.work_url, self.store_options),
                                           self.driver_requests)
            if storage.is_remote(self.work_url):  # a missing bucket or credentials fail here, clearly
                next(iter(self.work_store.list(self.app_id + "/")), None)
            self.executor_conf = {
                "memory": self.conf.typed("spark.python.worker.memory"),
                "codec": self.conf.typed("spark.io.compression.codec"),
                "inline_max": self.conf.typed("spark.lambda.payload.inline.max"),
                "local_dir": self.conf.typed("spark.local.dir"),
                "fetch_requests": self.conf.typed("spark.reducer.maxReqsInFlight"),
                "fetch_bytes": self.conf.typed("spark.reducer.maxSizeInFlight"),
                "read_size": self.conf.typed("spark.lambda.io.readSize"),
                "read_ahead": self.conf.typed("spark.lambda.io.readAhead"),
                "fetch_range_size": self.conf.typed("spark.shuffle.s3.fetch.rangeSize"),
                "fetch_parallelism": self.conf.typed("spark.shuffle.s3.fetch.parallelism"),
                "hedge": self.conf.typed("spark.shuffle.s3.hedge.enabled") and storage.is_remote(self.work_url),
                "hedge_multiplier": self.conf.typed("spark.shuffle.s3.hedge.multiplier"),
                "hedge_min_delay_ms": self.conf.typed("spark.shuffle.s3.hedge.minDelayMs"),
                "pause_gc": self.conf.typed("spark.lambda.task.pauseGc"),
                "cpus": self.conf.typed("spark.task.cpus"),
                "faulthandler": self.conf.typed("spark.python.worker.faulthandler.enabled"),
                "profile": self.conf.typed("spark.python.profile"),
            }
            self.profiler_collector = ProfilerCollector(
                profiler_cls or BasicProfiler, self, self.conf.typed("spark.python.profile.dump")) \
                if self.conf.typed("spark.python.profile") else None
            self._rdd_ids = iter(range(1 << 62))
            self._shuffle_ids = iter(range(1 << 62))
            self._cached: dict[int, dict] = {}   # rdd id -> {split: key of the copy that counts}
            self.stage_metrics = StageMetrics()
            self.job_status = JobStatus()              # what sc.statusTracker() reads
            self.local_properties = LocalProperties()  # each thread's, copied into its jobs
            # first: a bad setting starts nothing
            self._listeners: list = [self.stage_metrics, self.job_status, *ui_listeners(self)]
            self.accumulators = AccumulatorRegistry()
            self.files = AddedFiles(self)
            self.checkpoint_dir: str | None = None
            self._broadcast_count = 0
            self._checkpointing = False
            self._stopped = False
            self.backend = create_backend(self.master, self.conf, {"python_path": self._python_path(),
                                                                   "work_url": self.work_url})
            try:
                ship(self)
            except BaseException:
                self.backend.close()
                raise
            if getattr(self.backend, "max_failures", None):
                self.max_failures = self.backend.max_failures
            self.scheduler = DAGScheduler(self, self.backend)
            self._emit_app_start()
            SparkContext._active = self
            AddedFiles.active = self.files
            activate(self.local_properties)
            atexit.register(self.stop)

    # --- PySpark's properties ---------------------------------------------------------------
    @property
    def version(self) -> str:
        return __version__

    @property
    def applicationId(self) -> str:
        return self.app_id

    @property
    def defaultParallelism(self) -> int:
        if self.conf.contains("spark.default.parallelism"):
            return self.conf.typed("spark.default.parallelism")
        return max(self.backend.max_concurrency, 1) if not self.master.startswith("lambda") else 2

    @property
    def defaultMinPartitions(self) -> int:
        return min(self.defaultParallelism, 2)

    @classmethod
    def getOrCreate(cls, conf: SparkConf | None = None) -> "SparkContext":
        with cls._lock:
            return cls._active or cls(conf=conf)

    def setLogLevel(self, logLevel: str) -> None:
        logging.getLogger("spark_lambda").setLevel(logLevel.upper())

    def getConf(self) -> SparkConf:
        """A copy of this context's configuration (changing it changes nothing here)."""
        return self.conf.copy()

    # --- the Python profiler (profiler.py) ------------------------------------------------
    def show_profiles(self) -> None:
        """Print the profile of every RDD profiled so far (``spark.python.profile``), once each."""
        self._profiles().show_profiles()

    def dump_profiles(self, path: str) -> None:
        """Write the profiles to ``path/rdd_<id>.pstats``."""
        self._profiles().dump_profiles(path)

    def _profiles(self) -> ProfilerCollector:
        if self.profiler_collector is None:
            raise RuntimeError("`spark.python.profile` configuration must be set to `true` to enable "
                               "Python profile.")
        return self.profiler_collector

    def add_profile(self, rdd_id: int, data: str) -> None:
        """A counted task's profile (base64 marshalled cProfile statistics) for RDD ``rdd_id``."""
        if self.profiler_collector is not None:
            self.profiler_collector.add(rdd_id, task_stats(unb64(data)))

    # --- jobs ----------------------------------------------------------------------------------
    def run_job(self, rdd, func, partitions=None) -> list:
        """Run ``func(iterator)`` over the given partitions of ``rdd``; one result per partition."""
        self._check_running()
        if partitions is None:
            partitions = list(range(rdd.getNumPartitions()))
        if not partitions:
            return []
        results = self.scheduler.run_job(rdd, func, list(partitions), self.local_properties.snapshot())
        if not self._checkpointing:
            self._checkpointing = True
            try:
                materialize(self, rdd)
            finally:
                self._checkpointing = False
        return results

    def runJob(self, rdd, partitionFunc, partitions=None, allowLocal: bool = False) -> list:
        """PySpark's runJob: the elements ``partitionFunc`` yields for each partition, flattened."""
        return [x for part in rdd.run_job(lambda it: list(partitionFunc(it)), partitions)
                for x in part]

    # --- driver-side bookkeeping used by RDDs and the scheduler -------------------------------
    def new_rdd_id(self) -> int:
        return next(self._rdd_ids)

    def new_shuffle_id(self) -> int:
        return next(self._shuffle_ids)

    def cached_partitions(self, rdd_id: int) -> dict:
        """``{split: key}`` of the stored partitions of persisted RDD ``rdd_id``."""
        return self._cached.setdefault(rdd_id, {})

    def drop_cached(self, rdd_id: int) -> None:
        self._cached.pop(rdd_id, None)
        self.work_store.delete_prefix(cache_prefix(self.app_id, rdd_id))

    def apply_accumulators(self, updates: list) -> None:
        """Add one successful task's accumulator updates (called by the DAG scheduler)."""
        self.accumulators.apply(updates)

    def add_listener(self, listener) -> None:
        """``listener(event_name, fields)`` is called for every scheduler event (only for
        those it names, when it has an ``events`` set: see ``listening``)."""
        self._listeners.append(listener)

    def listening(self, event: str) -> bool:
        """Whether a listener takes ``event``: one with no ``events`` attribute takes every
        event. Events costly to describe (a SQL query's plan) are only made when one does."""
        return any(_takes(listener, event) for listener in self._listeners)

    def remove_listener(self, listener) -> None:
        """Stop calling a listener added with ``add_listener``."""
        self._listeners.remove(listener)

    def emit(self, event: str, **fields) -> None:
        """Send an event to every listener; ``time`` (epoch seconds) is added when absent."""
        fields.setdefault("time", time.time())
        for listener in self._listeners:
            if not _takes(listener, event):
                continue
            try:
                listener(event, fields)
            except Exception:  # noqa: BLE001 - a broken listener must not break the job (as in Spark)
                logging.getLogger("spark_lambda").exception("Listener %r failed on %s", listener, event)

    def _emit_app_start(self) -> None:
        self.emit("app_start", app_id=self.app_id, app_name=self.appName, master=self.master,
                  backend=getattr(self.backend, "description", ""), version=__version__,
                  time=self.startTime / 1000, max_concurrency=self.backend.max_concurrency,
                  memory_mb=self.conf.typed("spark.executor.memory") >> 20,
                  conf={k: redact(k, v) for k, v in sorted(self.conf.getAll())})

    # --- lifecycle --------------------------------------------------------------------------------
    def _python_path(self) -> list[str]:
        # py-files reach executors through the work store (context/dependencies.py); directories only here
        paths = [p for p in py_files_path(self.conf.get("spark.submit.pyFiles", "")) if os.path.isdir(p)]
        main = sys.modules.get("__main__")
        main_file = getattr(main, "__file__", None)
        if main_file:
            paths.append(os.path.dirname(os.path.abspath(main_file)))
        return paths + [os.getcwd()]

    def check_reachable(self, url: str, what: str) -> None:
        """ConfigurationError when executors elsewhere could not reach ``url`` (local disk)."""
        if not self.backend.remote:
            return
        local = [p.strip() for p in str(url).split(",") if p.strip() and not storage.is_remote(p.strip())]
        if local:
            raise ConfigurationError(
                f"The {what} {local[0]} is on this machine's disk, which Lambda executors cannot read "
                f"or write. Put the data in S3 and use an s3:// path.")

    def _check_running(self) -> None:
        if self._stopped:
            raise ConfigurationError("This SparkContext has been stopped; create a new one.")

    def stop(self) -> None:
        """Stop the executors and delete the application's objects from the store."""
        with SparkContext._lock:
            if self._stopped:
                return
            self._stopped = True
            if self.profiler_collector is not None:
                self.profiler_collector.finish()
            try:
                self.backend.close()
            finally:
                self._delete_app_objects()
                # tasks still running (an interrupted job, a losing speculative copy) may write
                # after that: wait a while for them, then delete again
                if self.scheduler.wait_leftovers(LEFTOVER_WAIT_S):
                    self._delete_app_objects()
                self.files.cleanup()
                if SparkContext._active is self:
                    SparkContext._active = None
                    AddedFiles.active = None
                    activate(None)
                atexit.unregister(self.stop)
                self.emit("app_end", app_id=self.app_id, driver_requests=dict(self.driver_requests),
                          backend_invocations=list(getattr(self.backend, "side_invocations", ())),
                          backend_scaling=self.backend.scaling_report())

    def _delete_app_objects(self) -> None:
        for prefix in app_prefixes(self.app_id):
            try:
                self.work_store.delete_prefix(prefix)
            except Exception:  # noqa: BLE001 - cleanup must not mask the real outcome
                pass

    def __enter__(self) -> "SparkContext":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __reduce__(self):
        raise RuntimeError(
            "It appears that you are attempting to reference SparkContext from a broadcast variable, "
            "action, or transformation. SparkContext can only be used on the driver, not in code "
            "that runs on executors.")

    def __repr__(self):
        return f"<SparkContext master={self.master} appName={self.appName}>"


def _store_options(conf: SparkConf) -> dict:
    """How executors and the driver reach the stores (travels in every task; keep it small)."""
    opts = {}
    endpoint = conf.get("spark.hadoop.fs.s3a.endpoint")
    if endpoint:
        opts["endpoint"] = endpoint
    for name in ("awsAccessKeyId", "awsSecretAccessKey"):  # named so that redaction matches them
        value = conf.get("spark.hadoop.fs.s3n." + name)
        if value:
            opts[name] = value
    # HTTP connections per process: a reducer's fetch window plus a multipart upload's parts
    fetches = conf.typed("spark.reducer.maxReqsInFlight")
    opts["pool"] = str(max(conf.typed("spark.lambda.concurrent.requests.max"), fetches + 4, 10))
    return opts


def _work_url(conf: SparkConf) -> str:
    if conf.typed("spark.shuffle.s3.enabled"):
        bucket = conf.get("spark.shuffle.s3.bucket") or conf.get("spark.lambda.s3.bucket")
        if not bucket:
            raise ConfigurationError(
                "spark.shuffle.s3.enabled is true but no bucket is set: set spark.shuffle.s3.bucket "
                "(or spark.lambda.s3.bucket) to s3://BUCKET.")
        return ",".join(b if "://" in b else "s3://" + b for b in storage.roots(bucket))
    local = conf.typed("spark.local.dir") or tempfile.gettempdir()
    return "file://" + os.path.join(os.path.abspath(local), "spark-lambda")


def _takes(listener, event: str) -> bool:
    """Whether ``listener`` takes ``event``: every event unless it names its ``events``."""
    events = getattr(listener, "events", None)
    return events is None or event in events
