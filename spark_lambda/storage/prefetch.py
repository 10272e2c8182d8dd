"""Requests issued ahead of the code that consumes their answers, answered in order.

Called on executors by the text reader (``io/text.py``: the next ranges of a split
while the current one is parsed) and by the shuffle reader (``shuffle/reader.py``:
the next blocks while the current ones are decoded and merged). On Lambda a task's
network and its CPU are separate resources: a request in flight costs no CPU, so
its wait can pass while the task's thread computes, and a task takes about its CPU
or its transfers, whichever is longer, instead of their sum.

``in_order(fetch, items, window, max_bytes, size, metrics, wait_key)`` yields ``fetch(item)``
for each item, in the items' order. A fetch starts while fewer than ``window`` are
in flight (answered but not yet consumed counts as in flight: it holds memory) and
their ``size`` totals at most ``max_bytes``; one is always allowed, however large,
so memory holds at most ``window`` answers, or one larger than ``max_bytes``. The
time the consumer spends blocked waiting for an answer is added to
``metrics[wait_key]``: the part of the transfers that did not pass behind its CPU;
and ``metrics["input_end_cpu"]`` is the process's CPU clock when the last answer
was taken (``run_task`` makes it the task's CPU after its input, which cannot pass
behind any transfer). A
fetch's exception is raised where its answer would have been yielded; answers not
yet consumed when the consumer stops early are cancelled or left to finish unread.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_POOL_THREADS = 64   # the callers' windows, not the pool, bound their requests


def pool() -> ThreadPoolExecutor:
    """The process's pool of fetching threads (a fetch never waits for another fetch)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_POOL_THREADS, thread_name_prefix="prefetch")
    return _pool


def in_order(fetch, items, window: int, max_bytes: float = float("inf"), size=None, metrics: dict | None = None,
             wait_key: str = "input_wait_ms"):
    """``fetch(item)`` of each of ``items``, in order, up to ``window`` ahead (module docstring)."""
    window = max(int(window), 1)
    executor = pool()
    pending: deque = deque()
    in_flight = 0
    it = iter(items)
    nxt = next(it, None)
    waited = 0.0
    try:
        while pending or nxt is not None:
            while nxt is not None and (not pending or (len(pending) < window and
                                                       in_flight + (size(nxt) if size else 0) <= max_bytes)):
                n = size(nxt) if size else 0
                pending.append((executor.submit(fetch, nxt), n))
                in_flight += n
                nxt = next(it, None)
            future, n = pending.popleft()
            if future.done():
                out = future.result()
            else:
                t = time.perf_counter()
                try:
                    out = future.result()
                finally:
                    waited += time.perf_counter() - t
            in_flight -= n
            yield out
    finally:
        for future, _ in pending:
            future.cancel()
        if metrics is not None:
            metrics[wait_key] = round(metrics.get(wait_key, 0.0) + waited * 1000, 3)
            metrics["input_end_cpu"] = max(metrics.get("input_end_cpu", 0.0), time.process_time())
