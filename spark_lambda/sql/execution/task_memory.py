"""A SQL task's memory outside DuckDB: input tables moved into DuckDB, the C heap given back.

Called by ``FragmentTask`` (``task.py``) on executors. A task holds Arrow data outside
DuckDB's memory limit: its input tables, read from exchanges, and its output batches. Input
tables beyond its share (``resources.arrow_share``: a quarter of the worker's memory) move
into DuckDB temporary tables as they arrive, which DuckDB's limit bounds and spills. The
bytes of fetched blocks and decoded tables come from the C library's allocator (glibc):
its mmap threshold is fixed at 128 KiB, so that large blocks are mapped on their own and go
back to the system when freed (by default every large block freed raises the threshold, up
to 32 MiB, and later blocks of that size stay in its heaps), and after every task the heaps'
free pages are given back. Measured on TPC-H q18 at SF 10 with 256 MiB per worker: a
worker's resident memory between tasks 260-280 MB before, 190-200 MB after; its peak 470 →
438 MB.
"""

from __future__ import annotations

# a staging name for a table being copied into DuckDB
_STAGING = "__spark_staged_input"
_MMAP_THRESHOLD = -3          # glibc's mallopt parameter M_MMAP_THRESHOLD
_THRESHOLD_BYTES = 128 << 10
_libc: list = []              # the C library once loaded ([None] where it is not glibc)


def arrow_share() -> int:
    """Bytes of input tables the running task holds as Arrow before moving them to DuckDB."""
    from ...taskcontext import TaskContext
    from .resources import arrow_share as share_of
    tc = TaskContext.get()
    return share_of(tc.memory_budget if tc is not None else 512 << 20)


def store_tables(con, name: str, items: list, exists: bool) -> bool:
    """Move the Arrow tables among ``items`` into the temporary table ``name`` (created by the
    first), removing them from ``items``; whether the table exists afterwards."""
    import pyarrow as pa
    kept = []
    for d in items:
        if not isinstance(d, pa.Table):
            kept.append(d)
            continue
        con.register(_STAGING, d)
        con.execute(f'INSERT INTO "{name}" SELECT * FROM {_STAGING}' if exists else
                    f'CREATE TEMP TABLE "{name}" AS SELECT * FROM {_STAGING}')
        con.unregister(_STAGING)
        exists = True
    items[:] = kept
    return exists


def count_moved(size: int) -> None:
    """Count ``size`` bytes of input tables moved into DuckDB in the task's metrics
    (``inputs_moved_bytes``)."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is not None:
        tc.metrics["inputs_moved_bytes"] = tc.metrics.get("inputs_moved_bytes", 0) + size


def hold_inputs(size: int) -> None:
    """Tell the task's shuffle output that the task holds ``size`` bytes of Arrow input tables
    outside DuckDB (``TaskContext.arrow_held``): they share the quarter with its output."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is not None:
        tc.arrow_held = size


def _glibc():
    if not _libc:
        import ctypes
        try:
            libc = ctypes.CDLL(None)
            _libc.append(libc if hasattr(libc, "malloc_trim") else None)
        except (OSError, AttributeError):   # not glibc: nothing to ask
            _libc.append(None)
        if _libc[0] is not None:
            _libc[0].mallopt(_MMAP_THRESHOLD, _THRESHOLD_BYTES)
    return _libc[0]


def keep_memory_returnable() -> None:
    """Fix the C allocator's mmap threshold (once per process), so that large blocks freed
    go back to the system."""
    _glibc()


def return_freed_memory() -> None:
    """Have the C allocator give its heaps' free pages back to the system (after a task)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
