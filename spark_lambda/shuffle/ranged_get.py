"""How a shuffle reader GETs one byte range: split into parallel ranges, hedged when slow.

Called by ``reader.fetch_in_order`` for every block (or combiner span) it
fetches. Two things S3's published behaviour asks of a reader:

* A function's network fills only with several requests at once (about
  75 MiB/s sustained, more in a burst, while one GET streams at a fraction
  of that): a range larger than ``range_size``
  (``spark.shuffle.s3.fetch.rangeSize``) is fetched as parts of that size,
  ``range_parallelism`` at once (``spark.shuffle.s3.fetch.parallelism``),
  on top of the reader's window of blocks in flight.
* S3's latency has a long tail: a GET that has not answered after
  ``multiplier`` times its expected time (a median first-byte latency plus
  its bytes at a function's bandwidth), and never sooner than
  ``min_delay_s``, gets a second, identical request; whichever answers first
  is used and the other is left to finish unread (``spark.shuffle.s3.hedge.*``).
  Hedges are counted in the task's metrics (``hedged_gets``, and
  ``hedge_wins`` when the second request answered first).

Parts and hedges run in a pool of their own, never in the reader's window,
so a request never waits for a thread that waits for it.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

EXPECTED_LATENCY_S = 0.030          # a GET's median first byte on S3 (planning/aws.py has sources)
EXPECTED_BYTES_PER_S = 75 << 20     # a function's sustained network bandwidth

_pools: dict = {}
_pool_lock = threading.Lock()
_POOL_THREADS = 128


def _executor(name: str) -> ThreadPoolExecutor:
    """The pool of ``name``: "parts" (threads that wait for requests) or "requests" (threads
    that only send one: they never wait for another, so neither pool can deadlock)."""
    with _pool_lock:
        if name not in _pools:
            _pools[name] = ThreadPoolExecutor(max_workers=_POOL_THREADS, thread_name_prefix=f"shuffle-{name}")
    return _pools[name]


class RangedGetter:
    """GETs of byte ranges of one store, split and hedged per the task's settings."""

    def __init__(self, store, metrics: dict, conf: dict):
        self.store = store
        self.metrics = metrics
        self.range_size = int(conf.get("fetch_range_size", 8 << 20))
        self.parallelism = max(1, int(conf.get("fetch_parallelism", 4)))
        self.hedge = bool(conf.get("hedge", True))
        self.multiplier = float(conf.get("hedge_multiplier", 4.0))
        self.min_delay_s = float(conf.get("hedge_min_delay_ms", 200)) / 1000
        self._lock = threading.Lock()

    def _add(self, name: str) -> None:
        with self._lock:
            self.metrics[name] = self.metrics.get(name, 0) + 1

    def get(self, key: str, start: int, end: int) -> bytes:
        """Bytes ``[start, end)`` of ``key``."""
        size = end - start
        if size <= self.range_size or self.range_size <= 0:
            return self._one(key, start, end)
        cuts = list(range(start, end, self.range_size)) + [end]
        parts = list(zip(cuts, cuts[1:]))
        pool = _executor("parts")
        out, pending = [], []
        for a, b in parts:   # at most ``parallelism`` parts in flight
            pending.append(pool.submit(self._one, key, a, b))
            if len(pending) >= self.parallelism:
                out.append(pending.pop(0).result())
        out.extend(f.result() for f in pending)
        self._add("ranged_gets")
        return b"".join(out)

    def _one(self, key: str, start: int, end: int) -> bytes:
        if not self.hedge:
            return self.store.get(key, start, end)
        delay = max(self.min_delay_s,
                    self.multiplier * (EXPECTED_LATENCY_S + (end - start) / EXPECTED_BYTES_PER_S))
        pool = _executor("requests")
        first = pool.submit(self.store.get, key, start, end)
        done, _ = wait([first], timeout=delay)
        if done:
            return first.result()
        self._add("hedged_gets")
        second = pool.submit(self.store.get, key, start, end)
        done, _ = wait([first, second], return_when=FIRST_COMPLETED)
        winner = first if first in done else second
        if winner is second:
            self._add("hedge_wins")
        if winner.exception() is not None:   # one failed: the other may still answer
            other = second if winner is first else first
            return other.result()
        return winner.result()
