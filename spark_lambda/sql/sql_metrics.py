"""What a query's physical operators did, measured where the engine knows it exactly.

``declare(root)`` gives the operators that can be measured Spark's metrics (an accumulator id,
a type, no value yet), before the query runs: an ``Exchange`` or a ``TakeOrderedAndProject``
(a shuffle) its ``shuffle records written`` and ``shuffle bytes written`` (the rows and Arrow
bytes every map task wrote, summed from the shuffle's map statuses), a ``BroadcastExchange``
its ``number of output rows`` and ``data size`` (the table collected and broadcast), a
``FileScan`` its ``number of output rows`` and ``data size`` (the rows and Arrow bytes its
splits produced, counted by accumulators as the tasks read them: ``ScanCounter``), the root
its ``number of output rows`` (returned to the driver). ``measure(...)`` fills the values in
after the query ran, pairing the planner's record of what it made (``Planner.made``, by
logical plan) with the printed nodes standing for it (``SparkPlanBuilder.made``). Operators
whose work the engine does not count separately (a Filter inside a stage's DuckDB query) have
no metrics rather than guessed ones.
"""

from __future__ import annotations

import itertools
import threading

_ids = itertools.count(1_000_000)   # apart from any id a Spark log of the same app may use
_lock = threading.Lock()

SHUFFLE = (("shuffle records written", "sum"), ("shuffle bytes written", "size"))
BROADCAST = (("number of output rows", "sum"), ("data size", "size"))
OUTPUT = (("number of output rows", "sum"),)


def every_node(root):
    """Every node, subqueries included."""
    yield root
    for c in root.inner + root.children:
        yield from every_node(c)


def _declare(node, kinds) -> None:
    with _lock:
        for name, kind in kinds:
            node.metrics.setdefault(name, [next(_ids), kind, None])


def declare(root) -> None:
    """Give the measurable operators of ``root`` their metrics (values unset)."""
    for node in every_node(root):
        if node.name in ("Exchange", "TakeOrderedAndProject"):
            _declare(node, SHUFFLE)
        elif node.name == "BroadcastExchange" or node.name.startswith("FileScan"):
            _declare(node, BROADCAST)
    top = root.children[0] if root.name == "AdaptiveSparkPlan" else root
    _declare(top, OUTPUT)


def measure(sc, planner, made: dict, root, rows: int) -> dict:
    """Set the values the run measured; ``{accumulator id: value}``."""
    from .execution.engine_bridge import computed_statuses
    pending = {k: list(v) for k, v in made.items()}
    for plan_id, rows_read, bytes_read in getattr(planner.count_scan, "counted", []):
        for node in pending.get(("scan", plan_id)) or []:
            _set(node, BROADCAST, (rows_read.value, bytes_read.value))
    for record in planner.made:
        if record[0] == "exchange":
            _, plan_id, shuffle = record
            nodes = pending.get(plan_id) or []
            if not nodes:
                continue
            statuses = [s for s in computed_statuses(sc, shuffle) if s]
            _set(nodes.pop(0), SHUFFLE, (sum(s.get("rows", 0) for s in statuses),
                                         sum(s["offsets"][-1] for s in statuses)))
        else:
            _, plan_id, n, size = record
            nodes = pending.get(("broadcast", plan_id)) or []
            if nodes:
                _set(nodes.pop(0), BROADCAST, (n, size))
    top = root.children[0] if root.name == "AdaptiveSparkPlan" else root
    _set(top, OUTPUT, (rows,))
    return {m[0]: m[2] for node in every_node(root) for m in node.metrics.values()
            if m[2] is not None}


def _set(node, kinds, values: tuple) -> None:
    for (name, _), value in zip(kinds, values):
        node.metrics[name][2] = int(value)


class ScanCounter:
    """``planner.count_scan``: wraps each file scan's RDD so that its tasks add the rows and
    Arrow bytes they produce to two accumulators (``counted``: (id(plan), rows, bytes))."""

    def __init__(self, sc):
        self.sc = sc
        self.counted: list = []

    def __call__(self, plan_id: int, rdd):
        rows, size = self.sc.accumulator(0), self.sc.accumulator(0)
        self.counted.append((plan_id, rows, size))
        return rdd.map(_Count(rows, size))


class _Count:
    """Adds a file scan's record to the accumulators and passes it on: an Arrow table (its rows
    and buffer bytes) or a ``ParquetSplit`` that the task's DuckDB reads in place (the rows of
    its row groups and their compressed bytes in the file: what it was given to read)."""

    def __init__(self, rows, size):
        self.rows, self.size = rows, size

    def __call__(self, rec):
        item = rec[1]
        rows, size = item.read_extent() if hasattr(item, "read_extent") else \
            (item.num_rows, item.nbytes)
        self.rows.add(rows)
        self.size.add(size)
        return rec
