"""The worker process's memory as the operating system counts it.

``spark.python.worker.memory`` bounds a whole Python worker, as in PySpark,
whose spilling compares the worker's resident memory with it. Aggregations
and sorts here estimate the size of what they hold (``shuffle/spill.py``), so
``data_budget`` gives them the budget less what the process already occupies
when they start: the interpreter, imported modules, and memory earlier tasks
left in the allocator's free lists. It never drops below a quarter of the
budget, so a worker grown past its budget by earlier work still makes progress
(spilling more often) instead of spilling every few records.
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
