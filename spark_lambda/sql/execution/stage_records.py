"""The functions a planned stage applies to its records in the tasks (``planner.py`` puts them
in the stage's RDDs): tag a fragment's input, rename columns, make a range's table. Workers
import this module ahead of their first task (``engine_bridge.TASK_MODULES``)."""

from __future__ import annotations


class Retag:
    """Renames records ``(tag, ipc)`` to ``(name, ipc)``."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, rec):
        return (self.name, rec[1] if isinstance(rec, tuple) else rec)


class Tag:
    """Tables read from an exchange of ``n`` partitions → ``(name, table)`` records; the
    task's metrics keep the largest ``n`` it read (``exchange_partitions``: ``spark-lambda
    plan`` coalesces a reduce stage at the target size from it)."""

    def __init__(self, name: str, n: int = 0):
        self.name, self.n = name, n

    def __call__(self, tables):
        from ...taskcontext import TaskContext
        tc = TaskContext.get()
        if tc is not None and tc.task is not None:
            tc.metrics["exchange_partitions"] = max(tc.metrics.get("exchange_partitions", 0), self.n)
        return ((self.name, t) for t in tables)


class Rename:
    """Names the columns of ``(tag, ipc)`` records by position (ids change on reuse)."""

    def __init__(self, names: list):
        self.names = names

    def __call__(self, rec):
        from .arrow_io import from_ipc, to_ipc
        table = from_ipc(rec[1])
        if table.column_names == self.names:
            return rec
        return (rec[0], to_ipc(table.rename_columns(self.names)))


class RangeTable:
    """``(start, end, step)`` → ``("out", ipc)`` of the ids in that range."""

    def __init__(self, attr_id: int):
        self.attr_id = attr_id

    def __call__(self, bounds):
        import pyarrow as pa
        from .arrow_io import to_ipc
        start, end, step = bounds
        return ("out", to_ipc(pa.table({f"_{self.attr_id}": pa.array(range(start, end, step),
                                                                     pa.int64())})))
