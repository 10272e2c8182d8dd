"""Run a Python function over each partition's Arrow table of a DataFrame (driver helper).

``map_arrow(df, fn)`` plans ``df``, maps every ``("out", ipc)`` record of its RDD through
``fn(table, partition_index)`` on the executors and wraps the result as a new DataFrame over an
``RddRelation`` with fresh column ids. Used by seeded sampling, ``randomSplit``,
``intersectAll``/``exceptAll`` (row repetition) and checkpoints.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp


class _PartitionMapper:
    """Picklable ``mapPartitionsWithIndex`` function applying ``fn`` to each Arrow table."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, index, records):
        from .execution.arrow_io import from_ipc, to_ipc
        start = getattr(self.fn, "for_partition", None)
        fn = start(index) if start else (lambda table: self.fn(table, index))
        for tag, ipc in records:
            yield tag, to_ipc(fn(from_ipc(ipc)))


def plan_rdd(df):
    """The RDD of ``("out", ipc)`` records computing ``df`` (cached plans reused)."""
    from .catalyst.optimizer import optimize
    session = df.sparkSession
    return session._planner().rdd(optimize(session._use_cache(df._plan)))


def fresh_attrs(df) -> tuple:
    """New attributes with ``df``'s names, types and nullability."""
    return tuple(ex.Attr(a.name, a.dtype, a.nullable) for a in df._plan.output)


def from_rdd(df, rdd):
    """A DataFrame over an RDD of ``("out", ipc)`` records with ``df``'s columns."""
    return type(df)(lp.RddRelation(fresh_attrs(df), lp.Opaque(rdd)), df.sparkSession)


def map_arrow(df, fn):
    """``df`` with each partition's Arrow table replaced by ``fn(table, index)`` (same columns).

    When ``fn`` has ``for_partition(index)``, that is called once per partition and the function
    it returns maps the partition's tables in order (state such as a generator carries over)."""
    return from_rdd(df, plan_rdd(df).mapPartitionsWithIndex(_PartitionMapper(fn), True))
