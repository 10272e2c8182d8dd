"""Everything the SQL layer takes from the RDD engine, in one place.

The rest of ``spark_lambda.sql`` imports engine names only from here, so a change in the
engine's layout is one edit in this module.
"""

from __future__ import annotations

from ...conf import SparkConf  # noqa: F401
from ...context import SparkContext
from ...rdd import RDD  # noqa: F401
from ...errors import InputError, JobFailedError, OutputExistsError  # noqa: F401
from ...io.output import save_files  # noqa: F401
from ...io.paths import list_files  # noqa: F401
from ...storage import resolve, split_url  # noqa: F401


def open_url(url: str, options: dict | None = None):
    """``(store, key)`` of a data URL: in a task, the task's metered store; else the
    driver's, with ``options`` or the active context's store options (its
    ``spark.hadoop.fs.s3a.*`` settings: the endpoint, credentials)."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is not None:
        return tc.open(url)
    if options is None:
        options = getattr(SparkContext._active, "store_options", None)
    return resolve(url, options)


def read_lines(url: str, start: int, end: int):
    """The lines of the byte range ``[start, end)`` of ``url`` (the engine's line rule)."""
    from ...io.text import read_lines as lines
    store, key = open_url(url)
    return lines(store, key, url, start, end)


def run_partitions(sc, rdd, in_driver: bool = False) -> list:
    """Every record of every partition of ``rdd``, in partition order (one job). With
    ``in_driver``, a job of one task and one stage is marked so that a local backend runs it
    on a thread of the driver process (``backends/driver_tasks.py``)."""
    from ...backends.driver_tasks import IN_DRIVER
    from ...scheduler.stages import shuffle_dependencies
    mark = in_driver and rdd.getNumPartitions() == 1 and \
        not shuffle_dependencies(rdd, lambda _: False)   # one stage: it reads no shuffle
    before = sc.getLocalProperty(IN_DRIVER)
    if mark:
        sc.setLocalProperty(IN_DRIVER, "true")
    try:
        return [rec for part in sc.run_job(rdd, list) for rec in part]
    finally:
        if mark:
            sc.setLocalProperty(IN_DRIVER, before)


def start_partitions(sc, rdd):
    """Start the job of ``run_partitions`` in a thread of its own (with the calling thread's
    local properties: job group, tags, SQL execution) and return at once; the returned
    ``wait()`` gives its records, or raises the job's error, in the calling thread. Jobs of
    several threads run at once in the scheduler."""
    partitions = list(range(rdd.getNumPartitions()))

    def job(props):
        parts = sc.scheduler.run_job(rdd, list, partitions, props) if partitions else []
        return [rec for part in parts for rec in part]
    return _in_thread(sc, job, f"sql-job-{rdd.id}")


def start_map_stages(sc, rdd):
    """Start computing the map outputs ``rdd`` reads (``map_statuses``' job) in a thread of
    its own; the returned ``wait()`` returns when they are done, or raises the job's error."""
    return _in_thread(sc, lambda props: sc.scheduler.run_map_stages(rdd, props),
                      f"sql-map-{rdd.id}")


def _in_thread(sc, job, name: str):
    import threading
    sc._check_running()
    from ...scheduler.job import CALL_SITE, call_site
    props = sc.local_properties.snapshot()
    props.setdefault(CALL_SITE, call_site())   # the job is named after the caller's action
    out: dict = {}

    def run():
        try:
            out["records"] = job(props)
        except BaseException as e:  # handed to the waiting thread as it is
            out["error"] = e
    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()

    def wait() -> list:
        thread.join()
        if "error" in out:
            raise out["error"]
        return out["records"]
    return wait


def remote_error(err: JobFailedError) -> Exception:
    """The SQL error a failed job carries (the type the task raised), or ``err`` itself."""
    from .. import errors as E
    cls = getattr(E, err.remote_type or "", None)
    if isinstance(cls, type) and issubclass(cls, E.PySparkException):
        message = err.remote_message
        out = cls.__new__(cls)
        Exception.__init__(out, message)
        out.message, out.errorClass, out.messageParameters = message, None, {}
        if message.startswith("[") and "]" in message:
            out.errorClass = message[1:message.index("]")]
        state = message.rpartition("SQLSTATE: ")[2]   # the state the task's error had
        if len(state) == 5 and state.isalnum():
            out.sql_state = state
        return out
    return err


def arrow_exchange(rdd, n: int):
    """The reduce side of a shuffle of ``(partition, table)`` records as Arrow blocks."""
    from ...shuffle.partitioner import HashPartitioner
    return rdd._shuffled(HashPartitioner(n), "arrow")


def shuffle_id(shuffled) -> int:
    """The id of the shuffle a reduce-side RDD reads."""
    return shuffled.dep.shuffle_id


def map_statuses(sc, rdd, shuffle_ids: list) -> dict:
    """Run the map stages ``rdd`` reads that are not yet computed; then each shuffle's map
    statuses (``{"key", "offsets", ...}``, one per map task)."""
    sc._check_running()
    sc.scheduler.run_map_stages(rdd, sc.local_properties.snapshot())
    return {s: sc.scheduler.map_statuses(s) for s in shuffle_ids}


def combine_small_blocks(sc, shuffled, statuses: list) -> bool:
    """Reroute ``shuffled`` (an exchange's reduce side whose map stage has run, ``statuses``
    its map statuses) through two-level combiners when its shuffle is on an object store,
    ``spark.shuffle.s3.kind`` is auto and its blocks are many and small
    (``shuffle.exchange.combine_small_blocks``); whether it did."""
    from ...rdd.exchange import read_through_combiners
    from ...shuffle import exchange as ex
    from ...storage import is_remote
    dep, conf = shuffled.dep, sc.conf
    reducers, least = dep.partitioner.num_partitions, conf.typed("spark.shuffle.s3.combine.smallBlocks")
    kind = conf.typed("spark.shuffle.s3.kind")
    if kind != "auto" or dep.exchange is not None or not is_remote(sc.work_url) or \
            len(statuses) * reducers < least:
        return False   # a kind asked for, already combined, on local disks, or too few blocks
    blocks = total = 0
    for status in statuses:
        if status:
            o = status["offsets"]
            blocks += sum(o[r + 1] > o[r] for r in range(reducers))
            total += o[-1] - o[0]
    if not ex.combine_small_blocks(kind, len(statuses), blocks, total, least,
                                   conf.typed("spark.shuffle.s3.combine.smallBlockBytes")):
        return False
    read_through_combiners(shuffled, ex.choose_exchange(
        "two-level", len(statuses), reducers,
        maps_per_combiner=conf.typed("spark.shuffle.s3.combine.maps"),
        reducers_per_combiner=conf.typed("spark.shuffle.s3.combine.reducers")))
    return True


def computed_statuses(sc, shuffle_id: int) -> list:
    """The map statuses of a shuffle already computed (none run)."""
    return sc.scheduler.map_statuses(shuffle_id)


def coalesced(rdd, groups: list):
    """``rdd`` with partition i made of the partitions ``groups[i]`` (no shuffle)."""
    from ...rdd.lineage import CoalescedRDD
    return CoalescedRDD(rdd, groups)


# What every SQL task imports (and, after the colon, the worker's DuckDB database it opens):
# workers of a context with a session import it ahead of the first task, while the driver
# parses and plans. Only what every task needs: a module few tasks use (``pyarrow.compute``:
# Python UDFs, sampling) would only delay the first task of a fresh process.
TASK_MODULES = ["numpy", "pyarrow", "duckdb", "duckdb.func", "spark_lambda.executor.run_task",
                "spark_lambda.sql.execution.task",
                "spark_lambda.sql.execution.function_udfs", "spark_lambda.sql.execution.sketch_udfs",
                "spark_lambda.sql.execution.new_type_udfs", "spark_lambda.sql.io.source",
                "spark_lambda.sql.execution.stage_records",
                "spark_lambda.sql.execution.connection:open_database"]


def local_slots(sc) -> int | None:
    """How many tasks ``sc``'s local workers run at once (None for remote executors)."""
    backend = getattr(sc, "backend", None)
    if backend is None or getattr(backend, "remote", False):
        return None
    return max(1, getattr(backend, "max_concurrency", 1))


def preload_sql(sc, in_driver: bool = False) -> None:
    """Have ``sc``'s executors import the SQL task modules now (where the backend can); with
    ``in_driver`` (queries of one task run in the driver), the driver imports them instead."""
    backend = getattr(sc, "backend", None)
    if backend is not None:
        backend.preload(TASK_MODULES, driver=in_driver)
