"""The worker process's memory as the operating system counts it.

``spark.python.worker.memory`` bounds a whole Python worker, as in PySpark,
whose spilling compares the worker's resident memory with it. Aggregations
and sorts here estimate the size of what they hold (``shuffle/spill.py``), so
``data_budget`` gives them the budget less what the process already occupies
when they start: the interpreter, imported modules, and memory earlier tasks
left in the allocator's free lists. It never drops below a quarter of the
budget, so a worker grown past its budget by earlier work still makes progress
(spilling more often) instead of spilling every few records.

A SQL task counts less: its DuckDB has a share of the budget for data, and the
process's own libraries (the interpreter, numpy, pyarrow, DuckDB with its
database open: about 104 MB) are not data. So the process records its resident
memory once, when it has the SQL stack loaded (``record_baseline``, called as
its DuckDB database first opens), and a task counts what the process holds
beyond that (``held_since_baseline``): what earlier tasks left in the
allocators, which DuckDB's own limit does not see. The driver, whose threads
run one-task queries beside the program's own work, is no such process
(``share_process``): nothing is counted there.
"""

from __future__ import annotations

import os
import resource

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def current_rss() -> int:
    """Resident bytes of this process now; 0 where the system does not say
    (``/proc`` is Linux's, which is what Lambda runs)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def peak_rss_kb() -> int:
    """The process's peak resident memory so far, in KiB (Linux's ``ru_maxrss`` unit)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def data_budget(budget: int) -> int:
    """Bytes an aggregation or sort starting now may hold before it spills."""
    return max(budget - current_rss(), budget // 4)


# [bytes] once recorded; [None] in a process whose tasks share it with other work
_baseline: list = []


def record_baseline() -> None:
    """Record this process's resident memory now as its baseline, unless recorded before:
    what it holds with its libraries loaded and no task's data."""
    if not _baseline:
        _baseline.append(current_rss())


def share_process() -> None:
    """Mark this process as running tasks beside other work (the driver's threads): its
    growth is not one task's, so ``held_since_baseline`` counts nothing here."""
    _baseline[:] = [None]


def baseline() -> int:
    """The process's recorded baseline in bytes; 0 before it is recorded, in a shared process,
    or where the system does not report resident memory."""
    return (_baseline[0] or 0) if _baseline else 0


def held_since_baseline() -> int:
    """Bytes this process holds now beyond its baseline (recording it now if not before); 0
    in a shared process and where the system does not report resident memory."""
    record_baseline()
    base = baseline()
    return max(0, current_rss() - base) if base else 0
