"""The cyclic collector is paused while a task runs, and only then."""

from __future__ import annotations

import gc

from spark_lambda.gcpause import paused_gc


def _collector_state(_):
    import gc as _gc
    return _gc.isenabled()


def test_tasks_run_with_the_collector_paused_by_default(new_context):
    sc = new_context()
    assert sc.parallelize([1, 2], 2).map(_collector_state).collect() == [False, False]
    assert gc.isenabled()  # the driver's, paused only while it unpickled the results


def test_the_key_turns_the_pause_off(new_context):
    sc = new_context(spark_lambda_task_pauseGc="false")
    assert sc.parallelize([1, 2], 2).map(_collector_state).collect() == [True, True]


def test_paused_gc_restores_the_previous_state():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # was off before: stays off
    finally:
        gc.enable()
    with paused_gc(False):
        assert gc.isenabled()


def test_cycles_made_by_a_task_are_collected_after_it():
    import weakref

    class Node:
        pass

    refs = []
    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        refs.append(weakref.ref(a))
        del a, b
        assert refs[0]() is not None  # a cycle survives while paused
    gc.collect()
    assert refs[0]() is None


def test_result_rows_are_made_without_collections():
    """A result's Rows are made with the collector paused (``conversion.table_rows``): with
    a collection due every 100 allocations, making 5000 Rows runs none (at most one, set off
    by the few allocations after the collector is on again and before the threshold is
    back), and the collector is on again after."""
    import pyarrow as pa

    from spark_lambda.sql.catalyst.expressions import Attr
    from spark_lambda.sql.conversion import table_rows
    from spark_lambda.sql.types import LongType, StringType

    table = pa.table({"a": list(range(5000)), "b": [f"v{i}" for i in range(5000)]})
    attrs = [Attr("a", LongType()), Attr("b", StringType())]
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    threshold = gc.get_threshold()
    gc.callbacks.append(count)
    gc.set_threshold(100)
    try:
        rows = table_rows(table, attrs)
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(count)
    assert len(runs) <= 1, runs
    assert gc.isenabled()
    assert rows[4999] == (4999, "v4999") and rows[0].b == "v0"
