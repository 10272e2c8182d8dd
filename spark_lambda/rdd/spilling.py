"""What a task's aggregation or sort may hold in memory, and where it spills.

Called on executors by the pair operations, joins and sorts: the running
task's memory budget less what the worker already occupies
(``executor.memory.data_budget``), its spill directory, and the metrics its
spills are counted in. Outside a task (a driver-side merge) the budget is a
fixed 512 MiB and spills go to the system's temporary directory.
"""

from __future__ import annotations

from ..executor.memory import data_budget
from ..shuffle.external_sort import ExternalSorter
from ..taskcontext import TaskContext


def spill_args() -> tuple:
    """For an aggregation or sort in the running task: what it may hold (the task's budget
    less the worker's memory), where it spills, and the metrics it counts spills in."""
    tc = TaskContext.get()
    if tc is None:
        return data_budget(512 << 20), None, None
    return data_budget(tc.memory_budget), tc.spill_dir(), tc.metrics


def sorted_partition(it, key, ascending: bool):
    """A partition's records sorted by ``key``, spilling past the budget."""
    return ExternalSorter(*spill_args()).sorted(it, key=key, reverse=not ascending)
