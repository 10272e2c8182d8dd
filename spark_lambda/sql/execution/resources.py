"""How much of the machine a task's DuckDB may use: threads, memory, where to spill.

Called by ``FragmentTask`` on executors when it opens its connection. In a Lambda function
(``AWS_LAMBDA_FUNCTION_MEMORY_SIZE`` is set) DuckDB gets the function's vCPUs, which Lambda
allots in proportion to memory (one per 1,769 MB, at least one), and a memory limit of half the
function's memory: the rest holds the Python process, the task's input and output tables and
the shuffle buffers. Locally each worker process runs one task at a time, so one thread (the planner gives a
stage of fewer tasks than workers the idle workers' share), and the worker's
``spark.python.worker.memory`` less an eighth for what DuckDB allocates beyond its limit
(``beyond_limit``) and less what the task's Arrow data outside DuckDB may take: a
quarter of it (``arrow_share``: a map task's output batches and buffered blocks,
``shuffle/arrow_blocks.py``, or a reduce task's input tables, which beyond it move into
DuckDB) and the broadcast tables it holds. Beyond its limit DuckDB spills to the task's local
directory (``/tmp`` on Lambda). ``spark.sql.duckdb.threads`` overrides the thread count.

Either share is less what the process already holds beyond its baseline when the task starts
(``executor.memory.held_since_baseline``: its resident memory with the SQL stack loaded).
DuckDB's limit bounds only what its buffer manager allocates, and the allocators keep freed
memory of earlier tasks (glibc's heaps, DuckDB's jemalloc: 70-175 MB at SF 10) that no limit
sees; counting it keeps a worker's data, not its libraries, within ``spark.python.worker.memory``
(its libraries, about 104 MB, are not data, as in Spark), at the cost of spilling sooner. The
limit never drops below 64 MiB: a worker grown past its budget still runs its queries.
"""

from __future__ import annotations

import os

MB_PER_VCPU = 1769
# DuckDB's allocator (jemalloc) gives freed memory back after a query that used more than
# this (its default, 128 MiB, would keep up to that much of a worker's memory between tasks),
# and, with its background threads, purges the pages it keeps within seconds, not only when
# it allocates again (measured: a 192 MiB query left 254 MB resident without, 108 with)
ALLOCATOR = {"allocator_flush_threshold": "16MiB", "allocator_background_threads": True}
_MIN_LIMIT = 64 << 20


def lambda_vcpus(memory_mb: int) -> int:
    """The vCPUs of a Lambda function of ``memory_mb`` MB."""
    return max(1, memory_mb // MB_PER_VCPU)


def arrow_share(worker_memory: int) -> int:
    """Bytes of Arrow data a local task holds outside DuckDB before it spills or moves it."""
    return worker_memory // 4


def beyond_limit(worker_memory: int) -> int:
    """Bytes a local task's DuckDB allocates beyond its memory limit, kept out of the limit:
    the limit bounds its buffer manager, not its whole footprint (measured at SF 10: a query
    sorting 3.7 M rows and streaming them out as Arrow peaked 32-39 MB above a 100-192 MiB
    limit). An eighth of the worker's memory."""
    return worker_memory // 8


def duckdb_config(threads: int | None, worker_memory: int, spill_dir: str | None,
                  env=os.environ, held: int = 0, resident: int = 0) -> dict:
    """The DuckDB connection settings of one task holding ``held`` bytes of Arrow tables
    besides its ``arrow_share`` (broadcasts), in a process holding ``resident`` bytes beyond
    its baseline when the task starts."""
    function_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    if function_mb and function_mb.isdigit():
        mb = int(function_mb)
        auto_threads, limit = lambda_vcpus(mb), (mb << 20) // 2
    else:
        auto_threads = 1
        limit = worker_memory - arrow_share(worker_memory) - beyond_limit(worker_memory) - held
    config = {"threads": threads or auto_threads,
              "memory_limit": f"{max(_MIN_LIMIT, limit - resident) >> 20}MiB", **ALLOCATOR}
    if spill_dir:
        config["temp_directory"] = spill_dir
    return config


def limit_bytes(config: dict) -> int:
    """The memory limit of ``config`` (``duckdb_config``'s) in bytes."""
    return int(config["memory_limit"][:-len("MiB")]) << 20
