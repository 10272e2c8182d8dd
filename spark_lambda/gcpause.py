"""Pausing Python's cyclic garbage collector around allocation-heavy work.

A task builds millions of small objects (record tuples, combiner lists, dict
entries) that live until the task ends. Every 700 net allocations the cyclic
collector scans the young objects, and every so often all of them; with
millions alive that scanning costs more than the work itself (a profile of a
join's reduce task spent most of its time in collections that found nothing:
records hold no reference cycles, and reference counting frees them).

``paused_gc()`` turns the collector off for a block and back on afterwards
(only if it was on), so the cycles a block may create are collected by the
next ordinary collection. Used by ``executor.run_task`` around each task
(``spark.lambda.task.pauseGc``) and by the driver while it unpickles results.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_gc(pause: bool = True):
    """Run the block with the cyclic collector off (when ``pause``)."""
    was_enabled = gc.isenabled()
    if pause and was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if pause and was_enabled:
            gc.enable()
